"""Paginated listings (value pages, the roundups index), head metadata (descriptions, Open Graph), the
sitemap's dates and, under Material, a sitemap in each feed folder: real `mkdocs build`/`serve` runs of
small sites, and the sample hub in Chromium."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from test_build import _broken_links
from test_serve import fetch, serving, wait_for

from conftest import (
    MATERIALX,
    Site,
    base_config,
    content,
    copy_sample_hub,
    free_port,
    front_matter,
    listed_titles,
    serve_directory,
)

SITE_URL = "https://hub.test/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
GAP = "…"

HOSTILE_POST = """<script>alert("t")</script> & "quoted" 'single' <b>bold</b>"""
HOSTILE_LABEL = "B2B <img src=x onerror=alert(1)>"
QUOTED = """Said "hi" & 'bye' <b>to</b> them"""
OG_LOOKALIKE = "Set property=og:image and name=og:title in the page head."
VALUE_DESCRIPTION = 'Exactly "three" <posts> & no more.'
FACET_DESCRIPTION = 'Sizes "in" <general> & more.'
OWN_DESCRIPTION = 'The author\'s "own" <one>.'

FACETS = {
    "size": {
        "description": FACET_DESCRIPTION,
        "values": {
            "One": {},
            "Three": {"description": VALUE_DESCRIPTION},
            "Four": {},
            "Six": {},
            "Seven": {},
            "Empty": {},
        },
    },
    "market": {"values": {HOSTILE_LABEL: {"slug": "b2b", "description": "Businesses."}}},
}

SIZES = {  # the posts each value lists: p1 in every one, p7 in Seven only
    1: ["One", "Three", "Four", "Six", "Seven"],
    2: ["Three", "Four", "Six", "Seven"],
    3: ["Three", "Four", "Six", "Seven"],
    4: ["Four", "Six", "Seven"],
    5: ["Six", "Seven"],
    6: ["Six", "Seven"],
    7: ["Seven"],
}


def title_of(number: int) -> str:
    return HOSTILE_POST if number == 7 else f"Post {number}"


def numbers(soup: BeautifulSoup) -> list[str]:
    """The page numbers a listing's <nav> shows, `[n]` for the current one, … for a gap; [] without one."""
    nav = soup.select_one("nav.ch-pages")
    if nav is None:
        return []
    shown = []
    for item in nav.select(".ch-pages__numbers > li"):
        if "ch-pages__gap" in (item.get("class") or []):
            assert item.get_text(strip=True) == GAP and item.find("a") is None
            shown.append(GAP)
        elif item.find("a") is not None:
            link = item.a
            assert link["aria-label"] == f"Page {link.get_text(strip=True)}"
            assert link.get("aria-current") is None
            shown.append(link.get_text(strip=True))
        else:
            current = item.select_one("[aria-current=page]")
            assert current is not None and current.name == "span", item
            shown.append(f"[{current.get_text(strip=True)}]")
    return shown


def target(page_url: str, href: str) -> str:
    """The site-relative URL a link on the page at `page_url` points at."""
    absolute = urljoin(SITE_URL + page_url, href)
    assert absolute.startswith(SITE_URL), (page_url, href)
    return absolute[len(SITE_URL) :]


def steps(soup: BeautifulSoup, page_url: str) -> dict[str, str]:
    """Where the listing's `rel="prev"` and `rel="next"` links lead."""
    nav = soup.select_one("nav.ch-pages")
    found = {}
    for link in nav.select("a[rel]") if nav else []:
        (rel,) = link["rel"]
        assert rel not in found
        found[rel] = target(page_url, link["href"])
    return found


def number_links(soup: BeautifulSoup, page_url: str) -> dict[str, str]:
    return {a.get_text(strip=True): target(page_url, a["href"]) for a in soup.select("nav.ch-pages li a")}


def open_graph(soup: BeautifulSoup) -> dict[str, list[str]]:
    """Every og:/article: tag in the head, by property, with each content as it reads (unescaped once)."""
    found: dict[str, list[str]] = {}
    for meta in soup.head.find_all("meta"):
        name = meta.get("property") or meta.get("name") or ""
        if name.lower().startswith(("og:", "article:")):
            found.setdefault(name, []).append(meta.get("content"))
    return found


def description(soup: BeautifulSoup) -> str | None:
    found = soup.head.find_all("meta", attrs={"name": "description"})
    assert len(found) <= 1
    return found[0]["content"] if found else None


