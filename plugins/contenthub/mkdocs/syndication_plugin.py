"""`contenthub/syndication`: RSS, Atom and JSON Feed for the whole hub and every facet value.

It builds on `contenthub/taxonomy`, whose model it reads, and runs after it on every event:

- `on_config`: register on the hub: feeds on its pages, and the /feeds/ page.
- `on_files`: under --dirty, mark the posts the feeds carry for rebuilding, since a feed needs each
  post's rendered body.
- `on_env`: every page is rendered, so write the feeds and feeds.opml.
- `on_page_context`: the list of feeds on the /feeds/ page.
- and on every page, through the hub: `<link rel="alternate">` in its head, for the site-wide feeds and,
  on a value's page, for that value's feeds. Material adds such links only for a plugin named `rss`.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..model import Post, Value
from ..syndication.feeds import Feed, Site, build_feeds, canonical_site_url, register_syndication
from ..syndication.opml import write_opml
from ..syndication.paths import OPML, feed_folder, feed_links
from ..syndication.writers import FeedWriter
from ..urls import depth
from . import priorities
from .config import SyndicationConfig
from .files import mark_stale, put
from .shared import hub_of

MATERIAL = ("material", "materialx")
"""Material for MkDocs, and MaterialX, its fork: the same templates and scripts, under two names."""


class SyndicationPlugin(BasePlugin[SyndicationConfig]):
    supports_multiple_instances = False

    @event_priority(priorities.SYNDICATION_CONFIG)
    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig:
        hub = hub_of(config, "contenthub/syndication")
        if not config.site_url:
            raise PluginError(
                "contenthub/syndication: feeds need absolute links, so mkdocs.yml needs `site_url`, "
                "the address the site is published at (for example `site_url: https://hub.example.org/`)."
            )
        if self.config.max_items < 1:
            raise PluginError(f"contenthub/syndication: `max_items` must be 1 or more, not {self.config.max_items}.")
        self.hub = hub
        register_syndication(hub, self.config.feeds_page)
        hub.head_tags.append(self._head_links)
        self.site = Site(
            url=canonical_site_url(config.site_url),
            name=config.site_name,
            description=config.site_description or "",
            author=config.site_author or "",
            language=hub.settings.messages.language,
        )
        return config

    @event_priority(priorities.SYNDICATION)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.feeds: list[Feed] = []
        self.alternates: dict[tuple[str | None, int], str] = {}
        if self.hub.derived:  # --dirty: the taxonomy read every post already
            view = self.hub.view
            for post in self._carried(view.posts, view.listing.values()):
                mark_stale(files.get_file_from_path(post.src_uri))
        return files

    def _carried(self, posts: list[Post], listings: Any) -> set[Post]:
        """The posts some feed carries: the newest published ones, hub-wide and per value."""
        limit = self.config.max_items
        carried = {post for post in posts if not post.draft}
        chosen = set(sorted(carried, key=lambda post: (-post.date.timestamp(), post.url))[:limit])
        for listing in listings:
            chosen.update([post for post in listing if not post.draft][:limit])
        return chosen

    @event_priority(priorities.SYNDICATION)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        hub, present = self.hub.view, self.hub.present
        messages = self.hub.settings.messages

        def body(post: Post) -> str:
            file = files.get_file_from_path(post.src_uri)
            content = file.page.content if file is not None and file.page is not None else None
            if content is None:
                return present.fragment("feed_excerpt", excerpt=post.excerpt)
            content = self.hub.fill(content, post.src_uri, post.url, in_feed=True)  # listings, embeds
            section = self.hub.sections.get(post.src_uri)  # a roundup's entries, say
            return content + present.section(section, post.url, in_feed=True) if section is not None else content

        def read_more(lead: str | None, excerpt: str, url: str) -> str:
            own = Markup(lead) if lead is not None else None  # the post's own HTML, up to `<!-- more -->`
            return present.fragment("feed_excerpt", lead=own, excerpt=excerpt, url=url)

        self.feeds = build_feeds(
            hub,
            self.site,
            body,
            messages=messages,
            max_items=self.config.max_items,
            read_more=None if self.config.content == "full" else read_more,
            series=self.hub.series,
        )
        writer = FeedWriter()
        for feed in self.feeds:
            for link in feed_links(feed.series.folder if feed.series else feed.value):
                put(files, File.generated(config, link.path, content=writer.write(link.format.key, feed)))
        title = messages.text("feed.opml", site=self.site.name)
        put(files, File.generated(config, OPML, content=write_opml(self.feeds, hub, title)))
        if config.theme.name in MATERIAL:
            self._folder_sitemaps(files, config)
        return env

    def _folder_sitemaps(self, files: Files, config: MkDocsConfig) -> None:
        """A sitemap in each folder of feeds but the root's (which has the site's): Material's language
        selector reads `rel="alternate"` links as other versions of the page, and fetches `sitemap.xml`
        from each one's folder, three 404s a page otherwise. Its own pages are in it, as Material expects."""
        pages: dict[str, list[str]] = {}
        for page in self.hub.pages.values():
            if page.kind == "value":
                folder = feed_folder(self.hub.taxonomy.value(page.key))
            elif page.kind == "roundups":  # the index, and its page 2 and on, in the folder of the first
                first = self.hub.page_for("roundups")
                path = first.path if first is not None else page.path
                folder = next((feed_folder(s.folder) for s in self.hub.series if s.folder == path), "")
            else:
                continue
            if folder:
                pages.setdefault(folder, []).append(self.site.url + self.hub.url_of(page))
        for folder, urls in sorted(pages.items()):
            sitemap = self.hub.present.fragment("folder_sitemap.xml", urls=sorted(urls))
            put(files, File.generated(config, f"{folder}sitemap.xml", content=sitemap.lstrip()))

    @event_priority(priorities.SYNDICATION)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        hub_page = self.hub.page_of(page.file.src_uri)
        if hub_page is not None and hub_page.kind == "feeds":
            page.content = (page.content or "") + self.hub.present.page(
                "feeds", page.url, series=self.hub.series, opml=OPML
            )
        return context

    def _head_links(self, src_uri: str, page_url: str) -> str:
        """The `<link rel="alternate">` tags of a page: the hub's feeds, and its value's or series' own."""
        level = depth(page_url)
        text = self.hub.settings.messages.text
        links = self._alternates(None, self.site.name, level)
        value = self.hub.value_of_page(src_uri)
        if value is not None:
            names = {"site": self.site.name, "facet": self.hub.taxonomy.facet(value.facet).label, "value": value.label}
            links += self._alternates(value, text("feed.value_title", **names), level)
        for series in self.hub.series:
            if src_uri.startswith((f"{series.folder}/", f"{series.folder}.md")):
                title = text("feed.series_title", site=self.site.name, series=series.title)
                links += self._alternates(series.folder, title, level)
        return links

    def _alternates(self, where: Value | str | None, title: str, level: int) -> str:
        """The head links to the feeds of `where`, for a page `level` folders deep: made once a build."""
        key = (where.id if isinstance(where, Value) else where, level)
        if key not in self.alternates:
            self.alternates[key] = self.hub.present.alternates(feed_links(where), title, "x/" * level)
        return self.alternates[key]
