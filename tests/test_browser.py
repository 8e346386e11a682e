"""The knowledge base in real Chromium (Debian's), driven by Playwright, against a real build."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import DESKTOP, PHONE, Site, base_config, free_port, serve_directory

pytestmark = pytest.mark.browser


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    """Every test here runs in a desktop window and on a phone held upright."""
    return request.param


FACETS = {
    "market": {"values": ["B2B", "B2C"]},
    "channel": {"values": ["LinkedIn", "Twitter", "Blogs", "Email"]},
    "audience": {"values": ["Executives", "Marketers", "Sales"]},
}
PAGE_SIZE = 20  # results shown before "Show more"
WORDS = [
    "social",
    "selling",
    "crm",
    "content",
    "buyers",
    "brand",
    "community",
    "listening",
    "network",
    "video",
    "survey",
    "trust",
]


@dataclass(frozen=True)
class SamplePost:
    slug: str
    title: str
    day: date
    excerpt: str
    values: dict[str, frozenset[str]]


def sample_posts(count: int = 40) -> list[SamplePost]:
    rng = random.Random(20261122)
    posts = []
    for n in range(count):
        values = {
            facet: frozenset(v.lower() for v in rng.sample(spec["values"], rng.randint(0, 2)))
            for facet, spec in FACETS.items()
        }
        values["market"] = values["market"] or frozenset({"b2b"})
        if "email" in values["channel"]:  # no post is both Email and Sales: a known empty combination
            values["audience"] = values["audience"] - {"sales"}
        title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}"
        posts.append(
            SamplePost(
                slug=f"post-{n:02d}",
                title=title,
                day=date(2024, 1, 1) + timedelta(days=3 * n),
                excerpt=" ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + ".",
                values=values,
            )
        )
    return posts


POSTS = sample_posts()
LABELS = {facet: {v.lower(): v for v in spec["values"]} for facet, spec in FACETS.items()}


def expected(selected: dict[str, set[str]], text: str = "") -> tuple[list[str], dict[str, int]]:
    """Results (titles, newest first) and disjunctive counts, computed independently of the page's script."""
    terms = text.lower().split()

    def passes(post: SamplePost, skip: str | None = None) -> bool:
        haystack = f"{post.title} {post.excerpt}".lower()
        if not all(term in haystack for term in terms):
            return False
        return all(facet == skip or not chosen or post.values[facet] & chosen for facet, chosen in selected.items())

    newest = sorted(POSTS, key=lambda p: p.day, reverse=True)
    results = [p.title for p in newest if passes(p)]
    counts = {
        f"{facet}/{slug}": sum(1 for p in POSTS if passes(p, skip=facet) and slug in p.values[facet])
        for facet, labels in LABELS.items()
        for slug in labels
    }
    return results, counts


@pytest.fixture(scope="module")
def hub_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = Site(tmp_path_factory.mktemp("browser-hub"))
    port = free_port()
    config = base_config(facets=FACETS)
    # Material navigates instantly only to URLs in its sitemap, matched by host and port.
    config["site_url"] = f"http://127.0.0.1:{port}/"
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.write("index.md", "# Home\n\nWelcome to the [knowledge base](knowledge-base.md).\n")
    for post in POSTS:
        site.post(
            post.slug,
            title=post.title,
            date=post.day.isoformat(),
            description=post.excerpt,
            **{facet: [LABELS[facet][slug] for slug in sorted(chosen)] for facet, chosen in post.values.items()},
        )
    config = (site.root / "mkdocs.yml").read_text()
    (site.root / "mkdocs.yml").write_text(
        config + "nav:\n  - Home: index.md\n  - Knowledge base: knowledge-base.md\n  - Facets: facets.md\n"
    )
    site.build()
    with serve_directory(site.out, port) as url:
        yield url


def open_kb(page: object, hub_url: str, query: str = "", *, filters: bool = True) -> None:
    """Open the filter page; with `filters`, also open the panel the filters fold into on a phone."""
    page.goto(f"{hub_url}knowledge-base/{query}")
    settle(page)
    if filters:
        show_filters(page)


