"""What each feed holds: the hub's posts, newest first, for the whole hub and for every facet value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from urllib.parse import urlsplit

from ..model import Post, Value
from ..views.hub import HubView
from .links import absolute_html
from .paths import feed_links

MORE_MARK = "<!-- more -->"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
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
class Feed:
    value: Value | None
    """None for the whole hub."""
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


def build_feeds(hub: HubView, site: Site, body: Body, *, max_items: int, full_content: bool) -> list[Feed]:
    """The hub-wide feed, then one per value in declaration order. Drafts are never syndicated."""
    items = _Items(hub, site, body, full_content)
    published = [post for post in hub.posts if not post.draft]
    newest = max((_changed(post) for post in published), default=EPOCH)
    feeds = [_feed(None, published, items, site, hub, max_items, newest)]
    for value in hub.taxonomy.values:
        posts = [post for post in hub.listing[value.id] if not post.draft]
        feeds.append(_feed(value, posts, items, site, hub, max_items, newest))
    return feeds


def _feed(
    value: Value | None,
    posts: list[Post],
    items: _Items,
    site: Site,
    hub: HubView,
    max_items: int,
    newest: datetime,
) -> Feed:
    chosen = posts[:max_items]  # the listings are already newest first
    if value is None:
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
        title=title,
        description=description,
        home_url=home,
        urls={link.format.key: site.url + link.path for link in feed_links(value)},
        language=site.language,
        author=site.author or site.name,
        # An empty feed still needs a date; the hub's newest keeps it stable from build to build.
        updated=max((_changed(post) for post in chosen), default=newest),
        items=tuple(items.of(post) for post in chosen),
    )


def _changed(post: Post) -> datetime:
    return max(post.date, post.updated) if post.updated else post.date


class _Items:
    """Feed items, made once per post however many feeds carry it."""

    def __init__(self, hub: HubView, site: Site, body: Body, full_content: bool) -> None:
        self.hub, self.site, self.body, self.full_content = hub, site, body, full_content
        self.host = urlsplit(site.url).hostname or "localhost"
        self.made: dict[str, FeedItem] = {}

    def of(self, post: Post) -> FeedItem:
        if post.url not in self.made:
            self.made[post.url] = self._make(post)
        return self.made[post.url]

    def _make(self, post: Post) -> FeedItem:
        url = self.site.url + post.url
        rendered = self.body(post)
        if self.full_content:
            html = absolute_html(rendered, url)
        else:
            # The author's own excerpt, rendered, when the post marks one; else the plain-text excerpt.
            cut = rendered.find(MORE_MARK)
            if cut >= 0:
                lead = absolute_html(rendered[:cut], url)
            else:
                lead = f"<p>{escape(post.excerpt)}</p>" if post.excerpt else ""
            html = f'{lead}<p><a href="{escape(url)}">Read more…</a></p>'
        return FeedItem(
            # A tag URI (RFC 4151) from the host, the first publication day and the post's path: it never
            # changes when the title or the facets do, as feed readers need.
            id=f"tag:{self.host},{post.date:%Y-%m-%d}:/{post.url}",
            url=url,
            title=post.title,
            published=post.date,
            updated=post.updated,
            author=post.author or self.site.author or self.site.name,
            categories=tuple(
                Category(value.label, self.site.url + self.hub.value_url(value.id))
                for value in (self.hub.taxonomy.value(value_id) for value_id in post.values)
            ),
            summary=post.excerpt,
            html=html,
        )
