"""Everything the hub's pages show, derived once per build from the posts and the taxonomy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode

from ..messages import Messages
from ..model import Facet, Post, Value
from ..taxonomy import Taxonomy
from .coverage import Coverage, coverage_matrix
from .listings import posts_by_value
from .related import related_posts

PageKind = Literal["value", "facets", "knowledge_base", "feeds", "roundups"]
PAGED_KINDS: tuple[PageKind, ...] = ("value", "roundups")
"""The pages that list posts a page at a time (`per_page`)."""


@dataclass(frozen=True, slots=True)
class HubPage:
    """A page the hub shows at `path` (no `.md`): a value's, the facet overview, the knowledge base, or
    one an extension plans (the feeds page, the roundups index)."""

    path: str
    title: str
    description: str
    kind: PageKind
    key: str = ""
    """The value's id, for a value's page."""
    made_by: str = "contenthub/taxonomy"
    """The plugin that shows it."""
    number: int = 1
    """Which page of a paginated listing this is (the first is the page itself, at `path`)."""


def hub_pages(taxonomy: Taxonomy, facets_page: str, knowledge_base_page: str, messages: Messages) -> list[HubPage]:
    """A page for every value (described by its own description, else its facet's), the facet overview
    and the knowledge base."""
    values = [
        HubPage(f"{v.facet}/{v.slug}", v.label, v.description or taxonomy.facet(v.facet).description, "value", v.id)
        for v in taxonomy.values
    ]
    return [
        *values,
        HubPage(
            facets_page.strip("/"), messages.text("page.facets"), messages.text("page.facets.description"), "facets"
        ),
        HubPage(
            knowledge_base_page.strip("/"),
            messages.text("page.knowledge_base"),
            messages.text("page.knowledge_base.description"),
            "knowledge_base",
        ),
    ]


@dataclass(frozen=True)
class HubUrls:
    """Site-relative URLs of the hub's own pages, as the site generator lays them out."""

    values: dict[str, str]
    knowledge_base: str
    index: str


@dataclass(frozen=True)
class HubView:
    taxonomy: Taxonomy
    posts: list[Post]
    """The posts the site shows, newest first."""
    listing: dict[str, list[Post]]
    related: dict[str, list[Post]]
    coverage: Coverage | None
    urls: HubUrls
    _by_url: dict[str, Post] = field(init=False, repr=False, compare=False)
    _by_file: dict[str, Post] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_url", {post.url: post for post in self.posts})
        object.__setattr__(self, "_by_file", {post.src_uri: post for post in self.posts})

    def post(self, url: str) -> Post:
        return self._by_url[url]

    def post_of(self, src_uri: str) -> Post | None:
        """The post a file holds, if it is one the site shows."""
        return self._by_file.get(src_uri)

    def facet(self, facet_id: str) -> Facet:
        return self.taxonomy.facet(facet_id)

    def value_url(self, value_id: str) -> str:
        return self.urls.values[value_id]

    def knowledge_base_url(self, *values: Value) -> str:
        """The knowledge base with these values ticked, in the query format the filter page reads."""
        query = urlencode([(value.facet, value.slug) for value in values])
        return f"{self.urls.knowledge_base}?{query}" if query else self.urls.knowledge_base


def build_hub_view(
    posts: list[Post],
    taxonomy: Taxonomy,
    urls: HubUrls,
    *,
    coverage: tuple[str, str] | None,
    related_count: int,
) -> HubView:
    return HubView(
        taxonomy=taxonomy,
        posts=posts,
        listing=posts_by_value(posts, taxonomy),
        related=related_posts(posts, taxonomy, related_count),
        coverage=coverage_matrix(posts, taxonomy, *coverage) if coverage else None,
        urls=urls,
    )
