"""`contenthub/roundups`: what outside blogs published, curated into roundup pages.

It builds on `contenthub/taxonomy`: roundup files are posts too (in the knowledge base, the listings and
the feeds), and facet value pages gain "From around the web". Builds read the committed cache in
feeds/cache and never touch the network, unless `refresh_on_build` says so.

- `on_config`: check the settings; register on the hub the roundups folder (its files are posts), the
  index page and the roundups' feed series; refresh, if asked.
- `on_files`: under --dirty, mark every roundup for rebuilding (their entries come from the cache).
- `on_page_markdown`: read each roundup file's period, picks and exclusions.
- `on_env`: after the taxonomy, before syndication (so feeds carry them): read the cache, put the entries
  into each roundup, and keep the few recent ones each value page shows.
- `on_page_context`: "From around the web" on value pages, and the list of roundups on the index.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..content.frontmatter import lazy_lines
from ..hub import Section
from ..ingest.classify import Classification, Classifier
from ..ingest.config import RoundupSettings, load_roundup_settings, register_roundups
from ..ingest.library import all_defaults, load_library, load_subscriptions
from ..ingest.periods import RoundupSpec, read_roundup
from ..ingest.stories import Story, group_stories
from ..model import Severity, Source, one_line
from ..present import Group, pagination
from ..text import slugify, unique_name
from . import priorities
from .config import RoundupsConfig
from .config_lines import config_locator
from .files import mark_stale, on_page, paginate
from .shared import hub_of
from .site import read_roundup_specs

log = get_plugin_logger("contenthub")


class RoundupsPlugin(BasePlugin[RoundupsConfig]):
    supports_multiple_instances = False

    @event_priority(priorities.ROUNDUPS)
    def on_config(self, config: MkDocsConfig, /) -> MkDocsConfig:
        hub = hub_of(config, "contenthub/roundups")
        self.hub = hub
        root = Path(config.config_file_path or "mkdocs.yml").parent
        file, base, locate = config_locator(config, "contenthub/roundups")
        self.settings: RoundupSettings
        self.settings, problems = load_roundup_settings(
            self.config,
            hub.taxonomy,
            root,
            file=file,
            base=base,
            locate=locate,
            hub_paths=hub.settings.paths,
        )
        hub.settings_problems.extend(problems)
        register_roundups(hub, self.settings, config.site_name)
        self.root = root
        # With errors in these settings the build stops on them (in on_env, with every other problem):
        # fetching first would only spend the network on a build that cannot finish.
        if self.settings.refresh_on_build and not any(d.severity is Severity.ERROR for d in problems):
            self._refresh(Path(config.docs_dir))
        return config

    def _refresh(self, docs_dir: Path) -> None:
        """Only when the config asks: fetch every source before building (the network, at build time)."""
        from ..ingest.refresh import Curation, refresh, run_to_end  # the network stack loads only for this

        # The roundups' picks must survive the pruning, and their exclusions stay out; their own problems
        # are reported when the pages are built.
        specs, _ = read_roundup_specs(docs_dir, self.settings.roundups_dir)
        subscriptions, _ = load_subscriptions(self.settings, self.root)
        taxonomy = self.hub.taxonomy
        defaults, _ = all_defaults(subscriptions, taxonomy)
        refreshed = run_to_end(
            refresh(
                subscriptions.sources,
                self.settings.cache,
                self.settings.subscriptions.parent,
                self.settings.refresh,
                Curation.of(specs),
                datetime.now(UTC),
                classification=Classification(Classifier(taxonomy), defaults),
            )
        )
        for problem in refreshed.problems:
            log.warning(str(problem))
        for outcome in refreshed.outcomes:
            # A skipped source is not fetched at all: say so at every build, or its entries just go stale.
            if outcome.failed or outcome.status == "skipped":
                log.warning(one_line(f"feed {outcome.source.title}: {outcome.status}: {outcome.error}"))

    @event_priority(priorities.ROUNDUPS)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.specs: dict[str, RoundupSpec] = {}
        self.recent: dict[str, list[Story]] = {}
        self.sources: dict[str, Source] = {}
        if self.hub.dirty:  # roundups are few, and their entries come from the cache: always rebuild them
            for file in files.documentation_pages():
                if self._is_roundup(file.src_uri):
                    mark_stale(file)
        return files

    def _is_roundup(self, src_uri: str) -> bool:
        return src_uri.startswith(f"{self.settings.roundups_dir}/") and self.hub.is_post(src_uri)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        src_uri = page.file.src_uri
        if self._is_roundup(src_uri):
            spec, found = read_roundup(src_uri, page.meta, lazy_lines(src_uri, lambda: page.file.content_string))
            self.hub.problems.extend(found)
            if spec is not None:
                self.specs[src_uri] = spec
        return markdown

    @event_priority(priorities.ROUNDUPS_PAGES)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        hub = self.hub
        # The cache is read here, not earlier: its entries live only while this event needs them.
        library = load_library(self.settings, hub.taxonomy, self.root)
        zone = hub.settings.post_options.timezone
        curated = library.curate(self.specs.values(), self.settings, hub.taxonomy, zone)
        hub.problems.extend(library.diagnostics + curated.diagnostics)
        self.sources = library.sources
        self.recent = curated.recent
        messages = hub.settings.messages
        for src_uri, chosen in curated.roundups.items():
            file = files.get_file_from_path(src_uri)
            if file is not None:  # the taxonomy shows it after the roundup's text, and so do the feeds
                context = {
                    "period": self.specs[src_uri].period.name(messages),
                    "total": len(chosen),
                    "groups": self._groups(chosen, file.url),
                }
                hub.sections[src_uri] = Section("roundup", context)
        self.roundups = [post for post in hub.view.posts if self._is_roundup(post.src_uri)]
        index = hub.page_for("roundups")
        self.index_pages = paginate(index, len(self.roundups), hub, files, config) if index else []
        return env

    def _groups(self, chosen: list[Story], page_url: str) -> list[Group]:
        present, zone = self.hub.present, self.hub.settings.post_options.timezone
        anchors: set[str] = set()
        groups = []
        for heading, stories in group_stories(chosen, self.hub.taxonomy, self.settings.group_by, self.sources):
            title = heading if heading is not None else self.hub.settings.messages.text("roundup.other")
            # Two sources' names may slug alike ("Acme!" and "Acme?"): each heading keeps its own anchor.
            anchor = unique_name(f"ch-roundup-{slugify(title) or 'group'}", anchors)
            cards = tuple(present.story(story, self.sources, zone, page_url) for story in stories)
            groups.append(Group(title, anchor, cards))
        return groups

    @event_priority(priorities.ROUNDUPS_PAGES)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        hub, present = self.hub, self.hub.present
        hub_page = hub.page_of(page.file.src_uri)
        value = hub.value_of_page(page.file.src_uri)
        zone = hub.settings.post_options.timezone
        if value is not None and self.settings.around_the_web and self.recent.get(value.id):
            stories = [present.story(story, self.sources, zone, page.url) for story in self.recent[value.id]]
            page.content = (page.content or "") + present.page("around", page.url, value=value, stories=stories)
        elif hub_page is not None and hub_page.kind == "roundups":
            messages = hub.settings.messages
            cards = [
                present.card_for(post, page.url, self.specs[post.src_uri].period.name(messages))
                if post.src_uri in self.specs
                else present.card_for(post, page.url)
                for post in on_page(self.roundups, hub_page.number, hub.settings.per_page)
            ]
            pages = pagination(self.index_pages, hub_page.number, page.url)
            page.content = (page.content or "") + present.page("roundups", page.url, cards=cards, pages=pages)
        return context
