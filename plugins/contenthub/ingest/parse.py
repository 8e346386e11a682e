"""Parse a feed's bytes: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 with feedparser, JSON Feed with `json`.

feedparser gets the bytes as a stream with the response's content type and final URL, never a string
(a string that looks like a path makes it read a local file). It has a known ReDoS (issue #562), so
each parse runs in a worker process with a time limit (`workers.WorkerPool`).
"""

from __future__ import annotations

import calendar
import codecs
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.sax import SAXParseException

from ..model import FIRST_YEAR, LAST_YEAR

JSON_TYPES = ("application/feed+json", "application/json")
HTML_TYPES = ("text/html", "application/xhtml+xml")
"""feedparser's types for a title that is markup (Atom `type="html"` or `"xhtml"`, or an RSS title it
guesses is HTML) rather than text."""
XML_BASE = tuple("xml:base".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml")
"""The types a page's `<link rel="alternate">` gives its feeds (not plain JSON: WordPress gives its API so)."""
_HEAD_BYTES = 1024 * 1024
"""How much of a page is searched for its head's links."""
_PROLOG = rb"(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->)*+"
"""A declaration and comments. Possessive (`*+`): never tried again another way, so a page of a thousand
comments that leads to no match costs one pass, not one per way of pairing their ends."""
_HTML_START = re.compile(_PROLOG + rb"<(?:!doctype\s+html|html[\s>])", re.I | re.S)
"""A document that opens as a web page."""
_ROOT = re.compile(_PROLOG + rb"(?:<!doctype[^>\[]*+(?:\[.*?\])?\s*>)?\s*<([A-Za-z_][\w.:-]*)", re.I | re.S)
"""The first element's name, after the declaration, comments and doctype."""
_DECLARATIONS = [
    (codecs.BOM_UTF8, b"<?xml"),
    (codecs.BOM_UTF16_LE, "<?xml".encode("utf-16-le")),
    (codecs.BOM_UTF16_BE, "<?xml".encode("utf-16-be")),
]


@dataclass(frozen=True)
class RawEntry:
    """An entry as the feed wrote it: HTML not yet cleaned, URLs possibly relative."""

    guid: str = ""
    link: str = ""
    title: str = ""
    title_html: bool = False
    """The title is HTML, to show as its plain text; kept raw here since the identity may hash it."""
    author: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    summary: str = ""
    content: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    title: str = ""
    link: str = ""
    entries: tuple[RawEntry, ...] = ()
    problem: str = ""
    """Set when the bytes are no feed at all; the entries are then empty."""
    notes: tuple[str, ...] = field(default=())
    """Problems feedparser worked around (a wrong charset, say), for the report."""
    title_html: bool = False


def parse_feed(body: bytes, content_type: str, url: str) -> ParsedFeed:
    """Parse one feed. Pure: bytes in, plain data out; safe to run in a worker process."""
    media_type = content_type.split(";")[0].strip().lower()
    if _HTML_START.match(body[:4096]):  # a page never is a feed, whatever type the server gave it
        return ParsedFeed(problem=_web_page(body, url))
    if media_type in JSON_TYPES or (not media_type and body.lstrip()[:1] == b"{"):
        return _json_feed(body)
    return _feedparser(body, content_type, url)


def _feedparser(body: bytes, content_type: str, url: str) -> ParsedFeed:
    import feedparser  # imported in the worker, where the parse runs

    headers = {"content-type": content_type or "application/xml"}
    if any(marker in body for marker in XML_BASE):
        # Given the feed's URL, feedparser joins it with each element's base at every start tag: a quarter
        # of its time (2026-12, feedparser 6.0.14). Only an xml:base needs that; other relative links
        # resolve against the feed's URL when the entries are cleaned, to the same result.
        headers["content-location"] = url
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers=headers,
        # Links in entry HTML resolve later against the entry's own link, not against the feed's URL.
        resolve_relative_uris=False,
        # nh3 cleans every entry's HTML (sanitize.safe_html), as it does JSON Feed's, which feedparser never
        # sees. feedparser's own pass is weaker (it lets `javascript:` through inside SVG) and took 30% of
        # the workers' time (2026-12, feedparser 6.0.14).
        sanitize_html=False,
    )
    found = parsed.entries or parsed.feed.get("title")
    if not found and (parsed.get("bozo") or not parsed.get("version")):  # no version: no RSS nor Atom in it
        return ParsedFeed(problem=_no_feed(body, content_type, url, parsed.get("bozo_exception")))
    notes: tuple[str, ...] = ()
    if parsed.get("bozo"):
        notes = (str(parsed.get("bozo_exception") or "unknown error").strip(),)
    entries = tuple(
        RawEntry(
            guid=str(entry.get("id") or ""),
            link=str(entry.get("link") or ""),
            title=str(entry.get("title") or ""),
            title_html=_is_html(entry),
            author=str(entry.get("author") or ""),
            published=_utc(entry.get("published_parsed")),
            # `dict.get`: feedparser's own `get("updated")` falls back to the publication date (with a
            # DeprecationWarning); an update is only one the feed states, and not the same as published.
            updated=_utc(dict.get(entry, "updated_parsed"))
            if dict.get(entry, "updated") not in (None, entry.get("published"))
            else None,
            summary=str(entry.get("summary") or ""),
            content=str(entry["content"][0].get("value") or "") if entry.get("content") else "",
            categories=tuple(str(tag.get("term")) for tag in entry.get("tags") or () if tag.get("term")),
        )
        for entry in parsed.entries
    )
    feed = parsed.feed
    return ParsedFeed(
        str(feed.get("title") or ""), str(feed.get("link") or ""), entries, notes=notes, title_html=_is_html(feed)
    )


