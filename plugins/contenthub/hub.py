"""One build's hub: everything a build knows about it, made once and shared by everything that builds.

Whoever drives a build makes the hub: the taxonomy plugin at every MkDocs build, the `contenthub`
commands when they read a site without building it. The other plugins (and the Markdown extensions)
never talk to each other: they use the hub, and register on it what they add.

A hub lives through four steps, in this order, whoever drives it:

1. **Made and extended.** `Hub(settings, ...)`, then each extension registers what it adds: a folder of
   posts (`add_post_folder`), a page the hub makes where the author wrote none (`plan_page`), a feed
   series (`add_series`), whether the pages offer feeds (`syndicated`).
2. **Pages placed.** The driver puts every planned page in the site (the author's own file, or a
   generated one) and says where each landed (`place_page`), so the hub knows every page's URL.
3. **Posts read.** From front matter someone already parsed (`add_post`: MkDocs does so for each page),
   or from a file's text (`read`). Every problem is collected, never raised.
4. **Derived.** `derive(claims)` gives every URL one page, then the views the pages show: listings,
   related posts, the coverage matrix, the filter index's data. Then the pages are presented.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .content.clashes import Claim, url_clashes
from .content.files import PostSource
from .content.frontmatter import read_front_matter
from .content.posts import LineOf, post_from_meta, read_post
from .content.yamlbuild import Unbuilt
from .model import Diagnostic, Post, Value, newest_first
from .settings import HubSettings
from .syndication.feeds import Series
from .syndication.paths import FeedLink, feed_links
from .taxonomy import Taxonomy
from .views.hub import PAGED_KINDS, HubPage, HubUrls, HubView, build_hub_view, hub_pages

if TYPE_CHECKING:
    from .present import Presentation


@dataclass(frozen=True)
class Section:
    """What an extension adds to a post, after its text, from data: `templates/contenthub/<template>.html`
    shows it on the post's page, and in the post's feed items (with `in_feed` true, and no chips: an item
    names its values as categories). A roundup's entries are one."""

    template: str
    context: Mapping[str, Any]


