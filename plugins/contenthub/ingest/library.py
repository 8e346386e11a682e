"""Everything the roundups show, read from disk: the subscriptions and each source's cache."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from ..model import Diagnostic, Entry, Severity, Source, one_line
from ..taxonomy import Taxonomy
from .cache import SourceCache
from .cache_file import cache_path, load_cache
from .classify import Classification, Classifier, source_defaults
from .config import RoundupSettings
from .health import SKIP_AFTER, load_health
from .periods import RoundupSpec
from .stories import NOT_IN_CACHE, Story, StoryIndex, recent_by_value, roundup_stories, stories
from .subscriptions import Subscriptions, load_opml


@dataclass(frozen=True)
class Curated:
    """What the pages show: each roundup's stories (by its file), and each value's most recent ones."""

    roundups: dict[str, list[Story]]
    recent: dict[str, list[Story]]
    diagnostics: list[Diagnostic]
    """Picks no longer in the cache, by file and line."""


@dataclass
class Library:
    subscriptions: Subscriptions
    caches: dict[str, SourceCache] = field(default_factory=dict)
    defaults: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each source's default value ids."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def sources(self) -> dict[str, Source]:
        return {source.id: source for source in self.subscriptions.sources}

    @property
    def dropped(self) -> set[str]:
        """Ids and URLs of every tombstone: entries curation dropped for good."""
        return {ref for cache in self.caches.values() for pair in cache.dropped.items() for ref in pair if ref}

    def entries(self) -> list[Entry]:
        return [entry for cache in self.caches.values() for entry in cache.entries.values()]

    def stories(self, settings: RoundupSettings, taxonomy: Taxonomy) -> list[Story]:
        """Values come from the cache when it was classified with this very taxonomy and these defaults
        (as a refresh leaves it), and are worked out here otherwise."""
        classification = Classification(Classifier(taxonomy), self.defaults)
        known_ids = {value.id for value in taxonomy.values}
        stored = {
            source_id: cache.values
            for source_id, cache in self.caches.items()
            if cache.classified == classification.fingerprint(source_id)
            # A hand-edited file may name values the taxonomy lacks: such a source is classified afresh.
            and {value for values in cache.values.values() for value in values} <= known_ids
        }

        def values_of(entry: Entry) -> tuple[str, ...]:
            known = stored.get(entry.source, {}).get(entry.id)
            return classification.values(entry) if known is None else known

        return stories(self.entries(), settings.rules, values_of, taxonomy.order)

    def curate(
        self, specs: Iterable[RoundupSpec], settings: RoundupSettings, taxonomy: Taxonomy, zone: tzinfo
    ) -> Curated:
        """Each roundup's stories and each value's recent ones. An exclusion holds everywhere (it is
        dropped for good at the next refresh), but a pick wins over it in the roundup that picks it."""
        specs = sorted(specs, key=lambda spec: spec.src_uri)
        known = self.stories(settings, taxonomy)
        index = StoryIndex(known, zone)
        excluded = self.dropped | {ref for spec in specs for ref in spec.exclude}

        def why_missing(ref: str) -> tuple[str, str]:
            if ref in self.dropped:
                return "was excluded by a roundup and dropped from the cache for good", "remove the pick"
            held_back = any(
                ref in (entry.id, entry.url) and not settings.rules.passes(entry) for entry in self.entries()
            )
            if held_back:
                return "is held back by the `rules` in mkdocs.yml", "change the rule, or remove the pick"
            return NOT_IN_CACHE

        roundups: dict[str, list[Story]] = {}
        diagnostics: list[Diagnostic] = []
        for spec in specs:
            roundups[spec.src_uri], found = roundup_stories(spec, index, excluded, why_missing)
            diagnostics.extend(found)
        return Curated(roundups, recent_by_value(known, settings.around_the_web, excluded), diagnostics)


def load_library(settings: RoundupSettings, taxonomy: Taxonomy, shown_as: Path | None = None) -> Library:
    """Read the subscriptions and every source's cache; problems become diagnostics, never exceptions.

    `shown_as` is the folder paths are reported relative to (the site's), for shorter messages.
    """
    subscriptions, diagnostics = load_subscriptions(settings, shown_as)
    defaults, problems = all_defaults(subscriptions, taxonomy)
    library = Library(subscriptions, defaults=defaults, diagnostics=diagnostics + problems)
    if settings.subscriptions.exists() and not any(d.severity is Severity.ERROR for d in diagnostics):
        # Only with subscriptions read whole: any other would make every rule's source look unknown.
        library.diagnostics += settings.unknown_rule_sources({source.id for source in subscriptions.sources})
    for source in subscriptions.sources:
        cache, problem = load_cache(cache_path(settings.cache, source.id), source.id)
        if problem is not None:
            library.diagnostics.append(problem)
        elif cache is not None:
            library.caches[source.id] = cache
    library.diagnostics += stalled(subscriptions, settings.cache)
    return library


def stalled(subscriptions: Subscriptions, cache_dir: Path) -> list[Diagnostic]:
    """Warnings for the sources refreshes no longer fetch: gone (410), or skipped after failing again and
    again. Said by every build and `contenthub check`, not only by the refresh, or their entries just
    go stale."""
    health, _ = load_health(cache_dir)  # an unreadable record is the refresh's to report
    found = []
    for source in subscriptions.sources:
        record = health.get(source.id)
        if record is None or not (record.gone or record.errors >= SKIP_AFTER):
            continue
        line = subscriptions.lines.get(source.id)
        if record.gone:
            message = f"{source.title}: the feed is gone (the server said 410), so refreshes skip it"
            hint = f"stop following it: `contenthub sources remove {source.id}`"
        else:
            failures = f"{record.errors} failures in a row ({record.last_error})"
            message = f"{source.title}: refreshes skip it after {failures}"
            hint = "fix its address in the subscriptions, or try again with `contenthub sources refresh --force`"
        found.append(Diagnostic(subscriptions.file, line, "", one_line(message), hint))
    return found


def all_defaults(
    subscriptions: Subscriptions, taxonomy: Taxonomy
) -> tuple[dict[str, tuple[str, ...]], list[Diagnostic]]:
    """Each source's default value ids, by source id; unknown facets and values are reported."""
    found: dict[str, tuple[str, ...]] = {}
    diagnostics: list[Diagnostic] = []
    for source in subscriptions.sources:
        line = subscriptions.lines.get(source.id)
        found[source.id], problems = source_defaults(source, taxonomy, subscriptions.file, line)
        diagnostics.extend(problems)
    return found, diagnostics


def load_subscriptions(
    settings: RoundupSettings, shown_as: Path | None = None
) -> tuple[Subscriptions, list[Diagnostic]]:
    """The subscriptions alone (a refresh needs no cache read up front)."""
    name = _shown(settings.subscriptions, shown_as)
    if not settings.subscriptions.exists():
        return Subscriptions(file=name), [
            Diagnostic(name, None, "", "there is no subscriptions file, so the hub follows no outside feed",
                       hint="add feeds with `contenthub sources import FILE.opml`, or create it",
                       severity=Severity.WARNING)
        ]  # fmt: skip
    return load_opml(settings.subscriptions, name)


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.relative_to(root))
        except ValueError:
            pass
    return str(path)