def _no_feed(body: bytes, content_type: str, url: str, error: Any) -> str:
    """What the bytes are, since they are no feed: a page, another kind of file, broken XML, other XML."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in HTML_TYPES:
        return _web_page(body, url)
    text = body.removeprefix(codecs.BOM_UTF8).lstrip()
    if not text.startswith(b"<"):
        if media_type and "xml" not in media_type and "json" not in media_type:
            return f"the address gives {media_type}, not a feed"
        return "not a readable feed: it is not XML"
    if isinstance(error, SAXParseException):
        # feedparser puts its own XML declaration before a feed that has none: one line more.
        declared = any(body.removeprefix(bom).startswith(start) for bom, start in _DECLARATIONS)
        line = (error.getLineNumber() or 1) - (0 if declared else 1)
        return f"not a readable feed: the XML is broken at line {max(line, 1)} ({error.getMessage()})"
    if error is not None:  # feedparser's own words: a wrong encoding, an undeclared namespace
        return f"not a readable feed ({str(error).strip()})"
    root = _ROOT.match(text[:4096])
    named = f" (its root element is <{root.group(1).decode('ascii')}>)" if root else ""
    return f"not a feed: the XML is neither RSS nor Atom{named}"


def _web_page(body: bytes, url: str) -> str:
    """The problem with a web page where a feed was expected, naming the feed the page links to, if any."""
    page = "the address gives a web page, not a feed"
    feed = _feed_link(body, url)
    if feed:
        return f"{page}; the page names its feed, {feed}: put that in xmlUrl in the subscriptions"
    return f"{page}, and names none: put the blog's feed address in xmlUrl in the subscriptions"


def _feed_link(body: bytes, url: str) -> str:
    """The first feed the page's head announces (`<link rel="alternate" type="application/rss+xml" …>`),
    resolved against the page's URL and its `<base>`; "" for none."""
    finder = _FeedLinks()
    try:
        finder.feed(body[:_HEAD_BYTES].decode("utf-8", "replace"))
        finder.close()
    except _EndOfHead:
        pass
    except (AssertionError, ValueError):  # html.parser still asserts on some broken declarations
        pass
    base = urljoin(url, finder.base) if finder.base else url
    for href in finder.feeds:
        try:
            feed = urljoin(base, href)
        except ValueError:  # `http://[oops/`
            continue
        if urlsplit(feed).scheme in ("http", "https") and feed != url:
            return feed
    return ""


