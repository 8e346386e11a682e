"""The small HTML pieces repeated for every post: cards, chips, a post's meta line, related posts.

They are plain Python rather than Jinja macros because a build renders them tens of thousands of times.
Links are relative, and a relative link depends only on how deep the page sits, so every piece is made
once per post and depth and then reused. The page templates (`templates/contenthub/*.html`) use them,
and contenthub.js writes the same card markup in the browser.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from html import escape

from ..model import Post
from ..urls import depth
from ..views.hub import HubView


@cache
def time_tag(moment: datetime) -> str:
    return f'<time datetime="{moment.isoformat()}">{moment.day} {moment:%B %Y}</time>'


def draft_badge(post: Post) -> str:
    return ' <span class="ch-badge ch-badge--draft">Draft</span>' if post.draft else ""


class Fragments:
    """HTML for one build's hub."""

    def __init__(self, hub: HubView) -> None:
        self.hub = hub
        # (post URL or value id, depth) -> HTML, one table per kind of piece.
        self._chips: dict[tuple[str, int], str] = {}
        self._lines: dict[tuple[str, int], str] = {}
        self._cards: dict[tuple[str, int], str] = {}
        self._value_chips: dict[tuple[str, int], str] = {}

    def chips(self, post: Post, page_url: str) -> str:
        key = (post.url, depth(page_url))
        found = self._chips.get(key)
        if found is None:
            items = "".join(self._value_chip(value_id, key[1]) for value_id in post.values)
            found = self._chips[key] = f'<ul class="ch-chips">{items}</ul>' if items else ""
        return found

    def _value_chip(self, value_id: str, level: int) -> str:
        key = (value_id, level)
        found = self._value_chips.get(key)
        if found is None:
            value = self.hub.taxonomy.value(value_id)
            found = self._value_chips[key] = (
                f'<li><a class="ch-chip" href="{escape("../" * level + self.hub.value_url(value_id))}">'
                f'<span class="ch-chip__facet">{escape(self.hub.facet(value.facet).label)}</span> '
                f"{escape(value.label)}</a></li>"
            )
        return found

    def _line(self, post: Post, page_url: str) -> str:
        """Title link, date and draft badge."""
        key = (post.url, depth(page_url))
        found = self._lines.get(key)
        if found is None:
            found = self._lines[key] = (
                f'<a href="{escape("../" * key[1] + post.url)}">{escape(post.title)}</a> '
                f"{time_tag(post.date)}{draft_badge(post)}"
            )
        return found

    def card(self, post: Post, page_url: str) -> str:
        """A post in a listing."""
        key = (post.url, depth(page_url))
        found = self._cards.get(key)
        if found is None:
            excerpt = f'<p class="ch-card__excerpt">{escape(post.excerpt)}</p>' if post.excerpt else ""
            found = self._cards[key] = (
                '<article class="ch-card">'
                f'<h2 class="ch-card__title"><a href="{escape("../" * key[1] + post.url)}">'
                f"{escape(post.title)}</a></h2>"
                f'<p class="ch-card__meta">{time_tag(post.date)}{draft_badge(post)}</p>'
                f"{excerpt}{self.chips(post, page_url)}</article>"
            )
        return found

    def cards(self, posts: list[Post], page_url: str) -> str:
        """A listing: the posts' cards as the items of an ordered list."""
        return "".join([f"<li>{self.card(post, page_url)}</li>" for post in posts])

    def post_lines(self, posts: list[Post], page_url: str) -> str:
        """Posts as the items of a plain list."""
        return "".join([f"<li>{self._line(post, page_url)}</li>" for post in posts])

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
