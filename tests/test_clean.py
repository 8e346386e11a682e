"""Parsing and cleaning outside entries without a server: titles as plain text, JSON Feeds of any shape,
and the links an outside story may carry on a hub page."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup

from contenthub.ingest.clean import ReadFeed, clean_entry, read_feed
from contenthub.ingest.curate import Story
from contenthub.ingest.parse import parse_feed
from contenthub.mkdocs.fragments import story_html
from contenthub.model import Entry, Source

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
    assert second.title == "Text body" and second.summary_html == "<p>Text body</p>"


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


def story(url: str, *sources: str) -> BeautifulSoup:
    entry = Entry(id="e1", source=sources[0], url=url, title="A <b>title</b>", published=SEEN)
    html = story_html(Story(entry, sources, ()), "", SOURCES, UTC)
    return BeautifulSoup(html, "html.parser")


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
