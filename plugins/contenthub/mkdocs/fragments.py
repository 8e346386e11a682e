"""The small HTML pieces repeated for every post: cards, chips, a post's meta line, related posts.

They are plain Python rather than Jinja macros because a build renders them tens of thousands of times.
Links are relative, and a relative link depends only on how deep the page sits, so every piece is made
once per post and depth and then reused. The page templates (`templates/contenthub/*.html`) use them,
and contenthub.js writes the same card markup in the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, tzinfo
from functools import cache
from html import escape

from ..ingest.stories import Story
from ..model import Post, Source
from ..urls import depth
from ..views.hub import HubView


def time_tag(moment: datetime) -> str:
    # Keyed by the written form: datetimes of one instant in two offsets are equal, but show other days.
    return _time_tag(moment.isoformat())


@cache
def _time_tag(written: str) -> str:
    moment = datetime.fromisoformat(written)
    return f'<time datetime="{written}">{moment.day} {moment:%B %Y}</time>'


def draft_badge(post: Post) -> str:
    return ' <span class="ch-badge ch-badge--draft">Draft</span>' if post.draft else ""


class _Made(dict[str, str]):
    """A table of HTML pieces that makes each piece the first time it is asked for."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> str:
        made = self[key] = self.make(key)
        return made


class Fragments:
    """HTML for one build's hub, for pages at any depth."""

    def __init__(self, hub: HubView) -> None:
        self.hub = hub
        self._levels: dict[int, _Level] = {}

    def _at(self, page_url: str) -> _Level:
        level = depth(page_url)
        if level not in self._levels:
            self._levels[level] = _Level(self.hub, "../" * level)
        return self._levels[level]

    def chips(self, post: Post, page_url: str) -> str:
        return self._at(page_url).chips[post.url]

    def value_chips(self, value_ids: Iterable[str], page_url: str) -> str:
        """Chips for any values, such as an outside entry's."""
        made = self._at(page_url).value_chips
        items = "".join(made[value_id] for value_id in value_ids)
        return f'<ul class="ch-chips">{items}</ul>' if items else ""

    def cards(self, posts: list[Post], page_url: str) -> str:
        """A listing: the posts' cards as the items of an ordered list."""
        cards = self._at(page_url).cards
        return "".join([f"<li>{cards[post.url]}</li>" for post in posts])

    def post_lines(self, posts: list[Post], page_url: str) -> str:
        """Posts as the items of a plain list: title link, date and draft badge."""
        lines = self._at(page_url).lines
        return "".join([f"<li>{lines[post.url]}</li>" for post in posts])

    def post_meta(self, post: Post, page_url: str) -> str:
        """Under a post's title: its dates, author and chips."""
        updated = f" · updated {time_tag(post.updated)}" if post.updated else ""
        author = f" · {escape(post.author)}" if post.author else ""
        return (
            '<div class="ch-post-meta" data-search-exclude>'
            f'<p class="ch-card__meta">{time_tag(post.date)}{updated}{author}{draft_badge(post)}</p>'
            f"{self.chips(post, page_url)}</div>"
        )

    def related(self, post: Post, page_url: str) -> str:
        """After a post: the posts sharing the most weighted facet values."""
        others = self.hub.related.get(post.url)
        if not others:
            return ""
        return (
            '<aside class="ch-related" aria-labelledby="ch-related" data-search-exclude>'
            f'<h2 id="ch-related">Related posts</h2><ul>{self.post_lines(others, page_url)}</ul></aside>'
        )


class _Level:
    """The pieces for pages at one folder depth, whose links all start with the same `../` prefix."""

    def __init__(self, hub: HubView, prefix: str) -> None:
        self.hub = hub
        self.prefix = prefix
        self.value_chips = _Made(self._value_chip)
        self.chips = _Made(self._chips)
        self.lines = _Made(self._line)
        self.cards = _Made(self._card)

    def _value_chip(self, value_id: str) -> str:
        value = self.hub.taxonomy.value(value_id)
        return (
            f'<li><a class="ch-chip" href="{escape(self.prefix + self.hub.value_url(value_id))}">'
            f'<span class="ch-chip__facet">{escape(self.hub.facet(value.facet).label)}</span> '
            f"{escape(value.label)}</a></li>"
        )

    def _chips(self, url: str) -> str:
        items = "".join(self.value_chips[value_id] for value_id in self.hub.post(url).values)
        return f'<ul class="ch-chips">{items}</ul>' if items else ""

    def _line(self, url: str) -> str:
        post = self.hub.post(url)
        return (
            f'<a href="{escape(self.prefix + url)}">{escape(post.title)}</a> {time_tag(post.date)}{draft_badge(post)}'
        )

    def _card(self, url: str) -> str:
        post = self.hub.post(url)
        excerpt = f'<p class="ch-card__excerpt">{escape(post.excerpt)}</p>' if post.excerpt else ""
        return (
            '<article class="ch-card">'
            f'<h2 class="ch-card__title"><a href="{escape(self.prefix + url)}">{escape(post.title)}</a></h2>'
            f'<p class="ch-card__meta">{time_tag(post.date)}{draft_badge(post)}</p>'
            f"{excerpt}{self.chips[url]}</article>"
        )


def story_html(story: Story, chips: str, sources: Mapping[str, Source], zone: tzinfo, heading: str = "h3") -> str:
    """An outside entry on a hub page: its title linking out, who published it and when, its excerpt,
    its facet chips and the editor's note."""

    def link(text: str, *urls: str) -> str:
        """The text, linked to the first web URL: refresh cleans entry URLs, but a cache edited by hand
        (or an OPML `htmlUrl`) could still hold a `javascript:` one."""
        href = next((u.strip() for u in urls if u.strip().lower().startswith(("http://", "https://"))), "")
        return f'<a href="{escape(href)}" rel="noopener">{escape(text)}</a>' if href else escape(text)

    entry = story.entry
    credits = " · ".join(
        link(sources[s].title, sources[s].site_url, entry.url) if s in sources else escape(s) for s in story.sources
    )
    when = time_tag(entry.date.astimezone(zone)) if entry.date else ""
    title = link(entry.title, entry.url)
    excerpt = f'<p class="ch-story__excerpt">{escape(entry.excerpt)}</p>' if entry.excerpt else ""
    note = f'<p class="ch-story__note"><strong>Editor’s note:</strong> {escape(story.note)}</p>' if story.note else ""
    return (
        f'<article class="ch-card ch-story"><{heading} class="ch-card__title">{title}</{heading}>'
        f'<p class="ch-card__meta">{credits}{" · " if when else ""}{when}</p>{excerpt}{chips}{note}</article>'
    )
