"""Where each feed lives: the site-wide ones at the root, each value's in its folder (`/market/b2b/rss.xml`),
a series' in the folder of its posts (`/roundups/rss.xml`)."""

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


def feed_folder(where: Value | str | None) -> str:
    """'' for the whole hub, `market/b2b/` for a value, `roundups/` for a series (a folder of posts)."""
    if where is None:
        return ""
    if isinstance(where, Value):
        return f"{where.facet}/{where.slug}/"
    return where.strip("/") + "/"


def feed_links(where: Value | str | None) -> list[FeedLink]:
    folder = feed_folder(where)
    return [FeedLink(feed_format, folder + feed_format.filename) for feed_format in FORMATS]
