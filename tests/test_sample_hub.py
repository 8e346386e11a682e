"""The sample hub in this repository: it builds strictly, its posts are complete, and its pages pass axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from contenthub.content.frontmatter import split_front_matter

from conftest import AXE, ROOT, Site, copy_sample_hub, free_port, serve_directory


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    """The sample hub, copied to a temp folder, built with --strict and served on 127.0.0.1."""
    port = free_port()
    # Material navigates instantly only within its sitemap, which must name this host and port.
    site = copy_sample_hub(tmp_path_factory.mktemp("sample-hub"), site_url=f"http://127.0.0.1:{port}/")
    result = site.build("--strict")
    site.build_log = result.stderr  # type: ignore[attr-defined]
    with serve_directory(site.out, port) as url:
        yield site, url


def posts() -> list[tuple[Path, dict]]:
    found = []
    for path in sorted((ROOT / "docs/posts").glob("*.md")):
        front, problem = split_front_matter(path.name, path.read_text(encoding="utf-8"))
        assert problem is None, problem
        found.append((path, front.meta))
    return found


def test_the_sample_hub_builds_strictly_without_a_warning(sample):
    site, _ = sample
    assert "WARNING" not in site.build_log
    assert site.exists("market/b2b/") and site.exists("knowledge-base/") and site.exists("facets/")


def test_there_are_at_least_twelve_published_posts_each_citing_its_sources():
    published = [(path, meta) for path, meta in posts() if not meta.get("draft")]
    assert len(published) >= 12
    for path, meta in published:
        text = path.read_text(encoding="utf-8")
        sources = text.split("## Sources", 1)
        assert len(sources) == 2, f"{path.name} has no Sources section"
        assert re.search(r"\]\((https?://|\.\./sources\.md)", sources[1]), f"{path.name} cites no linked source"
        assert meta.get("market") and meta.get("audience") and meta.get("tags"), path.name


def test_every_declared_value_is_used_by_a_published_post():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["contenthub/taxonomy"] for p in config["plugins"] if isinstance(p, dict))
    used: dict[str, set[str]] = {}
    for _, meta in posts():
        if meta.get("draft"):
            continue
        for facet_id, facet in plugin["facets"].items():
            key = facet.get("key", facet_id)
            used.setdefault(facet_id, set()).update(str(v).lower() for v in meta.get(key) or [])
    for facet_id, facet in plugin["facets"].items():
        declared = {label.lower() for label in facet["values"]}
        assert declared <= used[facet_id], f"{facet_id}: unused {declared - used[facet_id]}"


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "",
        "market/b2b/",
        "topic/social-crm/",
        "knowledge-base/",
        "knowledge-base/?market=b2c&channel=linkedin&search=crm",
        "facets/",
        "posts/social-crm-defined/",
        "feeds/",
        "knowledge-base/?market=b2b",
        "about/",
    ],
)
def test_accessibility_audit_finds_no_violations(sample, page, path):
    _, url = sample
    page.goto(url + path)
    if path.startswith("knowledge-base"):
        page.wait_for_function(
            "() => document.querySelector('[data-contenthub-kb]')?.getAttribute('data-rendered') === location.search"
        )
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
          const result = await axe.run(document);
          return result.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
        }"""
    )
    assert violations == []