def folds(page: object) -> bool:
    """Whether the filters fold behind the Filters button (narrow screens)."""
    return page.locator(".ch-kb__toggle").is_visible()


def has_focus(page: object, selector: str) -> bool:
    return page.evaluate("selector => document.activeElement.matches(selector)", selector)


def show_filters(page: object) -> None:
    if folds(page) and page.get_attribute(".ch-kb__toggle", "aria-expanded") != "true":
        page.click(".ch-kb__toggle")


def settle(page: object) -> None:
    """Wait until the filter page shows the state in its URL."""
    page.wait_for_function(
        """() => {
          const root = document.querySelector('[data-contenthub-kb]');
          return root && root.getAttribute('data-rendered') === location.search;
        }"""
    )


def ui(page: object) -> dict:
    return page.evaluate(
        """() => {
          const root = document.querySelector('[data-contenthub-kb]');
          const boxes = [...root.querySelectorAll('input[type=checkbox]')];
          return {
            status: root.querySelector('.ch-kb__status').textContent,
            titles: [...root.querySelectorAll('.ch-kb__list .ch-card__title')].map(e => e.textContent),
            counts: Object.fromEntries(boxes.map(b => [b.name + '/' + b.value,
              Number(b.parentNode.querySelector('[data-count]').textContent.replace(/[()]/g, ''))])),
            checked: boxes.filter(b => b.checked).map(b => b.name + '/' + b.value).sort(),
            chips: [...root.querySelectorAll('.ch-kb__chips button')].map(b => b.textContent.replace(' ×', '')),
            more: root.querySelector('.ch-kb__more').hidden ? null : root.querySelector('.ch-kb__more').textContent,
          };
        }"""
    )


def query_of(page: object) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_view(page: object, selected: dict[str, set[str]], text: str = "") -> None:
    results, counts = expected(selected, text)
    state = ui(page)
    assert state["titles"] == results[:PAGE_SIZE]
    rest = len(results) - PAGE_SIZE
    assert state["more"] == (f"Show {min(rest, PAGE_SIZE)} more ({rest} left)" if rest > 0 else None)
    assert state["counts"] == counts
    assert state["checked"] == sorted(f"{f}/{s}" for f, chosen in selected.items() for s in chosen)
    filtered = any(selected.values()) or text.strip()
    total = len(POSTS)
    word = "post" if len(results) == 1 else "posts"
    assert state["status"] == (f"{len(results)} {word} of {total}" if filtered else f"{total} posts")


def test_ticking_values_gives_or_within_and_across_facets_with_disjunctive_counts(page, hub_url):
    open_kb(page, hub_url)
    selected: dict[str, set[str]] = {facet: set() for facet in FACETS}
    assert_view(page, selected)
    for facet, slug in [
        ("market", "b2b"),
        ("channel", "linkedin"),
        ("channel", "twitter"),
        ("audience", "sales"),
    ]:
        page.check(f"#ch-kb-{facet}-{slug}")
        selected[facet].add(slug)
        assert_view(page, selected)
    assert query_of(page) == {"market": ["b2b"], "channel": ["linkedin", "twitter"], "audience": ["sales"]}
    page.uncheck("#ch-kb-channel-linkedin")
    selected["channel"].discard("linkedin")
    assert_view(page, selected)


def test_back_forward_and_a_shared_url_restore_the_same_view(page, hub_url, browser):
    open_kb(page, hub_url)
    page.check("#ch-kb-market-b2c")
    page.check("#ch-kb-channel-blogs")
    page.select_option("#ch-kb-sort", "oldest")
    shared = page.url
    page.go_back()
    settle(page)
    assert query_of(page) == {"market": ["b2c"], "channel": ["blogs"]}
    assert_view(page, {"market": {"b2c"}, "channel": {"blogs"}, "audience": set()})
    page.go_back()
    settle(page)
    assert_view(page, {"market": {"b2c"}, "channel": set(), "audience": set()})
    page.go_forward()
    page.go_forward()
    settle(page)
    assert page.url == shared
    assert page.input_value("#ch-kb-sort") == "oldest"
    results, _ = expected({"market": {"b2c"}, "channel": {"blogs"}})
    assert ui(page)["titles"] == results[::-1][:PAGE_SIZE]
    page.reload()
    settle(page)
    assert ui(page)["titles"] == results[::-1][:PAGE_SIZE]
    # A reader who receives the link sees the same thing.
    other = browser.new_context().new_page()
    other.goto(shared)
    settle(other)
    assert ui(other) == ui(page)
    other.context.close()


