"""The hub's templates kept compiled in the project's `.cache/contenthub/templates` (compiled.py): used
only for the same text, never changing what a build writes, and never in the way when missing, damaged
or impossible to write."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
from jinja2.bccache import bc_magic

from contenthub.compiled import FOLDER, keep_compiled, settings_key

from conftest import Site, base_config


def small_hub(site: Site, **theme: object) -> None:
    config = base_config(facets={"market": {"values": ["B2B"]}})
    config["theme"].update(theme)
    site.configure(config)
    site.post("one", date="2024-01-01", market="B2B")


def site_files(site: Site) -> dict[str, bytes]:
    """Every file the build wrote, but the sitemap's gzip (it carries the build's time)."""
    return {
        path.relative_to(site.out).as_posix(): path.read_bytes()
        for path in sorted(site.out.rglob("*"))
        if path.is_file() and path.name != "sitemap.xml.gz"
    }


def kept(site: Site) -> list[Path]:
    return sorted((site.root / FOLDER).rglob("__jinja2_*.cache"))


def test_a_build_keeps_the_templates_compiled_and_the_next_build_writes_the_same_site(site: Site):
    small_hub(site)
    site.build()
    first = site_files(site)
    assert len(kept(site)) >= 10, "the hub's templates are kept"
    assert not list(site.out.rglob("*.cache")), "nothing of the cache is published"
    stamps = {path: path.stat().st_mtime_ns for path in kept(site)}
    site.build()
    assert site_files(site) == first
    assert {path: path.stat().st_mtime_ns for path in kept(site)} == stamps, "read, not compiled again"


def test_an_overriding_template_and_its_edits_win_over_what_was_kept(site: Site):
    small_hub(site, custom_dir="overrides")
    (site.root / "overrides").mkdir()
    site.build()
    assert "ch-card" in str(site.html("market/b2b/").select_one(".ch-cards"))
    card = site.root / "overrides/contenthub/card.html"
    card.parent.mkdir(parents=True)
    for text in ("Mine", "Edited"):
        card.write_text(f'{{% macro card(card) %}}<p class="mine">{text}: {{{{ card.title }}}}</p>{{% endmacro %}}')
        site.build()
        assert [p.get_text() for p in site.html("market/b2b/").select(".mine")] == [f"{text}: One"]


def test_damaged_kept_templates_are_compiled_afresh(site: Site):
    small_hub(site)
    site.build()
    first = site_files(site)
    for path in kept(site):  # Jinja's own mark, then not what Jinja wrote
        path.write_bytes(bc_magic + b"\x80 damaged")
    site.build()
    assert site_files(site) == first


def test_a_project_where_the_cache_cannot_be_made_still_builds(site: Site):
    small_hub(site)
    (site.root / ".cache").write_text("a file where the folder would go")
    result = site.build()
    assert "Traceback" not in result.stderr
    assert site.exists("market/b2b/")
    (site.root / ".cache").unlink()
    site.build()
    (folder,) = (site.root / FOLDER).iterdir()  # the theme's settings' folder
    shutil.rmtree(folder)
    folder.write_text("a file where the folder would go")
    shutil.rmtree(site.out)
    assert "Traceback" not in site.build().stderr and site.exists("market/b2b/")


def test_other_environment_settings_keep_their_templates_apart(tmp_path: Path):
    plain, escaping = jinja2.Environment(), jinja2.Environment(autoescape=True)
    assert settings_key(plain) != settings_key(escaping)
    assert settings_key(escaping) == settings_key(jinja2.Environment(autoescape=True))
    assert keep_compiled(escaping, tmp_path).bytecode_cache is not None
    assert (tmp_path / FOLDER / settings_key(escaping)).is_dir()
