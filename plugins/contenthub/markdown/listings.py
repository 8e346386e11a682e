"""`{% posts … %}`: the latest posts on any page, filtered by facets as the knowledge base filters them.

    {% posts channel=LinkedIn market=B2B,B2C limit=5 sort=newest %}

on a line of its own. Facets are named by id (or front-matter key) and match AND across facets, OR
within one (`market=B2B,B2C`); values are matched as front matter matches them, and a value with spaces
is quoted (`audience="SMB owners"`). `limit` (default 5) and `sort` (`newest`, the default, or `oldest`)
shape the list. Anything unknown is a problem with the page's file, the line and a did-you-mean, and the
text stays visible as written.

A page is converted before the posts are all read, so the conversion leaves a mark where the listing
goes (`<div data-contenthub-listing="N">`) and the query; the host puts the cards in once the hub is
derived (`select` gives the posts).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from markdown import Markdown

from ..model import Post
from ..options import did_you_mean
from ..taxonomy import Taxonomy
from .page import PageExtension, PageRef, TagBlock, fill

if TYPE_CHECKING:
    from ..hub import Hub
    from .standalone import StandaloneSite

_POSTS = re.compile(r"\{%\s*posts\b")
_OPTIONS = ("limit", "sort")
_SORTS = ("newest", "oldest")
MARK = "data-contenthub-listing"
"""The attribute of the element that marks where a listing goes; its value is the listing's number."""


@dataclass(frozen=True)
class Listing:
    """A page's `{% posts … %}`: value ids by facet (AND across, OR within), how many, which first."""

    values: tuple[tuple[str, ...], ...]
    limit: int = 5
    sort: Literal["newest", "oldest"] = "newest"

    def select(self, posts: Sequence[Post]) -> list[Post]:
        """From posts newest first, those the listing shows."""
        chosen = [post for post in posts if all(any(v in post.values for v in anyof) for anyof in self.values)]
        return (chosen if self.sort == "newest" else chosen[::-1])[: self.limit]


def parse_listing(arguments: str, taxonomy: Taxonomy) -> Listing | tuple[str, str]:
    """The listing `arguments` ask for, or (what is wrong, a hint)."""
    try:
        words = shlex.split(arguments)
    except ValueError as error:
        return f"cannot read the arguments ({error})", 'quote a value with spaces: `audience="SMB owners"`'
    by_facet: dict[str, list[str]] = {}
    options: dict[str, Any] = {}
    facets = {facet.id: facet for facet in taxonomy.facets} | {facet.key: facet for facet in taxonomy.facets}
    for word in words:
        key, equals, text = word.partition("=")
        if not equals or not text:
            return f"`{word}` is not `name=value`", "write e.g. `market=B2B` or `limit=5`"
        if key == "limit":
            if not re.fullmatch(r"[1-9][0-9]*", text):
                return f"`limit={text}` is not a count", "write a whole number from 1, e.g. `limit=5`"
            options["limit"] = int(text)
        elif key == "sort":
            if text not in _SORTS:
                return f"`sort={text}` is no order", did_you_mean(
                    text, _SORTS
                ) or "write `sort=newest` or `sort=oldest`"
            options["sort"] = text
        elif key in facets:
            facet = facets[key]
            for spelling in (item.strip() for item in text.split(",") if item.strip()):
                value = taxonomy.resolve(facet, spelling)
                if value is None:
                    close = taxonomy.suggest(facet, spelling)
                    hint = f"did you mean `{close.label}`?" if close else f"see the values of `{facet.id}`"
                    return f"`{spelling}` is no value of facet `{facet.id}`", hint
                by_facet.setdefault(facet.id, []).append(value.id)
        else:
            known = [*_OPTIONS, *(facet.id for facet in taxonomy.facets)]
            return f"`{key}` is no facet and no option", did_you_mean(key, known) or f"use one of {', '.join(known)}"
    ordered = [tuple(dict.fromkeys(by_facet[facet.id])) for facet in taxonomy.facets if facet.id in by_facet]
    return Listing(tuple(ordered), **options)


class ListingsExtension(PageExtension):
    """`contenthub.markdown.listings`. The host says which facets there are (`taxonomy`) and which page is
    converted (`start`) before each, and later reads each page's `listings` to put the cards in."""

    def __init__(self, *, taxonomy: Taxonomy | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.taxonomy = taxonomy
        self.listings: dict[str, list[Listing]] = {}
        """By page file: its listings, in the order of their marks."""

    def join(self, site: StandaloneSite) -> None:
        self.taxonomy = site.hub.taxonomy

    def fill(self, html: str, site: StandaloneSite) -> str:
        found = self.listings.get(self.page.src_uri, []) if self.page is not None else []
        url = self.page.url if self.page is not None else ""
        return fill(html, MARK, lambda number: render(found[number], site.hub, url)) if found else html

    def _read(self, name: str, arguments: str) -> Listing | tuple[str, str]:
        if self.taxonomy is None:
            return "the site's facets are not known here", "enable the contenthub/taxonomy plugin"
        return parse_listing(arguments, self.taxonomy)

    def start(self, page: PageRef) -> None:
        """The page converted next: its listings are made afresh (a page is converted again under serve)."""
        super().start(page)
        self.listings.pop(page.src_uri, None)

    def extend(self, md: Markdown) -> None:
        # Before paragraphs (10), after code blocks (80) and the other block syntax.
        block = TagBlock(
            md.parser, self, wants=lambda name: name == "posts", read=self._read, made=self.listings, attribute=MARK
        )
        md.parser.blockprocessors.register(block, "contenthub_posts", 15)


def render(listing: Listing, hub: Hub, page_url: str) -> str:
    """A listing's cards on the page at `page_url`, with the link to the same filter in the knowledge base."""
    view = hub.view
    values = [view.taxonomy.value(value_id) for anyof in listing.values for value_id in anyof]
    return hub.present.latest(listing.select(view.posts), page_url, view.knowledge_base_url(*values))


def lists_posts(markdown: str) -> bool:
    """Whether a page's Markdown may hold a listing (looked for as text: code is not told apart)."""
    return "{%" in markdown and _POSTS.search(markdown) is not None


def makeExtension(**kwargs: Any) -> ListingsExtension:  # the name Python-Markdown looks for
    return ListingsExtension(**kwargs)
