"""Clean a parsed entry into an `Entry`: safe HTML, absolute and untracked links, a plain-text excerpt,
and an identity that survives the next refresh. `read_feed` parses and cleans a whole feed: the job a
refresh gives its worker processes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from ..model import Entry
from ..sanitize import absolute_url, plain_text, safe_html, xml_text
from ..text import truncate
from .parse import RawEntry, in_calendar, parse_feed

EXCERPT_LENGTH = 300


@dataclass(frozen=True)
class ReadFeed:
    title: str = ""
    entries: tuple[Entry, ...] = ()
    problem: str = ""
    """Set when the bytes are no feed at all; the entries are then empty."""


def read_feed(body: bytes, content_type: str, url: str, source_id: str, seen: datetime) -> ReadFeed:
    """Parse the fetched bytes and clean every entry. Pure, so it can run in a worker process."""
    parsed = parse_feed(body, content_type, url)
    if parsed.problem:
        return ReadFeed(problem=parsed.problem)
    entries = tuple(clean_entry(raw, source_id, url, seen) for raw in parsed.entries)
    return ReadFeed(_title(parsed.title, parsed.title_html), entries)


def clean_entry(raw: RawEntry, source_id: str, feed_url: str, seen: datetime) -> Entry:
    """`feed_url` is where the feed was fetched from: relative links in it resolve against the entry's own
    link, else against the feed."""
    link = _link(raw.link, feed_url)
    base = link or feed_url
    summary_html = safe_html(raw.summary or raw.content, base, untrack=True, data_images=True)
    title = _title(raw.title, raw.title_html) or _untitled(raw, summary_html)
    return Entry(
        id=_identity(raw, link),
        source=source_id,
        url=link,
        title=title,
        author=" ".join(xml_text(raw.author).split()),
        published=in_calendar(raw.published),
        updated=in_calendar(raw.updated),
        summary_html=summary_html,
        excerpt=truncate(plain_text(summary_html), EXCERPT_LENGTH),
        categories=tuple(dict.fromkeys(" ".join(xml_text(c).split()) for c in raw.categories if c.strip())),
        content_hash=_digest(title, summary_html, link),
        first_seen=seen,
    )


def _link(raw: str, feed_url: str) -> str:
    """The entry's link made absolute and untracked; "" for none, for a javascript: or data: "link", and
    for what is no URL at all (`http://[oops/`). Characters a URL cannot carry (a JSON Feed may send a
    lone surrogate, which has no UTF-8 to percent-encode) are left out first."""
    raw = xml_text(raw).strip()
    if not raw:
        return ""
    try:
        link = absolute_url(feed_url, raw, untrack=True)
        return link if urlsplit(link).scheme in ("http", "https") else ""
    except ValueError:  # an unclosed `[` of an IPv6 host, say
        return ""


def _title(text: str, html: bool) -> str:
    """A title on one line; an HTML one as its words, or pages would show its tags and entities as text.
    A text title stays exactly as written, `<script>` and all: it is escaped wherever it is shown."""
    return plain_text(text) if html else " ".join(xml_text(text).split())


def _identity(raw: RawEntry, link: str) -> str:
    """The feed's GUID, else the entry's link, else a hash of its title and content (RFC 4287 ids and RSS
    guids are meant to be permanent; a link is the next best thing; a hash is what is left)."""
    guid = raw.guid.strip()
    if guid:
        return guid
    if link:
        return link
    return "sha256:" + _digest(raw.title, raw.content or raw.summary)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _untitled(raw: RawEntry, summary_html: str) -> str:
    words = plain_text(summary_html)
    return truncate(words, 80) if words else "(untitled)"