class Hub:
    """What one build knows about the hub: its settings, posts, pages and views, and every problem."""

    def __init__(
        self,
        settings: HubSettings,
        settings_problems: Iterable[Diagnostic] = (),
        *,
        strict: bool = False,
        serving: bool = False,
        dirty: bool = False,
    ) -> None:
        self.settings = settings
        self.strict = strict
        """Every problem fails the build (`strict: true`, or `mkdocs build --strict`)."""
        self.serving = serving
        """Under `mkdocs serve`: drafts are shown, with a badge."""
        self.dirty = dirty
        """Under `--dirty`: MkDocs reads only the pages that changed."""
        self.settings_problems = list(settings_problems)
        self.problems: list[Diagnostic] = []
        """The build's own problems: the posts', the pages', the extensions'."""
        self.post_folders = [settings.posts_dir]
        self.series: list[Series] = []
        self.sections: dict[str, Section] = {}
        """What extensions add to posts, by the post's file (see `Section`)."""
        self.syndicated = False
        """Whether the hub's pages offer feeds (contenthub/syndication registers them)."""
        self.marks: list[Callable[[str, str, str, bool], str]] = []
        """What extensions put where a page's Markdown left a mark (`{% posts %}`, an embed), once the hub
        can render: each is called with the HTML, the page's file and URL, and whether it is for a feed
        item (see `fill`)."""
        self.head_tags: list[Callable[[str, str], str]] = []
        """What extensions add to the head of every page, after the hub's own tags: each is called with
        the page's source file and URL (the feeds' `<link rel="alternate">`, say). The head is opened
        once a page, for all of them."""
        self.planned = hub_pages(
            settings.taxonomy, settings.facets_page, settings.knowledge_base_page, settings.messages
        )
        self.pages: dict[str, HubPage] = {}
        """The hub's pages by source file, once placed."""
        self._urls: dict[HubPage, str] = {}
        self.posts: list[Post] = []
        """Every post read, drafts included, in the order read."""
        self._view: HubView | None = None
        self._present: Presentation | None = None

    @property
    def taxonomy(self) -> Taxonomy:
        return self.settings.taxonomy

    # -- 1. made and extended ----------------------------------------------------------------------------

    def add_post_folder(self, folder: str) -> None:
        """Treat the Markdown files of another docs folder as posts too (roundups are posts)."""
        if folder not in self.post_folders:
            self.post_folders.append(folder)

    def add_series(self, series: Series) -> None:
        """A folder of posts with feeds of its own, beside the hub's and each value's."""
        self.series.append(series)

    def plan_page(self, page: HubPage) -> None:
        """A page the hub shows, made where the author wrote none (the feeds page, the roundups index)."""
        self.planned.append(page)

    def fill(self, html: str, src_uri: str, page_url: str, *, in_feed: bool = False) -> str:
        """A page's HTML with what its marks stand for, on the page or in a feed item."""
        for fill in self.marks:
            html = fill(html, src_uri, page_url, in_feed)
        return html

    def is_post(self, src_uri: str) -> bool:
        """Every Markdown file under a posts folder is a post, but for the folder's own index page."""
        return any(src_uri.startswith(f"{folder}/") and src_uri != f"{folder}/index.md" for folder in self.post_folders)

    def feed_links(self, where: Value | str | None) -> list[FeedLink]:
        """The feeds of the hub (None), a value or a series folder, if the hub has feeds."""
        return feed_links(where) if self.syndicated else []

    # -- 2. pages placed ---------------------------------------------------------------------------------

    def place_page(self, page: HubPage, src_uri: str, url: str) -> None:
        self.pages[src_uri] = page
        self._urls[page] = url

    def page_of(self, src_uri: str) -> HubPage | None:
        return self.pages.get(src_uri)

    def page_for(self, kind: str) -> HubPage | None:
        """The placed page of a kind that has one page (`facets`, `feeds`, `roundups`...)."""
        return next((page for page in self._urls if page.kind == kind and page.number == 1), None)

    def url_of(self, page: HubPage) -> str:
        return self._urls[page]

    def value_of_page(self, src_uri: str) -> Value | None:
        """The value whose page this is, if it is one."""
        page = self.pages.get(src_uri)
        return self.taxonomy.value(page.key) if page is not None and page.kind == "value" else None

    @property
    def urls(self) -> HubUrls:
        """Where the hub's own pages are, once placed."""
        found = {(page.kind, page.key): url for page, url in self._urls.items() if page.number == 1}
        values = {key: url for (kind, key), url in found.items() if kind == "value"}
        return HubUrls(
            values=values,
            knowledge_base=found["knowledge_base", ""],
            index=f"{self.settings.knowledge_base_page.strip('/')}/posts.json",
        )

    # -- 3. posts read -----------------------------------------------------------------------------------

    def add_post(
        self,
        src_uri: str,
        meta: Mapping[str, Any],
        body: str,
        url: str,
        *,
        line: LineOf,
        unbuilt: Mapping[str, Unbuilt] | None = None,
        draft: bool = False,
    ) -> Post | None:
        """A post from its front matter, parsed by someone else, and its body. When the front matter came
        out empty and the body still opens one (MkDocs drops front matter it cannot read whole), it is read
        again, to report every problem in it, each where it is, and check what can be read."""
        if not meta and body.lstrip().startswith("---"):
            front, problem = read_front_matter(src_uri, body)
            if problem is not None:
                self.problems.append(problem)
                return None
            meta, body, unbuilt = front.meta, front.body, front.unbuilt
        post, found = post_from_meta(
            src_uri, dict(meta), body, url, self.taxonomy, self.settings.post_options, line=line, unbuilt=unbuilt
        )
        return self._keep(post, found, draft)

    def read(self, source: PostSource, *, draft: bool = False) -> Post | None:
        """A post from its file's text."""
        post, found = read_post(source.src_uri, source.text, source.url, self.taxonomy, self.settings.post_options)
        return self._keep(post, found, draft)

    def _keep(self, post: Post | None, problems: list[Diagnostic], draft: bool) -> Post | None:
        self.problems.extend(problems)
        if post is None:
            return None
        if draft and not post.draft:
            post = dataclasses.replace(post, draft=True)  # the site generator left the file out
        self.posts.append(post)
        return post

    # -- 4. derived --------------------------------------------------------------------------------------

    def derive(self, claims: Iterable[Claim]) -> tuple[HubView, set[str]]:
        """The views the pages show, from the posts read; and the post files left out because another
        page has their URL (the site must leave them out too, or one page would replace the other)."""
        listings = {page.path for page in self._urls if page.kind in PAGED_KINDS and page.number == 1}
        dropped, clashes = url_clashes(claims, listings)
        self.problems.extend(clashes)
        shown = newest_first(
            post
            for post in self.posts
            if post.src_uri not in dropped and not post.hidden and (self.serving or not post.draft)
        )
        self._view = build_hub_view(
            shown,
            self.taxonomy,
            self.urls,
            coverage=self.settings.coverage,
            related_count=self.settings.related_count,
        )
        return self._view, dropped

    @property
    def view(self) -> HubView:
        """What the pages show; only once derived."""
        if self._view is None:
            raise RuntimeError("the hub is not derived yet")
        return self._view

    @property
    def derived(self) -> bool:
        return self._view is not None

    @property
    def present(self) -> Presentation:
        """The hub's HTML, in the site's language; once the driver has a Jinja environment to render in."""
        if self._present is None:
            raise RuntimeError("the hub has no presentation yet")
        return self._present

    @present.setter
    def present(self, presentation: Presentation) -> None:
        self._present = presentation

    def diagnostics(self) -> list[Diagnostic]:
        """Every problem: the settings' first, then the build's by file and line."""
        return [*self.settings_problems, *sorted(self.problems, key=lambda d: (d.file, d.line or 0))]
