"""`contenthub/taxonomy`: facet value pages, the facet overview, the knowledge base and post chips.

The flow through MkDocs' events:

- `on_files`: leave out links that loop or lead nowhere, find the posts and read them once (their text
  is handed to MkDocs in `on_page_read_source`), mark drafts, keep posts out of the nav, add the hub's
  own pages.
- `on_page_markdown`: keep each post's front matter, which MkDocs has just parsed, and its Markdown.
- `on_env`: every page is read, so turn them into `Post`s (in one pass), leave out a post whose URL
  another page has, and derive what the pages show: listings, related posts, the index. Last, escape
  every page's front matter the theme prints.
- `on_page_context`: put the hub into its pages and the chips and related posts into each post.
- `on_post_page`: splice the long post lists into the rendered hub pages.

What the build has loaded by the end of every plugin's `on_files` (MkDocs' config, the files, the posts'
text), and then by the end of every `on_env` (what the pages need), lives until the build ends. Both
times it is moved out of the garbage collector's sight (`gc.freeze`): the collector then skips it at
every collection while MkDocs converts and renders the pages, and at interpreter exit. A server thaws
it after each build, so nothing a rebuild drops stays behind.

Under `--dirty`, MkDocs skips unchanged pages, so `on_files` parses every post itself instead and
marks the pages whose listings, chips or related posts changed as out of date.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..content.clashes import url_clashes
from ..content.frontmatter import declares_draft, lazy_lines, read_front_matter, snapshot
from ..content.hub import PostSource, is_post, missing_posts_dir, read_posts, unreadable
from ..content.links import endless_walk
from ..content.posts import post_from_meta
from ..content.yamlbuild import Unbuilt
from ..model import Diagnostic, Post, Value, newest_first
from ..settings import HubSettings, load_settings
from ..syndication.paths import FeedLink, feed_links
from ..views.filter_index import dump_index, filter_index
from ..views.hub import HubUrls, HubView, PageKind, build_hub_view, hub_pages
from . import priorities
from .config import TaxonomyConfig
from .config_lines import config_locator
from .files import drop_bad_links, hub_page, mark_changed_stale, page_claims, put
from .fragments import Fragments
from .render import Snippets
from .report import report
from .theme_text import escape_theme_text

if TYPE_CHECKING:  # the live-reload server, and the file watcher it brings, only under `mkdocs serve`
    from mkdocs.livereload import LiveReloadServer

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/contenthub/contenthub.css"
SCRIPT = "assets/contenthub/contenthub.js"

LISTING_SLOT = "<!--contenthub:listing-->"

# Material's instant navigation fetches the page again on the first back/forward after a full load,
# even when only the query changed. Listeners on window run in the order they were added, so the
# knowledge base's history handler must be registered in <head>, before Material's bundle, to be
# able to keep such steps to itself (contenthub.js fills in `contenthubPopstate`).
EARLY_POPSTATE_HOOK = (
    '<script>window.contenthubPopstate=null;addEventListener("popstate",function(e){'
    "if(window.contenthubPopstate)window.contenthubPopstate(e)})</script>"
)


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
        self.strict = bool(self.config.strict or config.strict)
        file, base, locate = config_locator(config, "contenthub/taxonomy")
        self.settings: HubSettings
        self.settings, self.settings_diagnostics = load_settings(self.config, file=file, base=base, locate=locate)
        report(endless_walk(config.docs_dir), strict=True)  # before MkDocs walks the docs folder
        self.posts_dir_line = locate((*base, "posts_dir"))
        self.config_file = file
        self.snippets = Snippets(config.theme.dirs)
        self.instant_navigation = "navigation.instant" in (config.theme.get("features") or [])
        self.syndicated = "contenthub/syndication" in config.plugins  # then the hub's pages offer feeds
        self.post_folders = [self.settings.posts_dir]  # other plugins add theirs (roundups are posts too)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(SCRIPT)
            script.defer = True
            config.extra_javascript.append(script)
        return config

    # -- on_files: which files are posts, and the hub's own pages ------------------------------------

    def _find_posts_on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        # Per-build state; the instance itself lives across `mkdocs serve` rebuilds.
        self.diagnostics: list[Diagnostic] = drop_bad_links(files, config.docs_dir)
        self.post_files = self._post_files(files)
        missing = missing_posts_dir(config.docs_dir, self.settings.posts_dir, self.config_file, self.posts_dir_line)
        if missing:
            self.diagnostics.append(missing)
        self.sources: dict[str, str] = {}
        self.unread: list[tuple[Page, dict[str, Any], str]] = []
        """Each post page's front matter and Markdown, read into `posts` at on_env."""
        self.posts: list[Post] = []
        self.hub: HubView | None = None
        self.decorations: dict[str, tuple[str, str]] = {}
        """By post file: the meta line under its title and the related posts after it, until its page renders."""
        self.listings: dict[str, str] = {}
        self.urls = self._add_pages(files, config)
        self.index_file = File.generated(config, self.urls.index, content="")
        put(files, self.index_file)
        for asset in (STYLESHEET, SCRIPT):
            if files.get_file_from_path(asset) is None:
                source = ASSETS / Path(asset).relative_to("assets")
                files.append(File.generated(config, asset, abs_src_path=str(source)))

        if self.dirty:
            self._read_every_post()
            hub = self._derive(files)
            self.fingerprints = mark_changed_stale(hub, self.pages, self.post_files, files, self.fingerprints)
            return files
        for src_uri, file in self.post_files.items():
            text = self._read(file)
            if text is None:
                continue
            self.sources[src_uri] = text
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
            if (file.generated_by or "").startswith("contenthub/"):
                continue  # the hub's own pages (see HUB_PAGES in priorities.py)
            if any(is_post(file.src_uri, folder) for folder in self.post_folders):
                # Posts stay out of the nav: it is rendered on every page, so a big one costs O(N²).
                if not file.inclusion.is_excluded():
                    file.inclusion = InclusionLevel.NOT_IN_NAV
                found[file.src_uri] = file
        return found

    def _read(self, file: File) -> str | None:
        try:
            return file.content_string
        except (OSError, ValueError) as error:
            self.diagnostics.append(unreadable(file.src_uri, error))
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs would stop the build on it with a traceback
            return None

    def _add_pages(self, files: Files, config: MkDocsConfig) -> HubUrls:
        self.pages: dict[str, tuple[PageKind, str]] = {}
        urls: dict[tuple[PageKind, str], str] = {}
        settings = self.settings
        for page in hub_pages(settings.taxonomy, settings.facets_page, settings.knowledge_base_page):
            file = hub_page(files, config, page.path, page.title, page.description)
            self.pages[file.src_uri] = (page.kind, page.key)
            urls[page.kind, page.key] = file.url
        values = {key: url for (kind, key), url in urls.items() if kind == "value"}
        index = f"{settings.knowledge_base_page}/posts.json"
        return HubUrls(values=values, knowledge_base=urls["knowledge_base", ""], index=index)

    def _feeds(self, value: Value | None) -> list[FeedLink]:
        return feed_links(value) if self.syndicated else []

    def add_post_folder(self, folder: str) -> None:
        """Treat the Markdown files in another docs folder as posts too (for other contenthub plugins)."""
        if folder not in self.post_folders:
            self.post_folders.append(folder)

    def value_of_page(self, src_uri: str) -> Value | None:
        """The value whose page this is, if it is one."""
        kind, key = self.pages.get(src_uri, ("", ""))
        return self.settings.taxonomy.value(key) if kind == "value" else None

    # -- reading posts --------------------------------------------------------------------------------

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.sources.pop(page.file.src_uri, None)  # already read once in on_files

    @event_priority(priorities.TAXONOMY_MARKDOWN)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri not in self.post_files:
            return markdown
        if self.hub is None:  # under --dirty, every post was read in on_files already
            # Read in one pass in on_env, with what the page says now: its front matter as MkDocs parsed
            # it (before another plugin edits it, or the theme's text is escaped) and the author's Markdown.
            # A pass over every post runs faster than the same work squeezed between Markdown conversions
            # (25 ms against 41 at 1,000 posts), most likely as those leave nothing of the hub's in the
            # CPU caches.
            self.unread.append((page, snapshot(page.meta), markdown))
        return markdown

    def _collect(self, page: Page, meta: dict[str, Any], markdown: str) -> None:
        src_uri = page.file.src_uri
        unbuilt: dict[str, Unbuilt] = {}
        if not meta and markdown.lstrip().startswith("---"):
            # MkDocs drops front matter it cannot read whole; read it again to report every problem in
            # it, each where it is, and check what can be read, as `contenthub check` does.
            front, problem = read_front_matter(src_uri, markdown)
            if problem is not None:
                self.diagnostics.append(problem)
                return
            meta, markdown, unbuilt = front.meta, front.body, front.unbuilt
        post, found = post_from_meta(
            src_uri,
            meta,
            markdown,
            page.file.url,
            self.settings.taxonomy,
            self.settings.post_options,
            line=lazy_lines(src_uri, lambda: page.file.content_string),
            unbuilt=unbuilt,
        )
        self.diagnostics.extend(found)
        if post is not None:
            if page.file.inclusion.is_excluded():
                post = dataclasses.replace(post, draft=True)
            self.posts.append(post)

    def _read_every_post(self) -> None:
        """The whole model from the files themselves, for builds where MkDocs reads only changed pages."""
        sources = []
        for src_uri, file in self.post_files.items():
            text = self._read(file)
            if text is not None:
                sources.append(PostSource(src_uri, text, file.url))
        posts, found = read_posts(sources, self.settings.taxonomy, self.settings.post_options)
        self.diagnostics.extend(found)
        for post in posts:
            file = self.post_files[post.src_uri]
            if file.inclusion.is_excluded():
                post = dataclasses.replace(post, draft=True)
            file.inclusion = InclusionLevel.DRAFT if post.draft else InclusionLevel.NOT_IN_NAV
            self.posts.append(post)

    # -- on_env: derive what the pages show -------------------------------------------------------------

    def _derive_on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.hub is None:
            for page, meta, markdown in self.unread:
                self._collect(page, meta, markdown)
            self.unread = []
            self._derive(files)
        return env

    @event_priority(priorities.THEME_TEXT)
    def _escape_theme_text(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Every page's front matter that the theme prints as HTML, escaped: after every plugin read it as
        written, before the first page (whose nav shows every other page's title) renders."""
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.page is not None:
                escape_theme_text(file.page.meta)
        return env

    on_env = CombinedEvent(_derive_on_env, _escape_theme_text, _freeze)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._thaw()

    def on_build_error(self, *, error: Exception) -> None:
        self._thaw()

    def _thaw(self) -> None:
        """Give the collector back what `on_env` froze, unless the process is about to exit anyway."""
        if not self.exits_after_build:
            gc.unfreeze()

    def _derive(self, files: Files) -> HubView:
        self._keep_one_page_per_url(files)
        shown = newest_first(post for post in self.posts if self.serving or not post.draft)
        taxonomy = self.settings.taxonomy
        self.hub = hub = build_hub_view(
            shown,
            taxonomy,
            self.urls,
            coverage=self.settings.coverage,
            related_count=self.settings.related_count,
        )
        feeds = [(link.format.label, link.format.filename) for link in self._feeds(None)]
        self.index_file.content_string = dump_index(filter_index(shown, taxonomy, self.urls.values, feeds))
        self.fragments = Fragments(self.hub)
        # Every post's meta line and related posts, made in one pass: made page by page, between the
        # theme's renderings, the same work took more than twice as long (17 ms against 7 at 1,000 posts).
        self.decorations = {
            post.src_uri: (self.fragments.post_meta(post, post.url), self.fragments.related(post, post.url))
            for post in shown
        }
        # Everything is reported at once: the settings' problems, then the posts' in file order.
        self.diagnostics.sort(key=lambda d: (d.file, d.line or 0))
        report([*self.settings_diagnostics, *self.diagnostics], strict=self.strict)
        return hub

    def _keep_one_page_per_url(self, files: Files) -> None:
        """A post whose URL another page has is left out of the hub, and of the site: else the page
        written last would replace the other."""
        claims = page_claims(files, self.post_files.keys(), self.posts, drafts=self.serving)
        dropped, problems = url_clashes(claims)
        if dropped:
            self.diagnostics.extend(problems)
            self.posts = [post for post in self.posts if post.src_uri not in dropped]
            for src_uri in dropped:
                self.post_files[src_uri].inclusion = InclusionLevel.EXCLUDED

    # -- on_page_context: put the hub into the pages ----------------------------------------------------

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        src_uri = page.file.src_uri
        spec = self.pages.get(src_uri)
        if spec is not None:
            page.content = (page.content or "") + self._render_page(spec, page)
        elif src_uri in self.decorations:
            meta, related = self.decorations.pop(src_uri)
            page.content = _after_title(page.content or "", meta) + related
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        listing = self.listings.pop(page.file.src_uri, None)
        if listing is not None:
            output = output.replace(LISTING_SLOT, listing, 1)
        if self.instant_navigation:
            output = output.replace("<head>", "<head>" + EARLY_POPSTATE_HOOK, 1)
        return output

    def _render_page(self, spec: tuple[PageKind, str], page: Page) -> str:
        """The hub part of one of its pages. Long post lists go in only after the theme has rendered
        the page (see `on_post_page`): copying megabytes through the theme's template costs more."""
        kind, key = spec
        hub = self.hub
        assert hub is not None
        context: dict[str, Any] = {"hub": hub, "listing": Markup(LISTING_SLOT), "feeds": self._feeds}
        if kind == "value":
            value = hub.taxonomy.value(key)
            self.listings[page.file.src_uri] = self.fragments.cards(hub.listing[key], page.url)
            return self.snippets.render(
                "value", page.url, value=value, facet=hub.facet(value.facet), posts=hub.listing[key], **context
            )
        if kind == "facets":
            return self.snippets.render("facets", page.url, coverage=hub.coverage, **context)
        self.listings[page.file.src_uri] = self.fragments.post_lines(hub.posts, page.url)
        return self.snippets.render("knowledge_base", page.url, index_url=hub.urls.index, **context)


def _after_title(html: str, snippet: str) -> str:
    end = html.find("</h1>")
    if end < 0:
        return snippet + html
    end += len("</h1>")
    return html[:end] + snippet + html[end:]


def taxonomy_of(config: MkDocsConfig, plugin: str) -> TaxonomyPlugin:
    """The site's taxonomy plugin, which `plugin` builds on; a clear error when it is not configured."""
    taxonomy = config.plugins.get("contenthub/taxonomy")
    if not isinstance(taxonomy, TaxonomyPlugin):
        raise PluginError(f"{plugin} builds on contenthub/taxonomy: add both under `plugins:`.")
    return taxonomy
