"""Parsing and cleaning outside entries without a server: titles as plain text, JSON Feeds of any shape,
and the links an outside story may carry on a hub page."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from contenthub.ingest.cache import SourceCache
from contenthub.ingest.cache_file import load_cache, save_cache
from contenthub.ingest.clean import ReadFeed, clean_entry, read_feed
from contenthub.ingest.parse import RawEntry, parse_feed
from contenthub.ingest.stories import Story, StoryIndex
from contenthub.model import Entry, Source
from contenthub.present import Group

from conftest import presentation

SEEN = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
FEED_URL = "https://blog.example/feed"


def atom(title: str, feed_title: str = "<title>Blog</title>") -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">{feed_title}<id>urn:blog</id>
<updated>2026-11-20T09:00:00Z</updated>
<entry><id>urn:blog:1</id><updated>2026-11-20T09:00:00Z</updated>{title}
<link href="https://blog.example/1"/><summary>Body.</summary></entry></feed>""".encode()


def rss(title: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link><description>d</description>
<item><title>{title}</title><link>https://blog.example/1</link><guid>g1</guid>
<description>Body.</description></item></channel></rss>""".encode()


def read(body: bytes, content_type: str = "application/xml") -> ReadFeed:
    found = read_feed(body, content_type, FEED_URL, "blog", SEEN)
    assert not found.problem, found.problem
    return found


def title_of(body: bytes) -> str:
    (entry,) = read(body).entries
    return entry.title


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # Atom HTML: entities and tags are markup, so the words are what is left.
        ('<title type="html">Ben &amp;amp; Jerry&lt;b&gt;’s&lt;/b&gt; news</title>', "Ben & Jerry’s news"),
        ('<title type="html">\n Q&amp;amp;A:\n &lt;em&gt;social&lt;/em&gt;  selling </title>', "Q&A: social selling"),
        # A tag escaped twice in HTML is a tag's text, shown as such.
        ('<title type="html">Use &amp;lt;table&amp;gt; less</title>', "Use <table> less"),
        (
            '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Ben &amp; <b>Jerry</b>’s</div></title>',
            "Ben & Jerry’s",
        ),
    ],
)
def test_an_atom_html_title_becomes_plain_text(title: str, expected: str) -> None:
    assert title_of(atom(title)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ('<title type="text">1 &lt; 2 &amp;amp; &lt;b&gt;</title>', "1 < 2 &amp; <b>"),
        ("<title>  Tags &lt;b&gt; stay\n text </title>", "Tags <b> stay text"),
    ],
)
def test_an_atom_text_title_is_kept_as_written(title: str, expected: str) -> None:
    assert title_of(atom(title)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # feedparser takes an RSS title for HTML when it holds entities or harmless tags...
        ("Ben &amp;amp; Jerry", "Ben & Jerry"),
        ("<![CDATA[Q&amp;A: <em>social</em> selling]]>", "Q&A: social selling"),
        ("Plain <b>inline</b> tag", "Plain inline tag"),
        # ...and for text otherwise, which stays exactly as written.
        ("&lt;script&gt;alert(1)&lt;/script&gt; Hostile", "<script>alert(1)</script> Hostile"),
        ("1 &lt; 2 &amp; 3", "1 < 2 & 3"),
    ],
)
def test_an_rss_title_is_read_as_feedparser_types_it(title: str, expected: str) -> None:
    assert title_of(rss(title)) == expected


def test_a_feed_html_title_becomes_plain_text() -> None:
    feed_title = '<title type="html">Ben &amp;amp; Jerry&lt;b&gt;’s&lt;/b&gt;</title>'
    found = read(atom("<title>Post</title>", feed_title))
    assert found.title == "Ben & Jerry’s"


def test_a_title_made_plain_keeps_the_entry_identity() -> None:
    """An entry with neither GUID nor link is known by a hash of its raw title: plain-texting the title
    for display must not give it a new identity (it would show up again as a new entry)."""
    body = rss("Ben &amp;amp; Jerry").replace(b"<guid>g1</guid>", b"")
    body = body.replace(b"<link>https://blog.example/1</link>", b"")
    (raw,) = parse_feed(body, "application/rss+xml", FEED_URL).entries
    (entry,) = read(body).entries
    assert raw.title == "Ben &amp; Jerry" and entry.title == "Ben & Jerry"
    as_text = clean_entry(replace(raw, title_html=False), "blog", FEED_URL, SEEN)
    assert entry.id.startswith("sha256:") and entry.id == as_text.id


def json_feed(*items: Any, **top: Any) -> bytes:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": list(items), **top}
    return json.dumps(document).encode()


def json_entries(body: bytes) -> tuple[Entry, ...]:
    return read(body, "application/feed+json").entries


def test_a_json_feed_tag_string_is_one_tag() -> None:
    (entry,) = json_entries(json_feed({"id": "1", "url": "https://j.example/1", "tags": "LinkedIn"}))
    assert entry.categories == ("LinkedIn",)


def test_a_json_feed_ignores_tags_that_are_not_strings() -> None:
    tags = ["B2B", 3, None, {"name": "x"}, ["y"], True, " ", "Email"]
    (entry,) = json_entries(json_feed({"id": "1", "url": "https://j.example/1", "tags": tags}))
    assert entry.categories == ("B2B", "Email")


@pytest.mark.parametrize("tags", [7, 1.5, True, {"LinkedIn": 1}, None])
def test_a_json_feed_tags_of_another_type_give_no_tags(tags: Any) -> None:
    (entry,) = json_entries(json_feed({"id": "1", "url": "https://j.example/1", "tags": tags}))
    assert entry.categories == ()


@pytest.mark.parametrize(
    ("authors", "expected"),
    [("Jane", ""), (5, ""), (True, ""), ([5, "Jane", {"name": ["x"]}, {"name": 3}, {"name": "Ann"}], "3, Ann")],
)
def test_a_json_feed_author_of_the_wrong_type_is_no_author(authors: Any, expected: str) -> None:
    (entry,) = json_entries(json_feed({"id": "1", "url": "https://j.example/1", "authors": authors}))
    assert entry.author == expected


def test_a_json_feed_single_author_object_is_read() -> None:
    item = {"id": "1", "url": "https://j.example/1", "authors": {"name": "Jane"}}
    one, old = json_entries(json_feed(item, {"id": "2", "author": {"name": "Old"}}))
    assert (one.author, old.author) == ("Jane", "Old")


def test_a_json_feed_coerces_or_skips_fields_of_the_wrong_type() -> None:
    body = json_feed(
        {"id": 42, "url": ["https://j.example/no"], "external_url": "https://j.example/ext", "title": 7},
        {"id": True, "url": 12, "title": ["no"], "content_html": {"no": 1}, "content_text": "Text body"},
        "not an item",
        [1, 2],
        None,
        title=["no"],
        home_page_url=5,
    )
    found = read(body, "application/feed+json")
    assert found.title == ""
    first, second = found.entries
    assert (first.id, first.url, first.title) == ("42", "https://j.example/ext", "7")
    assert second.url == "" and not second.id.startswith("True")
    assert second.title == "Text body" and second.summary_html == "Text body"


@pytest.mark.parametrize(
    "body",
    [
        json_feed(items={"0": {"id": "1"}}),
        json_feed(items="items"),
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [], "n": ' + b"9" * 5000 + b"}",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b'{"version": ["https://jsonfeed.org/version/1.1"], "items": []}',
        b"[]",
        b"\xff\xfe",
    ],
)
def test_a_json_feed_of_the_wrong_shape_is_a_problem_not_a_crash(body: bytes) -> None:
    found = read_feed(body, "application/feed+json", FEED_URL, "blog", SEEN)
    assert found.problem and not found.entries


SOURCES = {
    "alpha": Source("alpha", "Alpha & Co", "https://alpha.example/feed", "https://alpha.example/"),
    "bad": Source("bad", "Bad site", "https://bad.example/feed", "javascript:alert(2)"),
    "none": Source("none", "No site", "https://none.example/feed"),
}


def story_html(story: Story, zone: ZoneInfo | Any) -> str:
    present = presentation()
    card = present.story(story, SOURCES, zone, "roundups/2026-w47/")
    return present.fragment("roundup", period="Week 47", total=1, groups=[Group("Blogs", "g", (card,))], in_feed=False)


def story(url: str, *sources: str) -> BeautifulSoup:
    entry = Entry(id="e1", source=sources[0], url=url, title="A <b>title</b>", published=SEEN)
    return BeautifulSoup(story_html(Story(entry, sources, ()), UTC), "html.parser")


NOT_WEB = ["javascript:alert(1)", " JavaScript:alert(1)", "\tjava\nscript:alert(1)", "data:text/html,<b>x</b>",
           "vbscript:x", "//evil.example/x", "/relative", "ftp://files.example/x", "httpx://x"]  # fmt: skip


@pytest.mark.parametrize("url", NOT_WEB)
def test_a_story_links_its_title_only_to_the_web(url: str) -> None:
    soup = story(url, "none")
    title = soup.select_one(".ch-card__title")
    assert title is not None and title.select_one("a") is None
    assert title.get_text() == "A <b>title</b>"
    assert soup.select_one(".ch-card__meta a") is None, "nor does the credit fall back to it"
    assert soup.select_one(".ch-card__meta").get_text().startswith("No site")


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://j.example/1", "https://j.example/1"),
        ("HTTP://J.example/1", "HTTP://J.example/1"),
        ("  https://j.example/1?a=1&b=2\n", "https://j.example/1?a=1&b=2"),
    ],
)
def test_a_story_title_links_to_a_web_url(url: str, href: str) -> None:
    link = story(url, "none").select_one(".ch-card__title a")
    assert link is not None and link["href"] == href and link.get_text() == "A <b>title</b>"


def test_a_story_credit_links_only_to_the_web() -> None:
    credits = story("https://j.example/1", "alpha", "bad", "none", "gone").select_one(".ch-card__meta")
    assert credits is not None
    assert [(a.get_text(), a["href"]) for a in credits.select("a")] == [
        ("Alpha & Co", "https://alpha.example/"),
        ("Bad site", "https://j.example/1"),  # a site URL that is no web page gives way to the entry's
        ("No site", "https://j.example/1"),
    ]
    assert "gone" in credits.get_text()
    unlinked = story("javascript:alert(1)", "bad").select_one(".ch-card__meta")
    assert unlinked is not None and unlinked.select("a") == [] and "Bad site" in unlinked.get_text()


# -- dates at the ends of the calendar, and links no URL can hold -------------------------------------

ZONES = [ZoneInfo("Asia/Tokyo"), ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Etc/GMT+12"), UTC]


def shown_everywhere(entries: tuple[Entry, ...], tmp_path: Path) -> None:
    """What a build and a draft do with an entry's date: show it in the site's timezone, file it by day,
    and store it in a cache that reads back."""
    for zone in ZONES:
        for entry in entries:
            story_html(Story(entry, (entry.source,), ()), zone)
            assert StoryIndex([Story(entry, (entry.source,), ())], zone).by_day
    path = tmp_path / "blog.json"
    save_cache(path, SourceCache("blog", entries={entry.id: entry for entry in entries}))
    cache, problem = load_cache(path, "blog")
    assert problem is None and cache is not None and cache.entries == {entry.id: entry for entry in entries}


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:00:00-05:00",
        "9999-06-01T00:00:00Z",
        "0001-12-31T23:30:00-01:00",  # year 2 in UTC, but year 1 as written
        "9998-12-31T23:00:00-05:00",  # year 9998 as written, but 9999 in UTC
    ],
)
def test_a_json_feed_date_at_the_ends_of_the_calendar_is_no_date(moment: str, tmp_path: Path) -> None:
    body = json_feed(
        {"id": "1", "url": "https://j.example/1", "date_published": moment},
        {"id": "2", "url": "https://j.example/2", "date_published": "2026-11-20T09:00:00Z", "date_modified": moment},
    )
    (raw_one, raw_two) = parse_feed(body, "application/feed+json", FEED_URL).entries
    assert raw_one.published is None and raw_two.updated is None
    one, two = json_entries(body)
    assert (one.published, one.updated, one.date) == (None, None, SEEN), "first seen today instead"
    assert two.published == datetime(2026, 11, 20, 9, tzinfo=UTC) and two.updated is None
    shown_everywhere((one, two), tmp_path)


@pytest.mark.parametrize(
    "moment",
    ["Fri, 31 Dec 9999 23:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 GMT"],
)
def test_an_rss_date_at_the_ends_of_the_calendar_is_no_date(moment: str, tmp_path: Path) -> None:
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link><description>d</description>
<item><title>Late</title><link>https://blog.example/1</link><guid>g1</guid><pubDate>{moment}</pubDate></item>
<item><title>Ok</title><link>https://blog.example/2</link><guid>g2</guid>
<pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>""".encode()
    late, ok = read(body).entries
    assert (late.published, late.updated, late.date) == (None, None, SEEN)
    assert ok.published == datetime(2026, 11, 20, 9, tzinfo=UTC)
    shown_everywhere((late, ok), tmp_path)


def test_an_atom_updated_date_at_the_end_of_the_calendar_is_no_date(tmp_path: Path) -> None:
    body = atom("<title>T</title>").replace(b"<updated>2026-11-20T09:00:00Z</updated><title>", b"<title>")
    body = body.replace(b"<title>T</title>", b"<title>T</title><updated>9999-12-31T23:59:59Z</updated>")
    (entry,) = read(body).entries
    assert entry.date == SEEN
    shown_everywhere((entry,), tmp_path)


def test_the_first_and_last_years_any_timezone_can_show_are_kept(tmp_path: Path) -> None:
    early, late = datetime(2, 1, 1, tzinfo=UTC), datetime(9998, 12, 31, 23, 59, 59, tzinfo=UTC)
    body = json_feed(
        {"id": "1", "url": "https://j.example/1", "date_published": "0002-01-01T00:00:00Z"},
        {"id": "2", "url": "https://j.example/2", "date_published": "9998-12-31T23:59:59+00:00"},
    )
    one, two = json_entries(body)
    assert (one.published, two.published) == (early, late)
    shown_everywhere((one, two), tmp_path)


def test_clean_entry_drops_a_date_no_timezone_can_show() -> None:
    raw = RawEntry(guid="g", link="https://j.example/1", published=datetime(9999, 12, 31, 23, tzinfo=UTC))
    assert clean_entry(raw, "blog", FEED_URL, SEEN).date == SEEN


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://j.example/\ud800", "https://j.example/"),
        ("https://j.example/a\udfff?utm_source=x&b=1", "https://j.example/a?b=1"),
        ("/rel\udc80ative", "https://blog.example/relative"),
        ("\ud800", ""),
        ("http://[oops/x", ""),
        ("https://[oops/?utm_source=x", ""),
        ("//[bad/x", ""),
    ],
)
def test_a_link_no_url_can_hold_loses_only_what_it_cannot_hold(url: str, expected: str, tmp_path: Path) -> None:
    """A lone surrogate (JSON's `\\ud800`) has no UTF-8 to percent-encode, and an unclosed `[` is no host:
    either failed the whole feed. The rest of the feed is read as ever."""
    body = json_feed(
        {"id": "1", "url": url, "title": "One", "content_html": '<a href="x">x</a>'},
        {"id": "2", "url": "https://j.example/2", "title": "Two"},
    )
    assert b"\\ud" in body or "[" in url, "the surrogate is sent as JSON's escape, as a feed would"
    one, two = json_entries(body)
    assert (one.id, one.url, one.title) == ("1", expected, "One")
    base = expected or FEED_URL
    assert one.summary_html == f'<a href="{base.rsplit("/", 1)[0]}/x">x</a>', "its HTML resolves against it"
    assert (two.id, two.url, two.title) == ("2", "https://j.example/2", "Two")
    shown_everywhere((one, two), tmp_path)


def test_lone_surrogates_in_titles_authors_and_tags_are_left_out(tmp_path: Path) -> None:
    body = json_feed(
        {
            "id": "a\ud800",
            "external_url": "https://j.example/\udfff1",
            "title": "Ti\ud800tle",
            "authors": [{"name": "An\udc00n"}],
            "tags": ["Link\ud83dedIn"],
            "content_html": "<p>Bo\ud800dy</p>",
        }
    )
    (entry,) = json_entries(body)
    assert entry.id == "a\ud800", "the id stays as the feed gave it: the cache writes it as an escape"
    assert (entry.url, entry.title, entry.author, entry.categories) == (
        "https://j.example/1",
        "Title",
        "Ann",
        ("LinkedIn",),
    )
    assert entry.summary_html == "<p>Body</p>" and entry.excerpt == "Body"
    story_html(Story(entry, ("blog",), ()), UTC).encode("utf-8")
    shown_everywhere((entry,), tmp_path)
