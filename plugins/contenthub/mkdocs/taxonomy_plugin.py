"""`contenthub/taxonomy`: facet value pages, the facet overview, the knowledge base and post chips.

The flow through MkDocs' events:

- `on_files`: leave out links that loop or lead nowhere, find the posts and read them once (their text
  is handed to MkDocs in `on_page_read_source`), mark drafts, keep posts out of the nav, add the hub's
  own pages.
- `on_page_markdown`: keep each post's front matter, which MkDocs has just parsed, and its Markdown.
- `on_env`: every page is read, so turn them into `Post`s (in one pass), leave out a post whose URL
  another page has, and derive what the pages show: listings, related posts, the index; then escape
  every page's front matter the theme prints, report every problem of the build, and freeze.
- `on_page_context`: put the hub into its pages and the chips and related posts into each post.
- `on_post_page`: put the Open Graph tags (when the theme writes none), the tags other plugins register
  on the hub and, under instant navigation, the popstate handler into each page's head; splice the long
  post lists into the rendered hub pages.

What the build has loaded by the end of every plugin's `on_files` (MkDocs' config, the files, the posts'
text), and then by the end of every `on_env` (what the pages need), lives until the build ends. Both
times it is moved out of the garbage collector's sight (`gc.freeze`): the collector then skips it at
every collection while MkDocs converts and renders the pages, and at interpreter exit. A server thaws
it after each build, so nothing a rebuild drops stays behind.

Under `--dirty`, MkDocs skips unchanged pages, so `on_files` parses every post itself instead and
marks the pages whose listings, chips or related posts changed as out of date.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..compiled import keep_compiled
from ..content.files import PostSource, missing_posts_dir, unreadable
from ..content.frontmatter import declares_draft, lazy_lines, snapshot
from ..content.links import endless_walk
from ..hub import Hub
from ..model import changed
from ..present import PACKAGE_TEMPLATES, SCRIPT_MESSAGES, Presentation, pagination
from ..settings import load_settings
from ..views.filter_index import dump_index, filter_index
from ..views.hub import HubPage
from . import priorities
from .config import TaxonomyConfig
from .config_lines import config_locator
from .files import (
    drop_bad_links,
    hub_page,
    mark_changed_stale,
    on_page,
    page_claims,
    paginate,
    place_by_slug,
    put,
)
from .head import has_open_graph, head_span, into_head, page_head
from .report import report
from .shared import share
from .syntax import PageSyntax
from .theme_text import escape_theme_text

if TYPE_CHECKING:  # the live-reload server, and the file watcher it brings, only under `mkdocs serve`
    from mkdocs.livereload import LiveReloadServer

ASSETS = Path(__file__).parent / "assets"
TEMPLATES = PACKAGE_TEMPLATES
"""The hub's templates, last among the theme's folders: the theme's own `contenthub/*.html` win."""
STYLESHEET = "assets/contenthub/contenthub.css"
SCRIPT = "assets/contenthub/contenthub.js"
SCRIPTS = (SCRIPT, "assets/contenthub/embeds.js")
"""The knowledge base's script, and the one that loads an embedded video's player when asked."""

LISTING_SLOT = "<!--contenthub:listing-->"
# An og: property or name among a <meta>'s attributes: quoted values are skipped whole, so a description
# that mentions `property=og:image` is no tag of the theme's.


