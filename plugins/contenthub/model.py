"""The hub's domain objects: small, frozen and free of any MkDocs type."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


class Severity(Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem with the input, reported with everything a user needs to fix it."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        """One line, whatever the message quotes: a line break or a terminal escape in a pick, a title or
        a feed's text is shown as its escape (`\\n`), never acted on."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return one_line(f"{text} ({self.hint})" if self.hint else text)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """Text for a log line: line breaks, terminal escapes and bidirectional overrides shown as escapes."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True, slots=True)
class Value:
    """One allowed value of a facet, e.g. B2B of the market facet."""

    facet: str
    slug: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    """Words that suggest the value in an outside entry's text; unlike aliases, not for front matter."""
    id: str = field(init=False, repr=False, compare=False)
    """`facet/slug`: made once, as every post's and entry's values are looked up by it."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", f"{self.facet}/{self.slug}")


@dataclass(frozen=True, slots=True)
class Facet:
    """A dimension posts are tagged on, declared in the site config."""

    id: str
    key: str
    label: str
    description: str = ""
    multiple: bool = True
    required: bool = False
    weight: float = 1.0
    values: tuple[Value, ...] = ()


@dataclass(frozen=True, slots=True)
class Post:
    """A post as the hub sees it: its metadata and facet values, never its rendered body."""

    src_uri: str
    url: str
    title: str
    date: datetime
    updated: datetime | None = None
    description: str = ""
    excerpt: str = ""
    draft: bool = False
    hidden: bool = False
    """Built, but out of listings, feeds and the knowledge base (Pelican's `Status: hidden`)."""
    author: str = ""
    values: tuple[str, ...] = field(default=())
    """Value ids (``facet/slug``), in taxonomy order."""


def changed(post: Post) -> datetime:
    """When a post last changed: its `updated` date, if later than its `date`."""
    return max(post.date, post.updated) if post.updated else post.date


def newest_first(posts: Iterable[Post]) -> list[Post]:
    """Newest first; the URL breaks ties so the order never depends on the input order."""
    return sorted(posts, key=lambda p: (-p.date.timestamp(), p.url))


@dataclass(frozen=True, slots=True)
class Source:
    """An outside feed the hub follows, as listed in the subscriptions OPML."""

    id: str
    """A slug of the title, unique among sources: the name of its cache file and of `--source`."""
    title: str
    feed_url: str
    """An http(s) URL, a `file:` URL, or a path relative to the subscriptions file."""
    site_url: str = ""
    defaults: tuple[tuple[str, str], ...] = ()
    """Facet values every entry of the source gets, as (facet id, spelling); resolved at build."""


FIRST_YEAR, LAST_YEAR = 2, 9998
"""The years an entry's date may fall in, both as written and in UTC; any other date is treated as
absent. Python's calendar ends at years 1 and 9999, so a date at either end (`0001-01-01T00:00+01:00`,
`9999-12-31T23:00-05:00`) cannot be shown in a site's timezone; a year inside can, in any timezone."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One item an outside feed published, cleaned: safe HTML, absolute links, no tracking parameters."""

    id: str
    """Unique within its source: the feed's GUID, else the link, else a hash of title and content."""
    source: str
    url: str
    title: str
    author: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    summary_html: str = ""
    excerpt: str = ""
    categories: tuple[str, ...] = ()
    content_hash: str = ""
    first_seen: datetime | None = None
    """When a refresh first saw it: the date of entries whose feed gives none."""

    @property
    def date(self) -> datetime | None:
        return self.published or self.updated or self.first_seen
