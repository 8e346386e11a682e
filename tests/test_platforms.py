"""The hub builds alike wherever MkDocs sites build: with `mkdocs` and with `properdocs` (ProperDocs 1.6, the
maintained fork of MkDocs 1.6), and with the Material theme or its MaterialX fork."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import yaml

from test_roundups import make_hub

from conftest import MATERIALX, Site, base_config, copy_sample_hub

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
"""The one line where the two builds may differ: each names the program that made the page."""


def built_files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, as the reader gets it: gzip unpacked (its header holds a time), the
    generator's name left out."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            found[path.relative_to(folder).as_posix()] = GENERATOR.sub(b"", data)
    return found


def assert_same_site(one: Path, other: Path) -> None:
    mine, theirs = built_files(one), built_files(other)
    assert sorted(mine) == sorted(theirs)
    differing = [name for name in mine if mine[name] != theirs[name]]
    assert differing == [], f"{len(differing)} files differ, such as {differing[:5]}"


def hub_lines(log: str) -> list[str]:
    """What the plugins said about the site: the contenthub lines of a build's log."""
    return [line.split("-", 1)[1].strip() for line in log.splitlines() if "contenthub:" in line]


def build_with_both(site: Site, *args: str) -> tuple[str, str]:
    """Build the site with `mkdocs` into site/ and with `properdocs` into site-properdocs/; their logs."""
    made = site.build(*args)
    again = site.build(*args, "--site-dir", "site-properdocs", engine="properdocs")
    assert_same_site(site.out, site.root / "site-properdocs")
    return made.stderr, again.stderr


def test_the_sample_hub_builds_the_same_with_mkdocs_and_properdocs(tmp_path: Path):
    site = copy_sample_hub(tmp_path)
    mkdocs_log, properdocs_log = build_with_both(site, "--strict")
    assert "WARNING" not in mkdocs_log and "WARNING" not in properdocs_log
    assert (site.root / "site-properdocs/knowledge-base/posts.json").is_file()


def test_a_hub_with_roundups_and_problems_builds_and_reports_the_same(tmp_path: Path):
    site = make_hub(tmp_path)
    site.post("draft", date="2026-11-02", market="B2B", draft=True)
    site.post("typo", date="2026-11-03", market="B2B", channel="Linkdin")
    site.post("undated", date="last tuesday", market="B2B")
    mkdocs_log, properdocs_log = build_with_both(site)
    said = hub_lines(mkdocs_log)
    assert any("posts/typo.md" in line and "did you mean `LinkedIn`" in line for line in said), said
    assert any("posts/undated.md" in line for line in said), said
    assert hub_lines(properdocs_log) == said
    assert (site.out / "roundups/2026-w47/index.html").is_file()


def test_a_dirty_rebuild_under_properdocs_is_the_same_as_under_mkdocs(tmp_path: Path):
    """`--dirty` leaves unchanged pages as they were (MkDocs then knows no title for them in the nav), so
    the two programs' dirty rebuilds are compared with each other."""
    rebuilt = []
    for engine in ("mkdocs", "properdocs"):
        (tmp_path / engine).mkdir()
        site = make_hub(tmp_path / engine)
        site.build(engine=engine)
        site.post("our-post", date="2026-11-01", market="B2C", channel="LinkedIn")  # moves it to another value
        log = site.build("--dirty", engine=engine).stderr
        assert "Traceback" not in log
        rebuilt.append(site)
    assert_same_site(rebuilt[0].out, rebuilt[1].out)
    assert "Our Post" in rebuilt[1].html("market/b2c/").get_text()
    assert "Our Post" not in rebuilt[1].html("market/b2b/").select_one(".ch-listing").get_text()


def test_a_site_configured_in_properdocs_yml_builds_and_is_checked(site: Site):
    config = base_config(facets={"market": {"values": ["B2B", "B2C"]}}, timezone="Mars/Olympus_Mons")
    (site.root / "mkdocs.yml").unlink()
    (site.root / "properdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site.post("first", market="B2B")
    site.post("typo", market="B2X")

    built = site.build(engine="properdocs", check=False)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert re.search(r"ERROR +- +contenthub: properdocs\.yml:\d+: .*Mars/Olympus_Mons", built.stderr), built.stderr

    checked = site.contenthub("check")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert re.search(r"^properdocs\.yml:\d+: .*Mars/Olympus_Mons", checked.stdout, re.M), checked.stdout
    assert "posts/typo.md:" in checked.stdout and "did you mean `B2C`" in checked.stdout
    assert "2 posts read" in checked.stdout + checked.stderr


def test_the_cli_prefers_mkdocs_yml_says_so_and_takes_f_over_both(site: Site):
    site.post("first", market="B2B")
    (site.root / "properdocs.yml").write_text("site_name: [broken\n", encoding="utf-8")
    both = site.contenthub("check")
    assert both.returncode == 0, both.stdout + both.stderr
    assert "reading mkdocs.yml; pass -f properdocs.yml" in both.stderr

    chosen = site.contenthub("check", "-f", "properdocs.yml")
    assert chosen.returncode == 2 and "properdocs.yml" in chosen.stderr
    assert "Traceback" not in chosen.stderr


def test_the_cli_without_a_config_file_says_where_it_looked(site: Site):
    (site.root / "mkdocs.yml").unlink()
    result = site.contenthub("check")
    assert result.returncode == 2
    assert "no mkdocs.yml or properdocs.yml here" in result.stderr and "-f FILE" in result.stderr


@pytest.fixture(scope="module")
def materialx() -> Path:
    properdocs = MATERIALX / "properdocs"
    if not properdocs.exists():
        pytest.fail(f"{properdocs} is missing: `make test` installs MaterialX in a venv of its own")
    return properdocs


def test_the_sample_hub_builds_with_the_materialx_theme(tmp_path: Path, materialx: Path):
    material = copy_sample_hub(tmp_path / "material")
    material.build("--strict")
    site = copy_sample_hub(tmp_path / "materialx", theme="materialx")
    built = site.build("--strict", engine=str(materialx))
    assert "WARNING" not in built.stderr
    assert 'content="mkdocs-ProperDocs' in (site.out / "index.html").read_text(encoding="utf-8")

    # What does not depend on the theme is the same, byte for byte: the feeds and the filter index.
    mine, theirs = built_files(material.out), built_files(site.out)
    shared = [name for name in mine if name.endswith(("rss.xml", "atom.xml", "feed.json", "feeds.opml", "posts.json"))]
    assert "knowledge-base/posts.json" in shared and "market/b2b/rss.xml" in shared
    assert [name for name in shared if mine[name] != theirs.get(name)] == []

    # The hub's pages are there, with the hub's parts in them.
    value_page = site.html("channel/linkedin/")
    assert value_page.select(".ch-listing .ch-card") and value_page.select_one("link[rel=stylesheet][href*=contenthub]")
    post = site.html("posts/social-crm-defined/")
    assert post.select(".ch-post-meta .ch-chip") and post.select(".ch-related li")
    assert site.html("knowledge-base/").select_one("[data-contenthub-kb]") is not None


def test_every_folder_of_the_package_is_a_package_so_a_wheel_holds_it():
    """setuptools' `packages.find` takes only folders with an `__init__.py`: any other is left out of the wheel."""
    package = Path(__file__).parent.parent / "plugins" / "contenthub"
    missing = [
        folder.relative_to(package).as_posix()
        for folder in [package, *package.rglob("*")]
        if folder.is_dir() and any(folder.glob("*.py")) and not (folder / "__init__.py").exists()
    ]
    assert missing == []
