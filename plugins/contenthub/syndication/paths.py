"""Where each feed lives: the site-wide ones at the root, each value's in its folder (`/market/b2b/rss.xml`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Value


@dataclass(frozen=True, slots=True)
class FeedFormat:
    key: str
    label: str
    media_type: str
    filename: str


FORMATS = (
    FeedFormat("rss", "RSS", "application/rss+xml", "rss.xml"),
    FeedFormat("atom", "Atom", "application/atom+xml", "atom.xml"),
    FeedFormat("json", "JSON Feed", "application/feed+json", "feed.json"),
)

OPML = "feeds.opml"


@dataclass(frozen=True, slots=True)
class FeedLink:
    format: FeedFormat
    path: str
    """Site-relative, like every URL MkDocs hands around."""


def feed_folder(value: Value | None) -> str:
    """'' for the whole hub, `market/b2b/` for a value."""
    return "" if value is None else f"{value.facet}/{value.slug}/"


def feed_links(value: Value | None) -> list[FeedLink]:
    folder = feed_folder(value)
    return [FeedLink(feed_format, folder + feed_format.filename) for feed_format in FORMATS]