def lastmods(site: Site, name: str = "sitemap.xml") -> dict[str, str | None]:
    tree = ElementTree.parse(site.out / name)
    found = {}
    for url in tree.getroot().iter(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc")
        assert loc is not None and loc.startswith(SITE_URL) and loc not in found
        found[loc[len(SITE_URL) :]] = url.findtext(f"{SITEMAP}lastmod")
    return found


def pages_of(site: Site, folder: str) -> list[str]:
    """The pages a listing at `folder/` has on disk: itself, then page/2/ and on."""
    found = [f"{folder}/"] if site.exists(f"{folder}/") else []
    extra = site.out / folder / "page"
    if extra.is_dir():
        assert not (extra / "1").exists(), "page 1 is the listing itself"
        numbered = sorted(int(path.name) for path in extra.iterdir())
        assert numbered == list(range(2, len(numbered) + 2)), numbered
        found += [f"{folder}/page/{n}/" for n in numbered]
    return found


# -- One site, per_page 3: value pages of 0, 1, 3, 4, 6 and 7 posts -------------------------------------


def hub_config(**options: Any) -> dict[str, Any]:
    config = base_config(facets=FACETS, timezone="Asia/Tokyo", per_page=3, **options)
    config["site_description"] = "The site's own description."
    config["plugins"].append("contenthub/syndication")
    return config


def write_hub(site: Site) -> None:
    site.configure(hub_config())
    extra: dict[int, dict[str, Any]] = {
        # A YAML timestamp with an offset: the day as written is 2024-03-01, Tokyo's is 2024-03-02.
        2: {"updated": datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-8)))},
        3: {"description": QUOTED},
        4: {"updated": "2023-12-01"},  # before its date: the date is its last change
        # A string with an offset: 2024-01-05 as written, 2024-01-06 in Tokyo; older than p6 all the same.
        5: {"date": "2024-01-05T12:00:00-05:00"},
        6: {"date": datetime(2024, 1, 6, 12, 0), "description": OG_LOOKALIKE},
    }
    for number, sizes in SIZES.items():
        meta = {"title": title_of(number), "date": f"2024-01-0{number}", "size": sizes, "market": "b2b"}
        site.post(
            f"p{number}", body=f'Body of post {number}: fish & chips, "quoted".\n', **{**meta, **extra.get(number, {})}
        )
    site.post("unpublished", date="2024-02-01", size=["Six"], draft=True)
    site.write("size/six.md", "# Six, by hand\n\nThe author's own introduction.\n")
    site.write("size/one.md", front_matter(description=OWN_DESCRIPTION) + "\n# One, by hand\n")


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("pages"))
    site.write("index.md", "# Home\n")
    write_hub(site)
    site.build()
    return site