class TaxonomyPlugin(BasePlugin[TaxonomyConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.exits_after_build = False  # unknown when MkDocs is driven from Python: then thaw, to be safe
        self.fingerprints: dict[str, Any] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, which --dirty needs.
        self.serving = command == "serve"
        self.exits_after_build = command in ("build", "gh-deploy")
        self.dirty = dirty
        self.fingerprints = {}

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        # `mkdocs serve --clean` starts the plugins as for `build`, yet rebuilds: thaw now and after each.
        self.exits_after_build = False
        gc.unfreeze()
        return server

    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig:
        file, base, locate = config_locator(config, "contenthub/taxonomy")
        language = config.theme.get("language")
        settings, problems = load_settings(self.config, file=file, base=base, locate=locate, theme_language=language)
        report(endless_walk(config.docs_dir), strict=True)  # before MkDocs walks the docs folder
        strict = bool(self.config.strict or config.strict)
        self.hub = Hub(settings, problems, strict=strict, serving=self.serving, dirty=self.dirty)
        share(config, self.hub)  # the other plugins register on it from here on (see priorities.py)
        self.posts_dir_line = locate((*base, "posts_dir"))
        self.config_file = file
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(str(TEMPLATES))
        self.syntax = PageSyntax(self.hub, config, self.config.code_dir) if self.config.extensions else None
        self.instant_navigation = "navigation.instant" in (config.theme.get("features") or [])
        self.popstate_hook = ""
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        for path in SCRIPTS:
            if path not in [str(script) for script in config.extra_javascript]:
                script = ExtraScriptValue(path)
                script.defer = True
                config.extra_javascript.append(script)
        return config

    # -- on_files: which files are posts, and the hub's own pages ------------------------------------

    def _find_posts_on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        hub = self.hub
        hub.problems.extend(drop_bad_links(files, config.docs_dir))
        missing = missing_posts_dir(config.docs_dir, hub.settings.posts_dir, self.config_file, self.posts_dir_line)
        if missing:
            hub.problems.append(missing)
        for page in hub.planned:  # the taxonomy's own and those other plugins planned
            file = hub_page(files, config, page.path, page.title, page.description)
            hub.place_page(page, file.src_uri, file.url)
        self.post_files = self._post_files(files)
        self.sources: dict[str, str] = {}
        for src_uri, file in self.post_files.items():
            text = self._read(file)
            if text is None:
                continue
            self.sources[src_uri] = text
            if (problem := place_by_slug(file, text)) is not None:
                hub.problems.append(problem)
        if self.syntax is not None:
            self.syntax.know_files(files)
        self.unread: list[tuple[Page, dict[str, Any], str]] = []
        """Each post page's front matter and Markdown, read into the hub at on_env."""
        self.decorations: dict[str, tuple[str, str]] = {}
        """By post file: the meta line under its title and the related posts after it, until its page renders."""
        self.listings: dict[str, str] = {}
        self.value_pages = {page.key: src_uri for src_uri, page in hub.pages.items() if page.kind == "value"}
        self.pages: dict[str, list[str]] = {}
        """By value: the URL of each page of its listing."""
        self.index_file = File.generated(config, hub.urls.index, content="")
        put(files, self.index_file)
        for asset in (STYLESHEET, *SCRIPTS):
            if files.get_file_from_path(asset) is None:
                source = ASSETS / Path(asset).relative_to("assets")
                files.append(File.generated(config, asset, abs_src_path=str(source)))

        if hub.dirty:
            self._read_every_post()
            self._derive(files)
            self.fingerprints = mark_changed_stale(hub.view, hub.pages, self.post_files, files, self.fingerprints)
            if self.syntax is not None:
                self.syntax.mark_listing_pages(files, self.sources)
            return files
        for src_uri, text in self.sources.items():
            file = self.post_files[src_uri]
            draft = file.inclusion.is_excluded() or declares_draft(text)
            file.inclusion = InclusionLevel.DRAFT if draft else InclusionLevel.NOT_IN_NAV
        return files

    @event_priority(priorities.LAST)
    def _freeze(self, item: Any, /, *args: Any, **event: Any) -> Any:
        """Last in `on_files` and in `on_env`: what is loaded by then stays until the build ends."""
        gc.freeze()
        return item

    on_files = CombinedEvent(_find_posts_on_files, _freeze)

    def _post_files(self, files: Files) -> dict[str, File]:
        found = {}
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.src_uri in self.hub.pages:
                continue  # the hub's own pages
            if self.hub.is_post(file.src_uri):
                # Posts stay out of the nav: it is rendered on every page, so a big one costs O(N²).
                if not file.inclusion.is_excluded():
                    file.inclusion = InclusionLevel.NOT_IN_NAV
                found[file.src_uri] = file
        return found

    def _read(self, file: File) -> str | None:
        try:
            return file.content_string
        except (OSError, ValueError) as error:
            self.hub.problems.append(unreadable(file.src_uri, error))
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs would stop the build on it with a traceback
            return None

    # -- reading posts --------------------------------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.sources.pop(page.file.src_uri, None)  # already read once in on_files

    @event_priority(priorities.TAXONOMY_MARKDOWN)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.syntax is not None:
            self.syntax.start(page, markdown)
        if page.file.src_uri in self.post_files and not self.hub.derived:  # --dirty read them all in on_files
            # Read in one pass in on_env, with what the page says now: its front matter as MkDocs parsed
            # it (before another plugin edits it, or the theme's text is escaped) and the author's Markdown.
            # A pass over every post runs faster than the same work squeezed between Markdown conversions
            # (25 ms against 41 at 1,000 posts), most likely as those leave nothing of the hub's in the
            # CPU caches.
            self.unread.append((page, snapshot(page.meta), markdown))
        return markdown

    def _read_every_post(self) -> None:
        """The whole model from the files themselves, for builds where MkDocs reads only changed pages."""
        for src_uri, text in sorted(self.sources.items()):
            file = self.post_files[src_uri]
            post = self.hub.read(PostSource(src_uri, text, file.url), draft=file.inclusion.is_excluded())
            if post is not None:
                file.inclusion = InclusionLevel.DRAFT if post.draft else InclusionLevel.NOT_IN_NAV

    # -- on_env: derive what the pages show -------------------------------------------------------------

    def _derive_on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        hub = self.hub
        if not hub.derived:
            for page, meta, markdown in self.unread:
                file = page.file
                hub.add_post(
                    file.src_uri,
                    meta,
                    markdown,
                    file.url,
                    line=lazy_lines(file.src_uri, _text_of(file)),
                    draft=file.inclusion.is_excluded(),
                )
            self.unread = []
            self._derive(files)
        # The theme's environment, escaping as MkDocs' own does not: a theme's contenthub/*.html win.
        # Its templates are kept compiled in the project's .cache/ (compiled.py: ~80 ms a build).
        escaping = keep_compiled(env.overlay(autoescape=True), Path(config.config_file_path).parent)
        present = hub.present = Presentation(escaping, hub, hub.settings.messages)
        # Material's instant navigation needs the knowledge base's history handler first (popstate.html).
        self.popstate_hook = present.fragment("popstate") if self.instant_navigation else ""
        view = hub.view
        feeds = [(link.format.label, link.format.filename) for link in hub.feed_links(None)]
        index = filter_index(view.posts, hub.taxonomy, view.urls.values, feeds, present.date)
        self.index_file.content_string = dump_index(index)
        # Every post's meta line and related posts, made in one pass: made page by page, between the
        # theme's renderings, the same work took more than twice as long (17 ms against 7 at 1,000 posts).
        self.decorations = {post.src_uri: (present.post_meta(post), present.related(post)) for post in view.posts}
        for value in hub.taxonomy.values:
            first = hub.page_of(self.value_pages[value.id])
            assert first is not None
            self.pages[value.id] = paginate(first, len(view.listing[value.id]), hub, files, config)
        self._date_pages(files)
        return env

    def _date_pages(self, files: Files) -> None:
        """A post's page is as new as its last change, in the sitemap, and says what it is about in its
        <meta name="description"> (its excerpt, unless it has a description), as a value's page does (its
        value's description, else its facet's, on the author's own page too); a listing is as new as the
        newest change of what it lists. Before the theme's text is escaped, and the sitemap written."""
        view = self.hub.view
        for post in view.posts:
            file = files.get_file_from_path(post.src_uri)
            if file is not None and file.page is not None:
                file.page.update_date = changed(post).date().isoformat()
                if not file.page.meta.get("description") and post.excerpt:
                    file.page.meta["description"] = post.excerpt
        for src_uri, page in self.hub.pages.items():
            listed = view.listing.get(page.key, []) if page.kind == "value" else view.posts
            file = files.get_file_from_path(src_uri)
            if file is None or file.page is None:
                continue
            if page.kind == "value" and page.description and not file.page.meta.get("description"):
                file.page.meta["description"] = page.description  # an author's own value page says none
            if listed and page.kind in ("value", "knowledge_base", "facets"):
                file.page.update_date = max(changed(post) for post in listed).date().isoformat()

    @event_priority(priorities.THEME_TEXT)
    def _escape_theme_text(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Every page's front matter that the theme prints as HTML, escaped: after every plugin read it as
        written, before the first page (whose nav shows every other page's title) renders."""
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.page is not None:
                escape_theme_text(file.page.meta)
        return env

    @event_priority(priorities.REPORT)
    def _report(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Every problem of the build at once, the other plugins' included: the settings', then the rest
        in file order. A fatal one stops the build here."""
        report(self.hub.diagnostics(), strict=self.hub.strict)
        return env

    on_env = CombinedEvent(_derive_on_env, _escape_theme_text, _report, _freeze)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._thaw()

    def on_build_error(self, *, error: Exception) -> None:
        self._thaw()

    def _thaw(self) -> None:
        """Give the collector back what `on_env` froze, unless the process is about to exit anyway."""
        if not self.exits_after_build:
            gc.unfreeze()

    def _derive(self, files: Files) -> None:
        hub = self.hub
        claims = page_claims(files, self.post_files.keys(), hub.posts, drafts=hub.serving, made_by=hub.pages)
        _, dropped = hub.derive(claims)
        for src_uri in dropped:  # else the page written last would replace the other
            self.post_files[src_uri].inclusion = InclusionLevel.EXCLUDED

    # -- on_page_context: put the hub into the pages ----------------------------------------------------

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        src_uri = page.file.src_uri
        hub_page = self.hub.page_of(src_uri)
        if hub_page is not None and hub_page.made_by == "contenthub/taxonomy":
            page.content = (page.content or "") + self._render_page(hub_page, page)
        elif src_uri in self.decorations:
            meta, related = self.decorations.pop(src_uri)
            section = self.hub.sections.get(src_uri)
            added = self.hub.present.section(section, page.url) if section is not None else ""
            page.content = _after_title(page.content or "", meta) + added + related
        page.content = self.hub.fill(page.content or "", src_uri, page.url)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # The popstate handler first in the head; last the Open Graph tags, if the theme wrote none, and
        # what other plugins add (the feeds' links): all in one copy of the page.
        span = head_span(output)
        if span is not None:
            post = self.hub.view.post_of(page.file.src_uri)
            tags = "" if has_open_graph(output, span) else self.hub.present.head(page_head(page, config, post))
            tags += "".join([add(page.file.src_uri, page.url) for add in self.hub.head_tags])
            output = into_head(output, span, first=self.popstate_hook, last=tags)
        # The listing last: copying the page around it once, not once per change (megabytes at 10k posts).
        listing = self.listings.pop(page.file.src_uri, None)
        if listing is not None:
            output = output.replace(LISTING_SLOT, listing, 1)
        return output

    def _render_page(self, hub_page: HubPage, page: Page) -> str:
        """The hub part of one of its pages. Long post lists go in only after the theme has rendered
        the page (see `on_post_page`): copying megabytes through the theme's template costs more."""
        present, view = self.hub.present, self.hub.view
        listing = Markup(LISTING_SLOT)
        if hub_page.kind == "value":
            value = view.taxonomy.value(hub_page.key)
            everything = view.listing[value.id]
            posts = on_page(everything, hub_page.number, self.hub.settings.per_page)
            self.listings[page.file.src_uri] = present.cards(posts, page.url)
            return present.page(
                "value",
                page.url,
                value=value,
                facet=view.facet(value.facet),
                posts=everything,
                listing=listing,
                pages=pagination(self.pages[value.id], hub_page.number, page.url),
            )
        if hub_page.kind == "facets":
            return present.page("facets", page.url, coverage=view.coverage)
        self.listings[page.file.src_uri] = present.lines(view.posts, page.url)
        return present.page(
            "knowledge_base",
            page.url,
            index_url=view.urls.index,
            listing=listing,
            card=present.card_template(),
            strings=present.messages.for_script(SCRIPT_MESSAGES),
        )


def _text_of(file: File) -> Callable[[], str]:
    """The file's text, read only when asked (a diagnostic wants a line number)."""
    return lambda: file.content_string


def _after_title(html: str, snippet: str) -> str:
    end = html.find("</h1>")
    if end < 0:
        return snippet + html
    end += len("</h1>")
    return html[:end] + snippet + html[end:]