def test_typing_narrows_by_text_and_replaces_the_history_entry(page, hub_url):
    open_kb(page, hub_url)
    page.check("#ch-kb-market-b2b")
    length = page.evaluate("history.length")
    page.fill("#ch-kb-q", "crm")
    assert page.evaluate("history.length") == length
    assert query_of(page) == {"market": ["b2b"], "search": ["crm"]}
    assert_view(page, {"market": {"b2b"}, "channel": set(), "audience": set()}, "crm")
    page.fill("#ch-kb-q", "crm social")
    assert_view(page, {"market": {"b2b"}, "channel": set(), "audience": set()}, "crm social")
    page.select_option("#ch-kb-sort", "title")
    titles = ui(page)["titles"]
    assert titles == sorted(titles, key=str.lower)


def test_zero_results_name_the_filters_at_fault_with_one_click_removal(page, hub_url):
    channel, audience = "email", "sales"
    assert not expected({"channel": {channel}, "audience": {audience}})[0]
    open_kb(page, hub_url, f"?channel={channel}&audience={audience}")
    assert ui(page)["titles"] == []
    greyed = page.evaluate("[...document.querySelectorAll('.ch-kb__option--zero input')].map(i => i.id)")
    assert f"ch-kb-audience-{audience}" not in greyed, "a ticked value is never greyed out"
    assert greyed, "values that would give no result are"
    message = page.locator(".ch-kb__empty")
    assert message.is_visible()
    text = message.inner_text()
    assert "No posts match all of these filters" in text
    audience_only, _ = expected({"audience": {audience}})
    button = message.get_by_role("button", name=f"Remove Channel: {LABELS['channel'][channel]}")
    assert f"to see {len(audience_only)} post" in text
    button.click()
    assert ui(page)["titles"] == audience_only[:PAGE_SIZE]
    assert not message.is_visible()


def test_show_more_reveals_the_rest_of_the_results(page, hub_url):
    open_kb(page, hub_url)
    everything, _ = expected({})
    assert len(everything) > PAGE_SIZE
    page.get_by_role("button", name=f"Show {min(len(everything) - PAGE_SIZE, PAGE_SIZE)} more").click()
    assert ui(page)["titles"] == everything[: 2 * PAGE_SIZE]


def test_chips_remove_filters_and_clear_all_resets(page, hub_url):
    open_kb(page, hub_url, "?market=b2b&channel=email&search=brand")
    assert ui(page)["chips"] == ["Market: B2B", "Channel: Email", "“brand”"]
    page.get_by_role("button", name="Remove filter Channel: Email").click()
    assert ui(page)["chips"] == ["Market: B2B", "“brand”"]
    assert_view(page, {"market": {"b2b"}, "channel": set(), "audience": set()}, "brand")
    page.get_by_role("button", name="Clear all").click()
    assert ui(page)["chips"] == []
    assert urlparse(page.url).query == ""
    assert page.input_value("#ch-kb-q") == ""
    assert_view(page, {facet: set() for facet in FACETS})


def test_everything_works_from_the_keyboard(page, hub_url):
    open_kb(page, hub_url, filters=False)
    page.focus("#ch-kb-q")
    page.keyboard.type("social")
    page.keyboard.press("Tab")
    if folds(page):  # the Filters button, which opens the panel and moves into it: the sort select
        assert has_focus(page, ".ch-kb__toggle")
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ch-kb-sort"
    page.keyboard.press("Tab")  # the first checkbox: Market B2B
    assert page.evaluate("document.activeElement.id") == "ch-kb-market-b2b"
    page.keyboard.press("Space")
    assert_view(page, {"market": {"b2b"}, "channel": set(), "audience": set()}, "social")
    chip = page.get_by_role("button", name="Remove filter Market: B2B")
    chip.focus()
    page.keyboard.press("Enter")
    assert ui(page)["checked"] == []
    focused = page.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.id")
    assert focused == "Remove the search “social”", "focus moves to the next chip, not to the top of the page"


