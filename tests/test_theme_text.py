"""Front matter that the theme prints as HTML stays text, on posts, hub pages and ordinary pages alike,
checked in real Chromium against a real build; the hub, its index and its feeds keep the text as written."""

from __future__ import annotations

import json

import pytest

from conftest import Site, base_config, front_matter, serve_directory

pytestmark = pytest.mark.browser

SCRIPT = '"><svg onload=alert(1)>'
QUOTED = 'He said "hi" & left'
STATUS = 'new" onmouseover="alert(2)'


@pytest.fixture
def hostile(site: Site) -> Site:
    config = base_config(facets={"market": {"values": {'B2B "x" <b>': {"slug": "b2b"}}}})
    config["plugins"].append("contenthub/syndication")
    config["nav"] = ["index.md", "about.md"]  # the nav shows an ordinary page's title, subtitle and status
    config["theme"]["features"].append("navigation.footer")
    site.configure(config)
    site.post("script", title=f"Script {SCRIPT}", description=SCRIPT, author=SCRIPT, market="B2B")
    site.post("quoted", title=QUOTED, description=QUOTED, author=QUOTED, market="B2B", date="2024-01-02")
    meta = {"title": f"About {SCRIPT}", "description": SCRIPT, "author": QUOTED, "subtitle": SCRIPT, "status": STATUS}
    site.write("about.md", front_matter(**meta) + "\nAn ordinary page.\n")
    site.build()
    return site


def test_front_matter_the_theme_prints_runs_no_script_and_reads_as_written(hostile: Site, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    expected = {
        "posts/script/": (f"Script {SCRIPT}", SCRIPT, SCRIPT),
        "posts/quoted/": (QUOTED, QUOTED, QUOTED),
        "about/": (f"About {SCRIPT}", SCRIPT, QUOTED),
    }
    with serve_directory(hostile.out) as base:
        for url, (title, description, author) in expected.items():
            page.goto(base + url)
            assert page.title() == f"{title} - Test hub", url
            assert page.get_attribute('meta[name="description"]', "content") == description, url
            assert page.get_attribute('meta[name="author"]', "content") == author, url
            assert page.locator("svg[onload]").count() == 0, url
        page.goto(base + "about/")
        nav = page.locator(".md-sidebar--primary .md-nav__link--active")
        assert nav.locator("small").inner_text() == SCRIPT
        assert nav.locator(".md-status").get_attribute("class") == f"md-status md-status--{STATUS}"
        assert page.locator("[onmouseover]").count() == 0
        page.goto(base)
        # Material escapes the footer's label itself: the title is escaped once all the same.
        assert page.get_attribute(".md-footer__link--next", "aria-label") == f"Next: About {SCRIPT}"
        page.goto(base + "market/b2b/")
        assert page.title() == 'B2B "x" <b> - Test hub', "a hub page's title is escaped once too"
    assert dialogs == []


def test_the_hub_index_and_feeds_keep_the_text_as_written(hostile: Site):
    # (A description is the excerpt as Markdown, whose HTML tags it leaves out: SCRIPT's would be `">`.)
    cards = {
        card.select_one(".ch-card__title").get_text(strip=True): card.select_one(".ch-card__excerpt").get_text()
        for card in hostile.html("market/b2b/").select(".ch-listing .ch-card")
    }
    assert cards.keys() == {f"Script {SCRIPT}", QUOTED} and cards[QUOTED] == QUOTED
    rows = json.loads((hostile.out / "knowledge-base/posts.json").read_text(encoding="utf-8"))["posts"]
    assert sorted(row[1] for row in rows) == sorted([f"Script {SCRIPT}", QUOTED])
    assert [row[3] for row in rows if row[1] == QUOTED] == [QUOTED]
    items = json.loads((hostile.out / "feed.json").read_text(encoding="utf-8"))["items"]
    assert sorted((item["title"], item["authors"][0]["name"]) for item in items) == sorted(
        [(f"Script {SCRIPT}", SCRIPT), (QUOTED, QUOTED)]
    )
    assert [item["summary"] for item in items if item["title"] == QUOTED] == [QUOTED]
