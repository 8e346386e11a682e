"""The hub's Markdown extensions (`contenthub.markdown`) in a MkDocs build: made for the build's hub,
told which page MkDocs converts next, and their marks filled once the hub can render.

- links (`{filename}`, `{market}B2B`): MkDocs turns links to `.md` files into URLs and checks them,
  so a link becomes the target's source path; the hub reports the targets that do not exist.
- include_code (`{% include_code feed.py lang:python %}`): from `code_dir` in the docs folder.
- listings (`{% posts … %}`) and embeds (`{% youtube … %}`): a page is converted before the posts are
  all read and before the theme's templates can render, so each leaves a mark that `fill` replaces, on
  the page (`on_page_context`) and in its feed items (syndication, through `Hub.fill`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..hub import Hub
from ..markdown import embeds, listings
from ..markdown.embeds import EmbedsExtension
from ..markdown.include_code import IncludeCodeExtension
from ..markdown.links import LinksExtension, SiteLinks
from ..markdown.listings import ListingsExtension, lists_posts
from ..markdown.page import PageRef, fill
from ..model import Diagnostic
from .files import mark_stale


class PageSyntax:
    """The three extensions of one build, and what the taxonomy plugin asks of them."""

    def __init__(self, hub: Hub, config: MkDocsConfig, code_dir: str) -> None:
        self.hub = hub
        report = hub.problems.append
        self.links = LinksExtension(links_to="sources", report=report)
        self.listings = ListingsExtension(taxonomy=hub.taxonomy, report=report)
        self.embeds = EmbedsExtension(report=report)
        self.code = IncludeCodeExtension(folder=Path(config.docs_dir) / code_dir, report=report)
        every = [self.links, self.listings, self.embeds, self.code]
        config.markdown_extensions += every  # type: ignore[arg-type]
        hub.marks.append(self.fill)
        macros = config.plugins.get("macros")
        if macros is not None and reads_our_tags(macros.config):
            message = (
                "mkdocs-macros reads every `{% … %}` as Jinja before the hub sees it, so `{% posts %}` and "
                "`{% youtube %}` fail there"
            )
            hint = (
                "under `macros:`, set `render_by_default: false` (and `render_macros: true` on the pages that use "
                "macros), or `j2_block_start_string: '[%'` and `j2_block_end_string: '%]'`"
            )
            where = config.config_file_path or "mkdocs.yml"
            hub.settings_problems.append(Diagnostic(where, None, "plugins", message, hint=hint))

    def know_files(self, files: Files) -> None:
        """What `{filename}` and `{<facet>}` links can point to: every file, and each value's page."""
        taxonomy = self.hub.taxonomy
        values = {page.key: src_uri for src_uri, page in self.hub.pages.items() if page.kind == "value"}
        pelican = self.hub.settings.post_options
        files_by_uri = {file.src_uri: file.url for file in files}
        self.links.site = SiteLinks(files_by_uri, taxonomy, values, pelican.tag_facet, pelican.category_facet)
        self.embeds.site = self.links.site

    def start(self, page: Page, markdown: str) -> None:
        """The page MkDocs converts next (its file read again only if a problem needs a line number).
        Without a `{` or a `|` it holds none of the extensions' syntax, and they stay out of its way:
        registered for every page, they cost 40 µs a page that holds none (0.7 to 1.5% of a build)."""
        ref = PageRef(page.file.src_uri, page.url, lambda: page.file.content_string)
        quiet = "{" not in markdown and "|" not in markdown
        for extension in (self.links, self.listings, self.embeds, self.code):
            extension.start(ref)
            extension.quiet = quiet

    def mark_listing_pages(self, files: Files, texts: Mapping[str, str]) -> None:
        """Under --dirty, a page that lists posts is rebuilt, as it shows what changed in any of them."""
        for file in files.documentation_pages():
            text = texts[file.src_uri] if file.src_uri in texts else _text(file)
            if text is not None and lists_posts(text):
                mark_stale(file)

    def fill(self, html: str, src_uri: str, page_url: str, in_feed: bool) -> str:
        present = self.hub.present
        found = self.listings.listings.get(src_uri)
        if found:
            html = fill(html, listings.MARK, lambda number: listings.render(found[number], self.hub, page_url))
        shown = self.embeds.embeds.get(src_uri)
        if shown:
            html = fill(html, embeds.MARK, lambda number: present.embed(shown[number], page_url, in_feed=in_feed))
        return html


def reads_our_tags(macros: Mapping[str, Any]) -> bool:
    """Whether mkdocs-macros, with these settings, renders every page's `{% … %}` as Jinja."""
    block_start = macros.get("j2_block_start_string") or "{%"
    return bool(macros.get("render_by_default", True)) and block_start == "{%"


def _text(file: File) -> str | None:
    """A page's text, if it can be read (MkDocs reports those that cannot)."""
    try:
        return file.content_string
    except (OSError, ValueError):
        return None