def follow_nav(page: object, name: str) -> None:
    """Click a link of the site's navigation, opening Material's drawer first where it holds it (phones)."""
    menu = page.locator("label.md-header__button[for=__drawer]")
    if menu.is_visible():
        menu.click()
    page.locator(".md-nav--primary").get_by_role("link", name=name, exact=True).click()


def test_instant_navigation_starts_the_filters_and_keeps_the_url_state(page, hub_url):
    page.goto(hub_url)
    page.wait_for_load_state("networkidle")  # Material navigates instantly once its sitemap is in
    page.evaluate("window.__sameDocument = true")
    follow_nav(page, "Knowledge base")
    settle(page)
    assert page.evaluate("window.__sameDocument === true"), "Material's instant navigation swapped the page"
    show_filters(page)
    page.check("#ch-kb-market-b2c")
    assert_view(page, {"market": {"b2c"}, "channel": set(), "audience": set()})
    follow_nav(page, "Facets")
    page.wait_for_selector("table.ch-coverage__table")
    assert page.evaluate("window.__sameDocument === true")
    page.go_back()
    settle(page)
    assert_view(page, {"market": {"b2c"}, "channel": set(), "audience": set()})
    if folds(page):  # the page set up afresh: its Filters button works and counts the ticked value
        toggle = page.get_by_role("button", name="Filters (1)")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.click()
        assert page.is_visible("#ch-kb-market-b2c")


def test_with_exactly_one_value_ticked_the_page_offers_its_feeds(page, hub_url):
    open_kb(page, hub_url)
    follow = page.locator(".ch-kb__follow")
    assert not follow.is_visible()
    page.check("#ch-kb-channel-linkedin")
    assert follow.inner_text() == "Follow LinkedIn in your feed reader: RSS · Atom · JSON Feed"
    hrefs = follow.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [f"{hub_url}channel/linkedin/{name}" for name in ("rss.xml", "atom.xml", "feed.json")]
    for href in hrefs:
        assert page.request.get(href).ok, href
    page.check("#ch-kb-market-b2b")
    assert not follow.is_visible(), "two values have no single feed"


def test_coverage_cells_open_the_filter_page_with_both_filters(page, hub_url):
    page.goto(f"{hub_url}facets/")
    cell = page.locator("td.ch-heat a").first
    cell.click()
    settle(page)
    assert_view(page, {"market": {"b2b"}, "channel": {"linkedin"}, "audience": set()})


