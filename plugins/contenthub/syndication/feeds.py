"""What each feed holds: the hub's posts, newest first, for the whole hub and for every facet value."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from ..messages import Messages
from ..model import Post, Value, changed
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
ReadMore = Callable[[str | None, str, str], str]
"""An item's HTML in excerpt mode, from the HTML before the post's `<!-- more -->` (None when it has none),
its plain-text excerpt and its URL: the excerpt and a link to read the rest (see templates/feed_excerpt)."""


def build_feeds(
    hub: HubView,
    site: Site,
    body: Body,
    *,
    messages: Messages,
    max_items: int,
    read_more: ReadMore | None = None,
    series: Sequence[Series] = (),
) -> list[Feed]:
    """The hub-wide feed, each series', then one per value in declaration order. Drafts are never syndicated.
    Items carry each post's whole text, or, given `read_more`, its excerpt and a link to the rest."""
    items = _Items(hub, site, body, read_more)
    published = [post for post in hub.posts if not post.draft]
    newest = max((changed(post) for post in published), default=NO_POSTS_YET)
    feeds = [_feed(None, None, published, items, site, hub, messages, max_items, newest)]
    for one in series:
        posts = [post for post in published if post.src_uri.startswith(f"{one.folder}/")]
        feeds.append(_feed(None, one, posts, items, site, hub, messages, max_items, newest))
    for value in hub.taxonomy.values:
        posts = [post for post in hub.listing[value.id] if not post.draft]
        feeds.append(_feed(value, None, posts, items, site, hub, messages, max_items, newest))
    return feeds


def _feed(
    value: Value | None,
    series: Series | None,
    posts: list[Post],
    items: _Items,
    site: Site,
    hub: HubView,
    messages: Messages,
    max_items: int,
    newest: datetime,
) -> Feed:
    chosen = posts[:max_items]  # the listings are already newest first
    text = messages.text
    if series is not None:
        title, home = (
            text("feed.series_title", site=site.name, series=series.title),
            site.url + feed_folder(series.folder),
        )
        description = series.description
    elif value is None:
        title, home = site.name, site.url
        description = site.description or text("feed.all", site=site.name)
    else:
        facet = hub.facet(value.facet)
        names = {"site": site.name, "facet": facet.label, "value": value.label}
        title, home = text("feed.value_title", **names), site.url + hub.value_url(value.id)
        description = value.description or facet.description or site.description or text("feed.value", **names)
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
        updated=feed_date(max((changed(post) for post in chosen), default=newest)),
        items=tuple(items.of(post) for post in chosen),
    )


class _Items:
    """Feed items, made once per post however many feeds carry it."""

    def __init__(self, hub: HubView, site: Site, body: Body, read_more: ReadMore | None) -> None:
        self.hub, self.site, self.body, self.read_more = hub, site, body, read_more
        self.authority = _tag_authority(site.url)
        self.made: dict[str, FeedItem] = {}

    def of(self, post: Post) -> FeedItem:
        if post.url not in self.made:
            self.made[post.url] = self._make(post)
        return self.made[post.url]

    def _make(self, post: Post) -> FeedItem:
        url = self.site.url + post.url
        html = self.body(post)
        if self.read_more is not None:
            # The author's own excerpt, rendered, when the post marks one; else the plain-text excerpt.
            html = self.read_more(lead(html), post.excerpt, url)
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
    text = hub.settings.messages.text
    hub.syndicated = True
    title, description = text("page.feeds"), text("page.feeds.description")
    hub.plan_page(HubPage(feeds_page.strip("/"), title, description, "feeds", made_by="contenthub/syndication"))