class _EndOfHead(Exception):
    pass


class _FeedLinks(HTMLParser):
    """Collects the feed links and the base in a page's head; stops at the body, where links are not
    announcements (html.parser: the standard library's forgiving parser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base = ""
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            raise _EndOfHead
        values = {name: (value or "").strip() for name, value in attrs}
        if tag == "base" and not self.base:
            self.base = values.get("href", "")
        elif tag == "link" and values.get("href"):
            kind = values.get("type", "").split(";")[0].strip().lower()
            if "alternate" in values.get("rel", "").lower().split() and kind in FEED_TYPES:
                self.feeds.append(values["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            raise _EndOfHead


def _is_html(element: Any) -> bool:
    detail = element.get("title_detail") or {}
    return str(detail.get("type") or "").lower() in HTML_TYPES


def _utc(moment: Any) -> datetime | None:
    """feedparser's dates are UTC struct_times."""
    if not moment:
        return None
    try:
        return in_calendar(datetime.fromtimestamp(calendar.timegm(moment), UTC))
    except (OverflowError, OSError, ValueError, TypeError):
        return None


def in_calendar(moment: datetime | None) -> datetime | None:
    """The date, or None when it falls outside `FIRST_YEAR`..`LAST_YEAR` as written or in UTC (a naive
    date is taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        utc = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return moment if FIRST_YEAR <= moment.year <= LAST_YEAR and FIRST_YEAR <= utc.year <= LAST_YEAR else None


def _json_feed(body: bytes) -> ParsedFeed:
    """JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/); feedparser 6 reads neither."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return ParsedFeed(problem=f"not a readable JSON Feed: it is not UTF-8 (at byte {error.start + 1})")
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        return ParsedFeed(problem=f"not a readable JSON Feed: the JSON is broken at {where} ({error.msg})")
    except ValueError:  # an integer too long to convert
        return ParsedFeed(problem="not a readable JSON Feed: it holds a number too long to read")
    except RecursionError:
        return ParsedFeed(problem="not a readable JSON Feed: its arrays or objects nest too deep")
    if not isinstance(document, dict) or not _text(document.get("version")).startswith("https://jsonfeed.org/"):
        return ParsedFeed(problem="not a JSON Feed (no `version` of https://jsonfeed.org/…)")
    items = document.get("items")
    if not isinstance(items, list):
        return ParsedFeed(problem="not a JSON Feed (no `items` list)")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        # Feeds get these wrong: 1.1's `authors` as one object, 1.0's `author`, or a bare string.
        authors = _listed(item.get("authors")) or _listed(item.get("author"))
        entries.append(
            RawEntry(
                guid=_text(item.get("id")),
                link=next((u for u in (item.get("url"), item.get("external_url")) if isinstance(u, str) and u), ""),
                title=_text(item.get("title")),
                author=", ".join(filter(None, (_text(a.get("name")) for a in authors if isinstance(a, dict)))),
                published=_date(item.get("date_published")),
                updated=_date(item.get("date_modified")),
                summary=_text(item.get("summary")),
                content=_text(item.get("content_html")) or _escaped(_text(item.get("content_text"))),
                categories=tuple(tag for tag in _listed(item.get("tags")) if isinstance(tag, str)),
            )
        )
    return ParsedFeed(_text(document.get("title")), _text(document.get("home_page_url")), tuple(entries))


def _text(raw: Any) -> str:
    """A string field, or a number as the spec says to coerce an id; anything else (true, a list) is none."""
    if isinstance(raw, str):
        return raw
    return str(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else ""


def _listed(raw: Any) -> list[Any]:
    """A list field, or a lone value as a list of one (`"tags": "LinkedIn"` is one tag, not eight)."""
    if isinstance(raw, list):
        return raw
    return [raw] if isinstance(raw, str | dict) else []


def _escaped(text: str) -> str:
    """A JSON Feed's `content_text` as the HTML every other entry carries: the text, escaped (the hub
    shows an outside entry as its plain-text excerpt, so no markup is added around it)."""
    from html import escape

    return escape(text)


def _date(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return in_calendar(moment)