def test_without_javascript_every_post_and_value_page_is_listed(browser, hub_url, viewport):
    context = browser.new_context(java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    page.goto(f"{hub_url}knowledge-base/")
    assert not page.locator(".ch-kb__filters").is_visible()
    assert not page.locator(".ch-kb__toggle").is_visible(), "no Filters button that cannot work"
    listed = page.locator(".ch-kb__all li a").all_inner_texts()
    assert sorted(listed) == sorted(p.title for p in POSTS)
    assert page.get_by_role("link", name="LinkedIn").count() >= 1
    context.close()


def test_one_click_updates_quickly_enough_to_feel_instant(page, hub_url):
    """Not a timing assertion (those live in bench/): checks the render event the bench relies on."""
    open_kb(page, hub_url)
    fired = page.evaluate(
        """() => new Promise(resolve => {
          const root = document.querySelector('[data-contenthub-kb]');
          root.addEventListener('contenthub:render', e => resolve(e.detail.results), {once: true});
          document.querySelector('#ch-kb-market-b2c').click();
        })"""
    )
    assert fired == len(expected({"market": {"b2c"}})[0])


def card_top(page: object) -> float:
    return page.evaluate("document.querySelector('.ch-kb__list .ch-card').getBoundingClientRect().top")


@pytest.mark.parametrize("query", ["", "?market=b2b&channel=linkedin&channel=twitter&search=social"])
def test_the_count_the_applied_filters_and_the_first_result_come_first(page, hub_url, query):
    open_kb(page, hub_url, query, filters=False)
    top = card_top(page)
    assert 0 < top < page.evaluate("innerHeight"), "the first result is on the first screen"
    status = page.locator(".ch-kb__status").bounding_box()
    assert status["y"] < top
    if query:
        assert page.locator(".ch-kb__applied").bounding_box()["y"] < top
    # On a phone the facets wait behind the Filters button; a desktop shows them beside the results.
    assert page.locator("#ch-kb-market-b2b").is_visible() == (not folds(page))
    assert folds(page) == (page.viewport_size["width"] < 700)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_filters_button_opens_and_closes_the_panel(page, hub_url, viewport):
    open_kb(page, hub_url, filters=False)
    toggle = page.get_by_role("button", name="Filters")
    panel = page.locator("#" + toggle.get_attribute("aria-controls"))
    assert panel.get_attribute("class") == "ch-kb__panel"

    def expanded() -> bool:
        value = toggle.get_attribute("aria-expanded")
        assert value in ("true", "false")
        assert panel.is_visible() == (value == "true")
        return value == "true"

    assert not expanded()
    toggle.click()
    assert expanded()
    assert has_focus(page, "#ch-kb-panel *"), "focus moves into the panel"
    page.keyboard.press("Escape")
    assert not expanded()
    assert has_focus(page, ".ch-kb__toggle"), "focus goes back to the button"
    # From the keyboard: Enter opens it, Escape from a checkbox deep inside closes it.
    page.keyboard.press("Enter")
    assert expanded()
    page.focus("#ch-kb-audience-sales")
    page.keyboard.press("Escape")
    assert not expanded()
    assert has_focus(page, ".ch-kb__toggle")
    page.keyboard.press("Space")
    assert expanded()
    # Escape in the search box (outside the panel) leaves the panel alone.
    page.focus("#ch-kb-q")
    page.keyboard.press("Escape")
    assert expanded()
    # "Show results" at the end of the panel closes it and shows the results.
    page.check("#ch-kb-channel-email")
    done = page.get_by_role("button", name="Show results")
    found = len(expected({"channel": {"email"}})[0])
    assert done.inner_text() == f"Show results ({found})"
    done.click()
    assert not expanded()
    assert has_focus(page, ".ch-kb__toggle")
    top = card_top(page)
    assert 0 < top < page.evaluate("innerHeight"), "the results are in view after closing"
    # Pressing the button again closes an open panel too.
    toggle.click()
    assert expanded()
    toggle.click()
    assert not expanded()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_filters_button_counts_the_ticked_values(page, hub_url, viewport):
    def toggle_name() -> str:
        return page.locator(".ch-kb__toggle").inner_text()

    open_kb(page, hub_url, "?market=b2b&channel=linkedin&channel=twitter", filters=False)
    assert toggle_name() == "Filters (3)"
    page.get_by_role("button", name="Remove filter Channel: Twitter").click()
    assert toggle_name() == "Filters (2)"
    page.get_by_role("button", name="Clear all").click()
    assert toggle_name() == "Filters"
    show_filters(page)
    page.check("#ch-kb-audience-sales")
    assert page.get_by_role("button", name="Filters (1)").get_attribute("aria-expanded") == "true"
    page.check("#ch-kb-channel-blogs")
    assert toggle_name() == "Filters (2)"
    page.uncheck("#ch-kb-audience-sales")
    assert toggle_name() == "Filters (1)"
    page.go_back()
    settle(page)
    assert toggle_name() == "Filters (2)"


def test_the_desktop_layout_shows_the_form_beside_the_results(page, hub_url, viewport):
    open_kb(page, hub_url, filters=False)
    form = page.locator(".ch-kb__filters").bounding_box()
    results = page.locator(".ch-kb__results").bounding_box()
    if viewport == DESKTOP:
        assert not folds(page)
        assert not page.locator(".ch-kb__done").is_visible()
        assert form["x"] + form["width"] <= results["x"], "the form sits left of the results"
        assert abs(form["y"] - results["y"]) < 1
    else:
        assert folds(page)
        assert form["y"] + form["height"] <= results["y"], "the search box and button sit above the results"
