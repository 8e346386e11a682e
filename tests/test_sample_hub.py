"""The sample hub in this repository: it builds strictly, its posts are complete, and its pages pass axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from contenthub.content.frontmatter import split_front_matter

from conftest import AUDIT, AXE, DESKTOP, PHONE, ROOT, Site, copy_sample_hub, free_port, serve_directory


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


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """The browser tests here run in a desktop window and on a phone held upright."""
    return request.param


SETTLED = "() => Promise.all(document.getAnimations().map(a => a.finished)).then(() => true)"
"""Material eases colours from one scheme to the other: axe must see the final ones."""


def switch_to_dark(page: object) -> None:
    """The way a reader does it: the palette toggle in the header, which sets `data-md-color-scheme`."""
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("label.md-header__button[title='Switch to dark mode']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_function(SETTLED)


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
        "posts/content-channels-slideshare-youtube-blogs-wikipedia/",
        "feeds/",
        "knowledge-base/?market=b2b",
        "about/",
    ],
)
def test_accessibility_audit_finds_no_violations(sample, page, path):
    """axe at both widths, in the light scheme and the dark one; on a phone, the knowledge base with
    its filter panel closed and open."""
    _, url = sample
    page.goto(url + path)
    if path.startswith("knowledge-base"):
        page.wait_for_function(
            "() => document.querySelector('[data-contenthub-kb]')?.getAttribute('data-rendered') === location.search"
        )
    page.add_script_tag(path=str(AXE))
    toggle = page.locator(".ch-kb__toggle")
    panel = toggle.count() == 1 and toggle.is_visible()
    assert panel == (path.startswith("knowledge-base") and page.viewport_size["width"] < 700)
    audits = {"light": page.evaluate(AUDIT)}
    if panel:
        toggle.click()
        assert page.is_visible("#ch-kb-market-b2b")
        audits["light, filters open"] = page.evaluate(AUDIT)
    switch_to_dark(page)
    audits["dark"] = page.evaluate(AUDIT)
    if panel:
        toggle.click()
        assert not page.is_visible("#ch-kb-market-b2b")
        audits["dark, filters closed"] = page.evaluate(AUDIT)
    assert {state: found for state, found in audits.items() if found} == {}


@pytest.mark.browser
def test_on_a_phone_the_first_post_is_on_the_first_screen(sample, page, viewport):
    """The issue: at 390 px the knowledge base showed every facet first, its first post 1,300 px down."""
    _, url = sample
    page.goto(url + "knowledge-base/?market=b2b&channel=linkedin")
    page.wait_for_selector(".ch-kb__list .ch-card")
    top = page.evaluate("document.querySelector('.ch-kb__list .ch-card').getBoundingClientRect().top")
    assert 0 < top < page.evaluate("innerHeight")


def open_coverage(page: object, url: str) -> object:
    page.goto(url + "facets/")
    region = page.get_by_role("region", name="Coverage table")
    region.evaluate("r => r.scrollIntoView({block: 'center'})")  # clear of Material's header
    return region


@pytest.mark.browser
def test_the_coverage_matrix_breaks_no_label_inside_a_word(sample, page, viewport):
    _, url = sample
    open_coverage(page, url)
    # Every word of every label, measured as a Range: a word split over two lines has two boxes.
    words = page.evaluate(
        r"""() => {
          const found = [];
          const walker = document.createTreeWalker(document.querySelector('.ch-coverage__table'), NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\S+/g)) {
              const range = document.createRange();
              range.setStart(node, match.index);
              range.setEnd(node, match.index + match[0].length);
              found.push([match[0], range.getClientRects().length]);
            }
          }
          return found;
        }"""
    )
    assert ["LinkedIn", 1] in words and ["Communities", 1] in words, words
    assert [word for word, boxes in words if boxes != 1] == []


@pytest.mark.browser
def test_the_coverage_matrix_scrolls_sideways_with_its_row_labels_in_view(sample, page, viewport):
    _, url = sample
    region = open_coverage(page, url)
    assert region.get_attribute("tabindex") == "0"
    hint = page.locator(".ch-coverage__hint")
    frame = page.locator(".ch-coverage__frame")
    sizes = region.evaluate("r => ({scroll: r.scrollWidth, client: r.clientWidth})")
    if viewport == DESKTOP:  # the whole matrix fits: no hint, no shadow, until the window narrows
        assert sizes["scroll"] <= sizes["client"]
        page.set_viewport_size(PHONE)
        expect(hint).to_be_visible()
        expect(frame).to_have_attribute("data-more-end", "")
        page.set_viewport_size(DESKTOP)
        expect(hint).to_be_hidden()
        expect(frame).not_to_have_attribute("data-more-end", "")
        return
    assert sizes["scroll"] > sizes["client"] * 1.2, "eight channels are wider than a phone"
    expect(hint).to_be_visible()  # the page says the table scrolls
    marks = (
        "([start, end]) => { const f = document.querySelector('.ch-coverage__frame'); "
        "return f.hasAttribute('data-more-start') === start && f.hasAttribute('data-more-end') === end; }"
    )
    page.wait_for_function(marks, arg=[False, True])  # a shadow on the side of the hidden columns
    region.evaluate("r => r.scrollTo({left: r.scrollWidth})")
    page.wait_for_function(marks, arg=[True, False])  # the other side once the end is reached
    # Scrolled to the end, each row label is still where it was, on top of the cells under it.
    box = region.bounding_box()
    for label in page.locator(".ch-coverage__table tbody th").all():
        cell = label.bounding_box()
        assert box["x"] <= cell["x"] < box["x"] + 2, label.inner_text()
        on_top = label.evaluate(
            "th => th.contains(document.elementFromPoint(th.getBoundingClientRect().x + 5, "
            "th.getBoundingClientRect().y + th.getBoundingClientRect().height / 2))"
        )
        assert on_top, label.inner_text()
    last = page.locator(".ch-coverage__table thead th").last.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1, "the last column scrolled into view"
    # From the keyboard: the region takes focus and the arrow keys scroll it.
    region.evaluate("r => r.scrollTo({left: 0})")
    page.wait_for_function(marks, arg=[False, True])
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.ch-coverage__scroll').scrollLeft > 0")
