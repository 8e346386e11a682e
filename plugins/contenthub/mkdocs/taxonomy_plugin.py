"""`contenthub/taxonomy`: facet value pages, the facet overview, the knowledge base and post chips.

Everything the pages show is computed in `on_files` from the post files themselves, so the listings
are complete even under `--dirty`, when MkDocs skips reading unchanged pages.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..content.hub import PostSource, read_posts
from ..model import Diagnostic, Post
from ..settings import HubSettings, load_settings
from ..text import markdown_escape
from ..urls import depth
from ..views.filter_index import dump_index, filter_index
from ..views.hub import HubUrls, HubView, build_hub_view
from .config import TaxonomyConfig
from .config_lines import config_locator
from .render import Snippets
from .report import report

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/contenthub/contenthub.css"
SCRIPT = "assets/contenthub/contenthub.js"

PageKind = Literal["value", "facets", "knowledge_base"]

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
        self.fingerprints: dict[str, Any] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup keeps this instance across `mkdocs serve` rebuilds, which --dirty needs.
        self.serving = command == "serve"
        self.dirty = dirty
        self.fingerprints = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.strict = bool(self.config.strict or config.strict)
        file, base, locate = config_locator(config, "contenthub/taxonomy")
        self.settings: HubSettings
        self.settings, diagnostics = load_settings(self.config, file=file, base=base, locate=locate)
        report(diagnostics, strict=self.strict, what="contenthub/taxonomy settings")
        self.snippets = Snippets(config.theme.dirs)
        self.instant_navigation = "navigation.instant" in (config.theme.get("features") or [])
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(SCRIPT)
            script.defer = True
            config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        posts, diagnostics = self._read_posts(files)
        shown = [post for post in posts if self.serving or not post.draft]
        self.posts_by_src = {post.src_uri: post for post in shown}

        self.pages: dict[str, tuple[PageKind, str]] = {}
        taxonomy = self.settings.taxonomy
        value_files = {
            value.id: self._page(
                files,
                config,
                f"{value.facet}/{value.slug}",
                value.label,
                value.description,
                ("value", value.id),
            )
            for value in taxonomy.values
        }
        facets_file = self._page(
            files,
            config,
            self.config.facets_page,
            "Facets",
            "Every facet of the hub, its values, and where content is missing.",
            ("facets", ""),
        )
        kb_path = self.config.knowledge_base_page.strip("/")
        kb_file = self._page(
            files,
            config,
            kb_path,
            "Knowledge base",
            "Filter every post by several facets at once.",
            ("knowledge_base", ""),
        )
        self.hub: HubView = build_hub_view(
            shown,
            taxonomy,
            HubUrls(
                values={value_id: file.url for value_id, file in value_files.items()},
                knowledge_base=kb_file.url,
                facets=facets_file.url,
                index=f"{kb_path}/posts.json",
            ),
            coverage=self.settings.coverage,
            related_count=self.settings.related_count,
        )
        _add(
            files,
            File.generated(
                config,
                self.hub.urls.index,
                content=dump_index(filter_index(shown, taxonomy, self.hub.urls.values)),
            ),
        )
        for asset in (STYLESHEET, SCRIPT):
            if files.get_file_from_path(asset) is None:
                files.append(
                    File.generated(config, asset, abs_src_path=str(ASSETS / Path(asset).relative_to("assets")))
                )
        self.cards: dict[int, dict[str, Markup]] = {}
        if self.dirty:
            self._mark_changed_posts_stale(files)
        report(diagnostics, strict=self.strict, what="posts")
        return files

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        spec = self.pages.get(page.file.src_uri)
        if spec is not None:
            return html + self._render_page(spec, page.url)
        post = self.posts_by_src.get(page.file.src_uri)
        if post is None:
            return html
        header = self.snippets.render("post", page.url, post=post, hub=self.hub)
        related = self.snippets.render("related", page.url, related=self.hub.related.get(post.url, []), hub=self.hub)
        return _after_title(html, header) + related

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if not self.instant_navigation:
            return output
        return output.replace("<head>", "<head>" + EARLY_POPSTATE_HOOK, 1)

    # -- reading ------------------------------------------------------------------------------------

    def _read_posts(self, files: Files) -> tuple[list[Post], list[Diagnostic]]:
        prefix = self.config.posts_dir.strip("/") + "/"
        sources: list[PostSource] = []
        by_src: dict[str, File] = {}
        unreadable: list[Diagnostic] = []
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if not file.src_uri.startswith(prefix) or file.src_uri == f"{prefix}index.md":
                continue
            by_src[file.src_uri] = file
            try:
                sources.append(PostSource(file.src_uri, file.content_string, file.url))
            except (OSError, ValueError) as error:
                unreadable.append(
                    Diagnostic(file.src_uri, None, "", f"cannot read the file: {error}", hint="save it as UTF-8 text")
                )
        posts, diagnostics = read_posts(sources, self.settings.taxonomy, self.settings.post_options)
        read: list[Post] = []
        for post in posts:
            file = by_src[post.src_uri]
            if file.inclusion.is_excluded():  # a draft by MkDocs' own `draft_docs`
                post = dataclasses.replace(post, draft=True)
            read.append(post)
            file.inclusion = InclusionLevel.DRAFT if post.draft else InclusionLevel.NOT_IN_NAV
        for file in by_src.values():
            if not file.inclusion.is_excluded():
                file.inclusion = InclusionLevel.NOT_IN_NAV  # posts stay out of the nav, which renders on every page
        return read, unreadable + diagnostics

    # -- generated pages ----------------------------------------------------------------------------

    def _page(
        self,
        files: Files,
        config: MkDocsConfig,
        path: str,
        title: str,
        description: str,
        spec: tuple[PageKind, str],
    ) -> File:
        """The page at `path`: the author's own if they wrote one (the listing is appended to it),
        else a generated one."""
        path = path.strip("/")
        for candidate in (f"{path}.md", f"{path}/index.md"):
            existing = files.get_file_from_path(candidate)
            if existing is not None:
                self.pages[existing.src_uri] = spec
                return existing
        markdown = f"---\ntitle: {_yaml_string(title)}\n---\n\n# {markdown_escape(title)}\n\n{description}\n"
        file = File.generated(config, f"{path}.md", content=markdown, inclusion=InclusionLevel.NOT_IN_NAV)
        _add(files, file)
        self.pages[file.src_uri] = spec
        return file

    def _render_page(self, spec: tuple[PageKind, str], page_url: str) -> str:
        kind, key = spec
        hub = self.hub
        if kind == "value":
            value = hub.taxonomy.value(key)
            posts = hub.listing[key]
            return self.snippets.render(
                "value",
                page_url,
                hub=hub,
                value=value,
                facet=hub.facet(value.facet),
                posts=posts,
                cards=self._cards(posts, page_url),
            )
        if kind == "facets":
            return self.snippets.render("facets", page_url, hub=hub, coverage=hub.coverage)
        return self.snippets.render("knowledge_base", page_url, hub=hub, index_url=hub.urls.index)

    def _cards(self, posts: list[Post], page_url: str) -> dict[str, Markup]:
        """Post cards, rendered once per folder depth: every value page at the same depth shares them."""
        cache = self.cards.setdefault(depth(page_url), {})
        for post in posts:
            if post.url not in cache:
                cache[post.url] = Markup(self.snippets.render("card", page_url, post=post, hub=self.hub))
        return cache

    # -- --dirty ------------------------------------------------------------------------------------

    def _mark_changed_posts_stale(self, files: Files) -> None:
        """Under --dirty, MkDocs rebuilds only edited pages; a post whose chips or related posts changed
        because another post changed must be rebuilt too, so its output is marked out of date."""
        hub = self.hub
        shared = (hub.taxonomy.facets, tuple(sorted(hub.urls.values.items())))
        fingerprints: dict[str, Any] = {}
        for post in hub.posts:
            fingerprint = (shared, post, tuple(hub.related.get(post.url, [])))
            fingerprints[post.src_uri] = fingerprint
            if self.fingerprints.get(post.src_uri) != fingerprint:
                file = files.get_file_from_path(post.src_uri)
                if file is not None and os.path.exists(file.abs_dest_path):
                    os.utime(file.abs_dest_path, (0, 0))
        self.fingerprints = fingerprints


def _add(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def _after_title(html: str, snippet: str) -> str:
    end = html.find("</h1>")
    if end < 0:
        return snippet + html
    end += len("</h1>")
    return html[:end] + snippet + html[end:]


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