@pytest.mark.parametrize(
    ("value", "count"), [("empty", 0), ("one", 1), ("three", 3), ("four", 4), ("six", 6), ("seven", 7)]
)
def test_a_listing_takes_as_many_pages_as_its_posts_fill_and_no_more(hub: Site, value: str, count: int):
    expected = max(1, -(-count // 3))
    pages = pages_of(hub, f"size/{value}")
    assert pages == [f"size/{value}/"] + [f"size/{value}/page/{n}/" for n in range(2, expected + 1)]
    for number, url in enumerate(pages, 1):
        soup = hub.html(url)
        counted = content(soup).select_one(".ch-listing__count").get_text(" ", strip=True)
        assert counted.startswith(f"{count} post"), "every page counts the whole listing"
        if expected == 1:
            assert soup.select_one("nav.ch-pages") is None, "one page needs no links between pages"
        else:
            assert numbers(soup) == [f"[{n}]" if n == number else str(n) for n in range(1, expected + 1)]


def test_each_page_lists_its_share_newest_first_and_drafts_stay_out(hub: Site):
    def titles(url: str) -> list[str]:
        return listed_titles(hub.html(url))

    assert titles("size/seven/") == [title_of(7), "Post 6", "Post 5"]
    assert titles("size/seven/page/2/") == ["Post 4", "Post 3", "Post 2"]
    assert titles("size/seven/page/3/") == ["Post 1"]
    assert titles("size/four/page/2/") == ["Post 1"]
    assert titles("size/six/") == ["Post 6", "Post 5", "Post 4"], "the draft is not built, nor counted"
    assert titles("size/six/page/2/") == ["Post 3", "Post 2", "Post 1"]
    everywhere = " ".join(path.read_text(encoding="utf-8") for path in hub.out.rglob("*.html"))
    assert "Unpublished" not in everywhere


def test_previous_and_next_lead_to_the_neighbours_and_page_one_is_the_value_page(hub: Site):
    first, second, last = "size/seven/", "size/seven/page/2/", "size/seven/page/3/"
    assert steps(hub.html(first), first) == {"next": second}
    assert steps(hub.html(second), second) == {"prev": first, "next": last}
    assert steps(hub.html(last), last) == {"prev": second}
    for url in (first, second, last):
        assert number_links(hub.html(url), url) == {
            n: page for n, page in zip("123", (first, second, last), strict=True) if page != url
        }
    # The author's own value page keeps its text on page 1; page 2 is the hub's.
    six = content(hub.html("size/six/"))
    assert six.h1.get_text(strip=True).startswith("Six, by hand") and "own introduction" in six.get_text()
    assert steps(hub.html("size/six/page/2/"), "size/six/page/2/") == {"prev": "size/six/"}


def test_later_pages_are_titled_with_their_number(hub: Site):
    for url, title in (
        ("size/seven/page/2/", "Seven · page 2"),
        ("size/seven/page/3/", "Seven · page 3"),
        ("size/six/page/2/", "Six · page 2"),
        ("market/b2b/page/3/", f"{HOSTILE_LABEL} · page 3"),
    ):
        soup = hub.html(url)
        assert soup.title.get_text() == f"{title} - Test hub"
        assert content(soup).h1.get_text(strip=True).startswith(title)
        assert open_graph(soup)["og:title"] == [title]
        assert open_graph(soup)["og:url"] == [SITE_URL + url]
    assert hub.html("size/seven/").title.get_text() == "Seven - Test hub"


def test_every_link_and_asset_of_every_page_resolves(hub: Site):
    assert _broken_links(hub) == []


def test_html_in_titles_labels_and_descriptions_is_escaped_once_never_raw(hub: Site):
    for path in hub.out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for raw in ("<script>alert", "<img src=x", "<b>bold</b>", "<b>to</b>", "<posts>", "<general>", "<one>"):
            assert raw not in text, (path, raw)
        assert not re.search(r"&amp;(amp|lt|gt|quot|#3[49]|#x2[27]);", text), f"escaped twice in {path}"
    post = hub.html("posts/p7/")
    assert post.title.get_text() == f"{HOSTILE_POST} - Test hub"
    assert open_graph(post)["og:title"] == [HOSTILE_POST]
    listing = hub.html("market/b2b/")
    assert open_graph(listing)["og:title"] == [HOSTILE_LABEL]
    assert listed_titles(listing)[0] == HOSTILE_POST


def test_a_value_page_is_described_by_its_value_else_its_facet(hub: Site):
    three = hub.html("size/three/")
    assert description(three) == VALUE_DESCRIPTION
    assert open_graph(three)["og:description"] == [VALUE_DESCRIPTION]
    for url in ("size/seven/", "size/seven/page/2/", "size/seven/page/3/"):
        soup = hub.html(url)
        assert description(soup) == FACET_DESCRIPTION, url
        assert open_graph(soup)["og:description"] == [FACET_DESCRIPTION], url
    assert description(hub.html("market/b2b/page/2/")) == "Businesses."
    # The author's own value page: the facet's description, unless the page has its own.
    assert description(hub.html("size/six/")) == FACET_DESCRIPTION
    assert open_graph(hub.html("size/six/"))["og:description"] == [FACET_DESCRIPTION]
    assert description(hub.html("size/one/")) == OWN_DESCRIPTION


def test_a_post_is_described_by_its_description_else_its_excerpt(hub: Site):
    quoted = hub.html("posts/p3/")
    assert description(quoted) == QUOTED
    assert open_graph(quoted)["og:description"] == [QUOTED]
    plain = hub.html("posts/p1/")
    card = next(
        c
        for c in hub.html("size/one/").select(".ch-card")
        if c.select_one(".ch-card__title").get_text(strip=True) == "Post 1"
    )
    excerpt = card.select_one(".ch-card__excerpt").get_text()
    assert excerpt == 'Body of post 1: fish & chips, "quoted".'
    assert description(plain) == excerpt and open_graph(plain)["og:description"] == [excerpt]


def test_open_graph_tags_say_what_each_page_is_once_each(hub: Site):
    post = open_graph(hub.html("posts/p2/"))
    assert post == {
        "og:site_name": ["Test hub"],
        "og:type": ["article"],
        "og:title": ["Post 2"],
        "og:description": ['Body of post 2: fish & chips, "quoted".'],
        "og:url": [SITE_URL + "posts/p2/"],
        "article:published_time": ["2024-01-02T00:00:00+09:00"],
        "article:modified_time": ["2024-03-01T23:30:00-08:00"],
    }
    assert "article:modified_time" not in open_graph(hub.html("posts/p1/")), "never updated"
    listing = open_graph(hub.html("size/seven/page/2/"))
    assert listing["og:type"] == ["website"] and "article:published_time" not in listing
    home = open_graph(hub.html(""))
    assert home["og:type"] == ["website"] and home["og:description"] == ["The site's own description."]
    for path in hub.out.rglob("*.html"):
        if path.name != "404.html":
            found = open_graph(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
            assert found and all(len(contents) == 1 for contents in found.values()), path


def test_a_description_that_mentions_og_attributes_does_not_pass_for_the_themes_tags(hub: Site):
    soup = hub.html("posts/p6/")
    assert description(soup) == OG_LOOKALIKE
    assert open_graph(soup)["og:site_name"] == ["Test hub"], "the hub still writes its tags"


def test_the_sitemap_dates_each_post_by_its_last_change_as_written_and_each_listing_by_its_newest(hub: Site):
    found = lastmods(hub)
    assert {url: found[url] for url in found if url.startswith("posts/")} == {
        "posts/p1/": "2024-01-01",
        "posts/p2/": "2024-03-01",  # updated, the day written (2024-03-02 in Tokyo)
        "posts/p3/": "2024-01-03",
        "posts/p4/": "2024-01-04",  # updated before its date
        "posts/p5/": "2024-01-05",  # the day written (2024-01-06 in Tokyo)
        "posts/p6/": "2024-01-06",
        "posts/p7/": "2024-01-07",
    }
    assert found["size/one/"] == "2024-01-01"
    for url in ("size/three/", "size/four/", "size/six/", "size/seven/", "knowledge-base/", "facets/"):
        assert found[url] == "2024-03-01", url
    assert {"size/seven/page/2/", "size/seven/page/3/", "size/six/page/2/", "market/b2b/page/3/"} <= set(found)
    assert not [url for url in found if "unpublished" in url]


def test_under_material_each_feed_folder_has_a_sitemap_of_its_own_pages(hub: Site):
    assert ElementTree.parse(hub.out / "sitemap.xml").getroot().tag == f"{SITEMAP}urlset", "the site's, untouched"
    for value in ("empty", "one", "three", "four", "six", "seven"):
        folder = f"size/{value}"
        assert (hub.out / folder / "rss.xml").is_file()
        assert list(lastmods(hub, f"{folder}/sitemap.xml")) == sorted(pages_of(hub, folder)), value
    assert list(lastmods(hub, "market/b2b/sitemap.xml")) == sorted(pages_of(hub, "market/b2b"))
    feed_folders = {path.parent for path in hub.out.rglob("rss.xml")}
    assert {path.parent for path in hub.out.rglob("sitemap.xml")} == feed_folders


# -- One post a page, and pages that end in .html ---------------------------------------------------


@pytest.fixture(scope="module")
def one_a_page(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = Site(tmp_path_factory.mktemp("one-a-page"))
    config = base_config(facets={"market": {"values": ["B2B", "B2C"]}}, per_page=1)
    config["use_directory_urls"] = False
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.write("index.md", "# Home\n")
    for day in range(1, 14):
        site.post(f"day-{day:02}", date=f"2024-01-{day:02}", market="B2B")
    site.post("consumer", date="2024-02-01", market="B2C")
    site.build()
    return site


ELIDED = {
    1: "[1] 2 3 … 13",
    2: "1 [2] 3 4 … 13",
    3: "1 2 [3] 4 5 … 13",
    4: "1 2 3 [4] 5 6 … 13",
    5: "1 2 3 4 [5] 6 7 … 13",  # a gap of one page shows the page instead
    7: "1 … 5 6 [7] 8 9 … 13",
    9: "1 … 7 8 [9] 10 11 12 13",
    10: "1 … 8 9 [10] 11 12 13",
    11: "1 … 9 10 [11] 12 13",
    12: "1 … 10 11 [12] 13",
    13: "1 … 11 12 [13]",
}


def html_url(number: int) -> str:
    return "market/b2b.html" if number == 1 else f"market/b2b/page/{number}.html"


@pytest.mark.parametrize("number", sorted(ELIDED))
def test_with_many_pages_the_numbers_show_the_ends_and_two_either_side_with_gaps(one_a_page: Site, number: int):
    url = html_url(number)
    soup = one_a_page.html(url)
    assert " ".join(numbers(soup)) == ELIDED[number]
    expected = {} if number == 1 else {"prev": html_url(number - 1)}
    expected |= {} if number == 13 else {"next": html_url(number + 1)}
    assert steps(soup, url) == expected
    assert number_links(soup, url) == {n: html_url(int(n)) for n in ELIDED[number].split() if n.isdigit()}
    assert listed_titles(soup) == [f"Day {14 - number:02}"]


def test_pages_end_in_html_without_directory_urls_and_every_link_resolves(one_a_page: Site):
    assert sorted(path.name for path in (one_a_page.out / "market/b2b/page").iterdir()) == sorted(
        f"{n}.html" for n in range(2, 14)
    )
    assert not (one_a_page.out / "market/b2b/page/1.html").exists()
    assert not (one_a_page.out / "market/b2c/page").exists()
    assert _broken_links(one_a_page) == []
    assert set(lastmods(one_a_page, "market/b2b/sitemap.xml")) == {html_url(n) for n in range(1, 14)}
    assert {html_url(n) for n in range(1, 14)} <= set(lastmods(one_a_page))
    assert open_graph(one_a_page.html(html_url(5)))["og:url"] == [SITE_URL + html_url(5)]


# -- per_page: the default, 0, and one that is not allowed ----------------------------------------


def test_twenty_a_page_by_default_and_everything_on_one_page_with_zero(site: Site):
    config = base_config(facets={"market": {"values": ["B2B"]}})
    site.configure(config)
    for day in range(1, 22):
        site.post(f"day-{day:02}", date=f"2024-01-{day:02}", market="B2B")
    site.build()
    assert pages_of(site, "market/b2b") == ["market/b2b/", "market/b2b/page/2/"]
    assert len(listed_titles(site.html("market/b2b/"))) == 20
    assert listed_titles(site.html("market/b2b/page/2/")) == ["Day 01"]
    config["plugins"][1]["contenthub/taxonomy"]["per_page"] = 0
    site.configure(config)
    site.build()
    assert pages_of(site, "market/b2b") == ["market/b2b/"]
    assert len(listed_titles(site.html("market/b2b/"))) == 21 and numbers(site.html("market/b2b/")) == []


def test_a_negative_per_page_stops_the_build_on_its_line(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B"]}}, per_page=-1))
    site.post("one", market="B2B")
    result = site.build(check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"^ERROR .* mkdocs\.yml:\d+: \S*per_page: .*\b0 or more", result.stderr, re.M), result.stderr


# -- The roundups index ----------------------------------------------------------------------------

HOSTILE_INDEX = 'Round-ups <b>&</b> "picks"'
HOSTILE_PAGE_TITLE = "{title} <i>p.</i> {number}"
EMPTY_OPML = '<?xml version="1.0"?><opml version="2.0"><head><title>S</title></head><body/></opml>'


def roundups_site(root: Path) -> Site:
    """Three roundups and no outside feed: the index needs none to take pages."""
    site = Site(root)
    config = base_config(
        facets={"market": {"values": ["B2B"]}},
        per_page=1,
        strings={"page.roundups": HOSTILE_INDEX, "pages.title": HOSTILE_PAGE_TITLE},
    )
    config["plugins"] += ["contenthub/roundups", "contenthub/syndication"]
    site.configure(config)
    site.write("index.md", "# Home\n")
    site.post("ours", date="2026-11-01", market="B2B")
    for week, description in ((45, None), (46, None), (47, QUOTED)):
        meta = {"title": f"Week {week} roundup", "date": f"2026-11-{week - 30}", "period": f"2026-W{week}"}
        site.write(
            f"roundups/2026-w{week}.md", front_matter(**meta, **({"description": description} if description else {}))
        )
    (root / "feeds").mkdir()
    (root / "feeds/subscriptions.opml").write_text(EMPTY_OPML, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def roundups(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = roundups_site(tmp_path_factory.mktemp("roundups-index"))
    site.build()
    return site


def test_the_roundups_index_takes_a_page_per_roundup_here(roundups: Site):
    assert pages_of(roundups, "roundups") == ["roundups/", "roundups/page/2/", "roundups/page/3/"]
    expected = [("Week 47 roundup", "[1] 2 3"), ("Week 46 roundup", "1 [2] 3"), ("Week 45 roundup", "1 2 [3]")]
    for (title, shown), url in zip(expected, pages_of(roundups, "roundups"), strict=True):
        soup = roundups.html(url)
        cards = [a.get_text(strip=True) for a in content(soup).select(".ch-roundups .ch-card__title a")]
        assert cards == [title], url
        assert " ".join(numbers(soup)) == shown
    assert steps(roundups.html("roundups/page/2/"), "roundups/page/2/") == {
        "prev": "roundups/",
        "next": "roundups/page/3/",
    }
    assert _broken_links(roundups) == []


def test_the_roundups_index_pages_are_titled_escaped_once(roundups: Site):
    for url, title in (("roundups/", HOSTILE_INDEX), ("roundups/page/2/", f"{HOSTILE_INDEX} <i>p.</i> 2")):
        soup = roundups.html(url)
        assert soup.title.get_text() == f"{title} - Test hub"
        assert content(soup).h1.get_text(strip=True).startswith(title)
        assert open_graph(soup)["og:title"] == [title]
        text = (roundups.out / url / "index.html").read_text(encoding="utf-8")
        assert "<b>&</b>" not in text and "<i>p.</i>" not in text
        assert "&amp;amp;" not in text and "&amp;lt;" not in text
    roundup = open_graph(roundups.html("roundups/2026-w47/"))
    assert roundup["og:type"] == ["article"] and roundup["og:description"] == [QUOTED]


def test_the_roundups_folder_sitemap_lists_every_page_of_the_index(roundups: Site):
    assert list(lastmods(roundups, "roundups/sitemap.xml")) == sorted(pages_of(roundups, "roundups"))
    assert {"roundups/page/2/", "roundups/page/3/"} <= set(lastmods(roundups))


def test_a_roundup_at_the_url_of_an_index_page_is_reported(tmp_path: Path):
    site = roundups_site(tmp_path)
    meta = {"title": "Sneaky", "date": "2026-11-01", "period": "2026-W44"}
    site.write("roundups/page/2.md", front_matter(**meta) + "\nSneaky.\n")
    result = site.build()
    assert (
        "roundups/page/2.md: is where the hub puts page 2 of the listing `roundups` when it has that many; "
        "this post is left out of the hub and the site (move it out of `roundups/page/`)"
    ) in result.stderr
    page = site.html("roundups/page/2/")
    assert page.title.get_text().startswith(HOSTILE_INDEX) and "Sneaky." not in content(page).get_text()
    assert "Sneaky" not in (site.out / "knowledge-base/posts.json").read_text()


def test_an_authors_page_in_a_value_pages_page_folder_is_reported_whatever_the_count(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B"]}}, per_page=1))
    site.post("one", date="2024-01-01", market="B2B")
    site.post("two", date="2024-01-02", market="B2B")
    site.write("market/b2b/page/9.md", "# Nine\n\nNine.\n")
    site.write("market/b2b/page/2/index.md", "# Mine\n\nMine.\n")
    site.write("market/b2b/page/1.md", "# One\n\nOne.\n")  # page 1 is the value's page itself
    result = site.build()
    hint = "(move it out of `market/b2b/page/`)"
    for name, number in (("9.md", 9), ("2/index.md", 2)):
        assert (
            f"market/b2b/page/{name}: is where the hub puts page {number} of the listing `market/b2b` when it has "
            f"that many; the hub's page replaces this one then {hint}"
        ) in result.stderr
    assert "market/b2b/page/1.md" not in result.stderr
    assert "Nine." in content(site.html("market/b2b/page/9/")).get_text(), "no page 9 yet: the author's stays"
    second = site.html("market/b2b/page/2/")
    assert "Mine." not in content(second).get_text() and second.title.get_text().startswith("B2B · page 2")


# -- Other themes, and a theme that writes its own Open Graph tags ---------------------------------


def small_site(site: Site, theme: dict[str, Any], engine: str = "mkdocs") -> None:
    config = base_config(facets={"market": {"values": ["B2B"]}}, per_page=1)
    config["theme"] = theme
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    for day in (1, 2, 3):
        site.post(f"day-{day}", date=f"2024-01-0{day}", market="B2B")
    site.build(engine=engine)


def test_under_the_mkdocs_theme_pages_and_tags_but_no_folder_sitemaps(site: Site):
    small_site(site, {"name": "mkdocs"})
    assert site.exists("market/b2b/page/3/") and (site.out / "market/b2b/rss.xml").is_file()
    assert [path.relative_to(site.out).as_posix() for path in site.out.rglob("sitemap.xml")] == ["sitemap.xml"]
    soup = site.html("market/b2b/page/2/")
    assert open_graph(soup)["og:title"] == ["B2B · page 2"] and soup.title.get_text().startswith("B2B · page 2")
    assert steps(soup, "market/b2b/page/2/") == {"prev": "market/b2b/", "next": "market/b2b/page/3/"}
    assert _broken_links(site) == []


def test_under_materialx_the_feed_folders_get_their_sitemaps_too(site: Site):
    engine = MATERIALX / "properdocs"
    if not engine.exists():
        pytest.fail(f"{engine} is missing: `make test` installs MaterialX in a venv of its own")
    small_site(site, {"name": "materialx", "font": False}, engine=str(engine))
    assert list(lastmods(site, "market/b2b/sitemap.xml")) == ["market/b2b/", "market/b2b/page/2/", "market/b2b/page/3/"]


THEMES_OWN_TAGS = {  # by page: the tag the theme writes, and its content as it reads
    "posts/one/": ("<META content='x' PROPERTY='OG:title'>", "x"),
    "posts/two/": ('<meta name="og:title" content="x">', "x"),
    "market/b2b/": ('<meta content="1 > 0" property="og:title">', "1 > 0"),
    "market/b2b/page/2/": ('<meta property="og:title" content="x">', "x"),
}


def test_a_theme_that_writes_open_graph_tags_gets_none_of_the_hubs(site: Site):
    config = base_config(facets={"market": {"values": ["B2B"]}}, per_page=1)
    config["theme"]["custom_dir"] = "overrides"
    site.configure(config)
    (site.root / "overrides").mkdir()
    branches = "".join(
        f'{{% {"if" if n == 0 else "elif"} page.url == "{url}" %}}{tag}'
        for n, (url, (tag, _)) in enumerate(THEMES_OWN_TAGS.items())
    )
    (site.root / "overrides/main.html").write_text(
        '{% extends "base.html" %}{% block extrahead %}' + branches + "{% endif %}{% endblock %}", encoding="utf-8"
    )
    site.post("one", date="2024-01-01", market="B2B", description="Described.")
    site.post("two", date="2024-01-02", market="B2B")
    site.build()
    for url, (_, read) in THEMES_OWN_TAGS.items():
        found = {key.lower(): contents for key, contents in open_graph(site.html(url)).items()}
        assert found == {"og:title": [read]}, url
    assert description(site.html("posts/one/")) == "Described."
    assert open_graph(site.html("knowledge-base/"))["og:site_name"] == ["Test hub"], "a page the theme left alone"


# -- Drafts while serving, and rebuilds that add and remove pages ----------------------------------


def listing(html: str | None) -> tuple[list[str], list[str]]:
    soup = BeautifulSoup(html or "", "html.parser")
    return listed_titles(soup), numbers(soup)


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_dirty_builds_add_and_drop_later_pages(site: Site, engine: str):
    config = base_config(facets={"market": {"values": ["B2B", "B2C"]}}, per_page=2)
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    for day in (1, 2, 3, 4):
        site.post(f"day-{day}", date=f"2024-01-0{day}", market="B2B")
    site.post("other", date="2024-01-05", market="B2C")
    site.build(engine=engine)
    assert pages_of(site, "market/b2b") == ["market/b2b/", "market/b2b/page/2/"]

    site.post("day-5", date="2024-01-05", market="B2B", updated="2024-06-01")
    site.build("--dirty", engine=engine)
    assert pages_of(site, "market/b2b") == ["market/b2b/", "market/b2b/page/2/", "market/b2b/page/3/"]
    assert listing((site.out / "market/b2b/page/2/index.html").read_text()) == (["Day 3", "Day 2"], ["1", "[2]", "3"])
    assert listing((site.out / "market/b2b/page/3/index.html").read_text()) == (["Day 1"], ["1", "2", "[3]"])
    assert numbers(site.html("market/b2b/")) == ["[1]", "2", "3"]
    assert {"market/b2b/": "2024-06-01", "posts/day-5/": "2024-06-01", "posts/day-1/": "2024-01-01"}.items() <= (
        lastmods(site).items()
    )
    assert "market/b2b/page/3/" in lastmods(site, "market/b2b/sitemap.xml")
    assert _broken_links(site) == []

    for day in (1, 2, 5):
        (site.docs / f"posts/day-{day}.md").unlink()
    site.build("--dirty", engine=engine)
    # MkDocs leaves the old pages' files under --dirty (removed posts' too): nothing may lead to them.
    assert listing(site.html("market/b2b/").decode()) == (["Day 4", "Day 3"], [])
    assert not [url for url in lastmods(site) if "/page/" in url or "day-1" in url]
    assert list(lastmods(site, "market/b2b/sitemap.xml")) == ["market/b2b/"]
    assert lastmods(site)["market/b2b/"] == "2024-01-04"
    linked = " ".join(path.read_text() for path in site.out.rglob("*.html") if "/page/" not in path.as_posix())
    assert "page/2/" not in linked and "page/3/" not in linked


@pytest.fixture(params=["mkdocs", "mkdocs --dirty", "properdocs --dirty"])
def served(request: pytest.FixtureRequest, site: Site) -> Iterator[tuple[Site, str]]:
    config = base_config(facets={"market": {"values": ["B2B", "B2C"]}}, per_page=2)
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.post("day-1", date="2024-01-01", market="B2B")
    site.post("day-2", date="2024-01-02", market="B2B")
    site.post("draft", date="2024-02-01", market="B2B", draft=True)
    site.post("other", date="2024-01-03", market="B2C")
    with serving(site, request.param) as url:
        yield site, url


def test_while_serving_drafts_count_and_edits_add_and_drop_pages(served):
    site, url = served
    assert listing(fetch(url + "market/b2b/")) == (["Draft", "Day 2"], ["[1]", "2"]), "the draft is listed and counted"
    assert listing(fetch(url + "market/b2b/page/2/")) == (["Day 1"], ["1", "[2]"])

    for day in (3, 4):
        site.post(f"day-{day}", date=f"2024-01-1{day}", market="B2B")
    wait_for(lambda: fetch(url + "market/b2b/page/3/") is not None, "page 3 to appear")
    wait_for(lambda: listing(fetch(url + "market/b2b/page/3/")) == (["Day 1"], ["1", "2", "[3]"]), "page 3")
    assert listing(fetch(url + "market/b2b/page/2/")) == (["Day 3", "Day 2"], ["1", "[2]", "3"])
    assert listing(fetch(url + "market/b2b/")) == (["Draft", "Day 4"], ["[1]", "2", "3"])

    # An edit that moves nothing: page 2 and on are still served (Material's blog loses them under --dirty).
    site.post("other", date="2024-01-03", market="B2C", body="Edited.\n")
    wait_for(lambda: "Edited." in (fetch(url + "posts/other/") or ""), "the edit")
    assert listing(fetch(url + "market/b2b/page/3/")) == (["Day 1"], ["1", "2", "[3]"])

    for name in ("day-3", "day-4", "draft"):
        (site.docs / f"posts/{name}.md").unlink()
    wait_for(lambda: listing(fetch(url + "market/b2b/")) == (["Day 2", "Day 1"], []), "the pages to go")
    assert "/page/" not in (fetch(url + "sitemap.xml") or "")
    assert "/page/" not in (fetch(url + "market/b2b/sitemap.xml") or "")


# -- In Chromium: no request of a value page or a roundup page goes unanswered ----------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    port = free_port()
    site = copy_sample_hub(tmp_path_factory.mktemp("sample-pages"), site_url=f"http://127.0.0.1:{port}/")
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(
        config.replace("      related_count: 5\n", "      related_count: 5\n      per_page: 1\n")
    )
    site.build()
    assert site.exists("market/b2b/page/2/") and site.exists("roundups/page/2/")
    with serve_directory(site.out, port) as url:
        yield site, url


@pytest.mark.browser
def test_value_and_roundup_pages_make_no_request_that_fails(sample, page):
    _, url = sample
    responses: list[tuple[int, str]] = []
    page.on("response", lambda response: responses.append((response.status, response.url)))
    page.goto(url + "market/b2b/")
    page.wait_for_load_state("networkidle")
    # Material's instant navigation (it knows page 2 from the sitemap) to the next page of the listing.
    page.click("nav.ch-pages a[rel=next]")
    page.wait_for_url(url + "market/b2b/page/2/")
    # Material sets the URL before it swaps the page in: wait for the new listing itself.
    expect(page.locator("nav.ch-pages [aria-current=page]")).to_have_text("2")
    page.wait_for_load_state("networkidle")
    for path in ("roundups/2026-w47/", "roundups/", "roundups/page/2/"):
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
    sitemaps = {address for status, address in responses if address.endswith("sitemap.xml")}
    assert {url + "market/b2b/sitemap.xml", url + "roundups/sitemap.xml"} <= sitemaps, "Material asked for them"
    assert [(status, address) for status, address in responses if status >= 400] == []


def test_a_theme_whose_head_tag_has_attributes_gets_the_open_graph_tags_too(site: Site):
    config = base_config(facets={"market": {"values": ["B2B"]}})
    config["theme"] = {"name": None, "custom_dir": "theme"}
    config["plugins"].append("contenthub/syndication")
    site.configure(config)
    site.post("one", date="2024-01-02", market="B2B")
    (site.root / "theme").mkdir()
    (site.root / "theme/main.html").write_text(
        '<!doctype html><html><HEAD prefix="og: https://ogp.me/ns#"><title>{{ page.title }}</title></HEAD>'
        "<body><header>{{ config.site_name }}</header>{{ page.content }}</body></html>"
    )
    site.build()
    soup = site.html("posts/one/")
    assert open_graph(soup)["og:title"] == ["One"] and open_graph(soup)["og:type"] == ["article"]
    assert [link["href"] for link in soup.head.select('link[rel="alternate"]')][:1] == ["../../rss.xml"]
    assert "<header>Test hub</header>" in (site.out / "posts/one/index.html").read_text()


def test_without_directory_urls_only_a_page_at_a_later_pages_url_is_reported(site: Site):
    config = base_config(facets={"market": {"values": ["B2B"]}}, per_page=1)
    config["use_directory_urls"] = False
    site.configure(config)
    site.post("one", date="2024-01-01", market="B2B")
    site.post("two", date="2024-01-02", market="B2B")
    site.write("market/b2b/page/2.md", "# Taken\n\nTaken.\n")
    site.write("market/b2b/page/3/index.md", "# Elsewhere\n\nElsewhere.\n")  # page/3/index.html: no clash
    result = site.build()
    assert "market/b2b/page/2.md: is where the hub puts page 2 of the listing `market/b2b`" in result.stderr
    assert "page/3/index.md" not in result.stderr
    assert "Elsewhere." in (site.out / "market/b2b/page/3/index.html").read_text()
    second = (site.out / "market/b2b/page/2.html").read_text()
    assert "Taken." not in second and "One" in second


def test_a_themes_chips_that_loop_over_the_chips_themselves_show_on_cards_and_posts(site: Site):
    """`chips.items` is each chip made once per value and depth; an override may ignore it and loop."""
    config = base_config(facets={"market": {"values": ["B2B", "B2C"]}})
    config["theme"]["custom_dir"] = "overrides"
    site.configure(config)
    (site.root / "overrides/contenthub").mkdir(parents=True)
    (site.root / "overrides/contenthub/chips.html").write_text(
        "{% macro chips(chips) %}<ol class=mine>{% for chip in chips %}"
        "<li><a href='{{ chip.url }}'>{{ chip.facet }}={{ chip.value }}</a></li>{% endfor %}</ol>{% endmacro %}",
        encoding="utf-8",
    )
    site.post("one", date="2024-01-01", market=["B2B", "B2C"])
    site.build()
    on_card = site.html("market/b2b/").select(".ch-card .mine a")
    on_post = site.html("posts/one/").select(".ch-post-meta .mine a")
    assert [(a["href"], a.get_text()) for a in on_card] == [
        ("../../market/b2b/", "Market=B2B"),
        ("../../market/b2c/", "Market=B2C"),
    ]
    assert [(a["href"], a.get_text()) for a in on_post] == [
        ("../../market/b2b/", "Market=B2B"),
        ("../../market/b2c/", "Market=B2C"),
    ]


def test_chips_are_made_once_per_value_and_depth_and_link_from_each_depth(site: Site):
    site.configure(base_config(facets={"market": {"values": ["B2B", "B2C"]}}))
    site.post("one", date="2024-01-01", market=["B2B", "B2C"])
    site.post("two", date="2024-01-02", market=["B2C"])
    site.build()
    chips = site.html("market/b2c/").select(".ch-card [data-ch-chip] a")
    b2b, b2c = "../../market/b2b/", "../../market/b2c/"
    assert [a["href"] for a in chips] == [b2c, b2b, b2c]  # newest first: two, then one
    assert [a.get_text(" ", strip=True) for a in chips] == ["Market B2C", "Market B2B", "Market B2C"]
    on_post = site.html("posts/two/").select(".ch-post-meta [data-ch-chip] a")
    assert [a["href"] for a in on_post] == ["../../market/b2c/"]
