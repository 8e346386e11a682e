"""What each feed holds: the hub's posts, newest first, for the whole hub and for every facet value."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from ..model import Post, Value
from ..sanitize import xml_text
from ..views.hub import HubPage, HubView
from .content import feed_date, feed_html, lead
from .paths import feed_folder, feed_links

if TYPE_CHECKING:
    from ..hub import Hub

NO_POSTS_YET = datetime(2000, 1, 1, tzinfo=UTC)
"""The date of a feed when the hub has no posts at all: fixed, so builds stay byte-identical."""


@dataclass(frozen=True)
class Site:
    url: str
    """`site_url`, ending with a slash."""
    name: str
    description: str
    author: str
    language: str


@dataclass(frozen=True)
class Category:
    label: str
    scheme: str
    """The value's page: where a reader can see every post in this category."""


@dataclass(frozen=True)
class FeedItem:
    id: str
    url: str
    title: str
    published: datetime
    updated: datetime | None
    author: str
    categories: tuple[Category, ...]
    summary: str
    """Plain text."""
    html: str
    """The post's body, or its excerpt and a "read more" link; every link in it absolute."""


@dataclass(frozen=True)
class Series:
    """A folder of posts with a feed of its own, such as the roundups."""

    folder: str
    title: str
    description: str


@dataclass(frozen=True)
class Feed:
    value: Value | None
    """None for the whole hub and for a series."""
    series: Series | None
    title: str
    description: str
    home_url: str
    urls: dict[str, str]
    """Absolute URL per format key (rss, atom, json)."""
    language: str
    author: str
    updated: datetime
    items: tuple[FeedItem, ...]


Body = Callable[[Post], str]
"""The rendered HTML of a post's Markdown, without the hub's chips."""


def build_feeds(
    hub: HubView, site: Site, body: Body, *, max_items: int, full_content: bool, series: Sequence[Series] = ()
) -> list[Feed]:
    """The hub-wide feed, each series', then one per value in declaration order. Drafts are never syndicated."""
    items = _Items(hub, site, body, full_content)
    published = [post for post in hub.posts if not post.draft]
    newest = max((_changed(post) for post in published), default=NO_POSTS_YET)
    feeds = [_feed(None, None, published, items, site, hub, max_items, newest)]
    for one in series:
        posts = [post for post in published if post.src_uri.startswith(f"{one.folder}/")]
        feeds.append(_feed(None, one, posts, items, site, hub, max_items, newest))
    for value in hub.taxonomy.values:
        posts = [post for post in hub.listing[value.id] if not post.draft]
        feeds.append(_feed(value, None, posts, items, site, hub, max_items, newest))
    return feeds


def _feed(
    value: Value | None,
    series: Series | None,
    posts: list[Post],
    items: _Items,
    site: Site,
    hub: HubView,
    max_items: int,
    newest: datetime,
) -> Feed:
    chosen = posts[:max_items]  # the listings are already newest first
    if series is not None:
        title, home = f"{site.name} · {series.title}", site.url + feed_folder(series.folder)
        description = series.description
    elif value is None:
        title, home = site.name, site.url
        description = site.description or f"Every post of {site.name}."
    else:
        facet = hub.facet(value.facet)
        title, home = f"{site.name} · {facet.label}: {value.label}", site.url + hub.value_url(value.id)
        description = (
            value.description
            or facet.description
            or site.description
            or f"Posts of {site.name} tagged {facet.label}: {value.label}."
        )
    return Feed(
        value=value,
        series=series,
        title=xml_text(title),
        description=xml_text(description),
        home_url=home,
        urls={link.format.key: site.url + link.path for link in feed_links(series.folder if series else value)},
        language=site.language,
        author=xml_text(site.author or site.name),
        # An empty feed still needs a date; the hub's newest keeps it stable from build to build.
        updated=feed_date(max((_changed(post) for post in chosen), default=newest)),
        items=tuple(items.of(post) for post in chosen),
    )


def _changed(post: Post) -> datetime:
    return max(post.date, post.updated) if post.updated else post.date


class _Items:
    """Feed items, made once per post however many feeds carry it."""

    def __init__(self, hub: HubView, site: Site, body: Body, full_content: bool) -> None:
        self.hub, self.site, self.body, self.full_content = hub, site, body, full_content
        self.authority = _tag_authority(site.url)
        self.made: dict[str, FeedItem] = {}

    def of(self, post: Post) -> FeedItem:
        if post.url not in self.made:
            self.made[post.url] = self._make(post)
        return self.made[post.url]

    def _make(self, post: Post) -> FeedItem:
        url = self.site.url + post.url
        rendered = self.body(post)
        if self.full_content:
            html = rendered
        else:
            # The author's own excerpt, rendered, when the post marks one; else the plain-text excerpt.
            before_more = lead(rendered)
            excerpt = before_more if before_more is not None else f"<p>{escape(post.excerpt)}</p>"
            html = f'{excerpt}<p><a href="{escape(url)}">Read more…</a></p>'
        published = feed_date(post.date)
        return FeedItem(
            # A tag URI (RFC 4151) from the host, the first publication day and the post's path: it never
            # changes when the title or the facets do, as feed readers need.
            id=f"tag:{self.authority},{published.year:04d}-{published.month:02d}-{published.day:02d}:/{post.url}",
            url=url,
            title=xml_text(post.title),
            published=published,
            updated=feed_date(post.updated) if post.updated else None,
            author=xml_text(post.author or self.site.author or self.site.name),
            categories=tuple(
                Category(xml_text(value.label), self.site.url + self.hub.value_url(value.id))
                for value in (self.hub.taxonomy.value(value_id) for value_id in post.values)
            ),
            summary=xml_text(post.excerpt),
            html=feed_html(html, url),
        )


def canonical_site_url(site_url: str) -> str:
    """`site_url` as feeds must carry it: scheme and host in lower case, the host in ASCII (IDNA), and
    ending with a slash, so every URL and id in them is in canonical form."""
    parts = urlsplit(site_url)
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme.lower(), netloc.lower(), parts.path.rstrip("/") + "/", "", ""))


def _tag_authority(site_url: str) -> str:
    """The domain a tag URI is minted under: the (canonical) site's host, if it is a DNS name."""
    host = urlsplit(site_url).hostname or ""
    # An IP address or a single-label host is no DNS name; `localhost` always is.
    if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", host) or re.fullmatch(r"[0-9.]+", host):
        return "localhost"
    return host


def register_syndication(hub: Hub, feeds_page: str) -> None:
    """What syndication adds to a hub: feeds on its pages, and the page that lists them all."""
    hub.syndicated = True
    hub.plan_page(
        HubPage(
            feeds_page.strip("/"),
            "Feeds",
            "Follow the whole hub, or only the facet values you care about.",
            "feeds",
            made_by="contenthub/syndication",
        )
    )
