"""Curation: which outside entries the hub shows, on which facet values, in which roundup.

- `Rules`: keep/block rules, regexes over title, content, author and categories, global or per source.
- `Classifier`: facet values from the source's defaults, the entry's categories, and the values' labels,
  aliases and keywords found in its title and summary.
- `Period` and `RoundupSpec`: what a roundup file asks for (a week or a month, picks, exclusions).
- `stories`, `StoryIndex` and `roundup_stories`: entries as the pages show them, one per article even
  when several sources carry it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from functools import cached_property
from typing import Any

from ..model import Diagnostic, Entry, Severity, Source
from ..taxonomy import Locate, Taxonomy
from ..text import fold, unaccented
from ..yamlpos import PathStep

RULE_FIELDS = ("title", "content", "author", "categories")


@dataclass(frozen=True)
class Rule:
    """Every field's regex must match (case-insensitively) for the rule to apply."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    def matches(self, entry: Entry) -> bool:
        return all(pattern.search(_field(entry, name)) for name, pattern in self.patterns)


@dataclass(frozen=True)
class Rules:
    keep: tuple[Rule, ...] = ()
    block: tuple[Rule, ...] = ()
    sources: Mapping[str, tuple[tuple[Rule, ...], tuple[Rule, ...]]] = field(default_factory=dict)
    """Per source id: (keep, block)."""

    def __bool__(self) -> bool:
        """Whether there is any rule at all (without, every entry passes)."""
        return bool(self.keep or self.block or any(keep or block for keep, block in self.sources.values()))

    def passes(self, entry: Entry) -> bool:
        """Blocked by any block rule; with keep rules, kept only when one matches."""
        keep, block = self.sources.get(entry.source, ((), ()))
        if any(rule.matches(entry) for rule in (*self.block, *block)):
            return False
        wanted = (*self.keep, *keep)
        return not wanted or any(rule.matches(entry) for rule in wanted)


def _field(entry: Entry, name: str) -> str:
    if name == "content":
        return f"{entry.excerpt}\n{entry.summary_html}"
    if name == "categories":
        return "\n".join(entry.categories)
    return str(getattr(entry, name))


RULES_KEYS = ("keep", "block", "sources")
SOURCE_RULES_KEYS = ("keep", "block")


def load_rules(config: Any, *, file: str, base: Sequence[PathStep], locate: Locate) -> tuple[Rules, list[Diagnostic]]:
    """`rules: {keep: [...], block: [...], sources: {source-id: {keep: [...], block: [...]}}}`.

    Anything it cannot use is an error, never skipped in silence: a misspelt `blok` would otherwise let
    through every entry it was meant to block."""
    diagnostics: list[Diagnostic] = []

    def problem(path: Sequence[PathStep], message: str, hint: str) -> None:
        full = (*base, *path)
        diagnostics.append(Diagnostic(file, locate(full), ".".join(map(str, full)), message, hint, Severity.ERROR))

    def unknown(path: tuple[PathStep, ...], spec: Mapping[Any, Any], known: Sequence[str], what: str) -> None:
        for key in spec:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                guess = f"did you mean `{close[0]}`? " if close else ""
                problem((*path, str(key)), f"unknown {what} `{key}`", f"{guess}{what}s: {', '.join(known)}")

    def rules(raw: Any, path: tuple[PathStep, ...]) -> tuple[Rule, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            problem(path, "must be a list of rules", 'write `- {title: "(?i)sponsored"}`')
            return ()
        found = []
        for index, spec in enumerate(raw):
            if not isinstance(spec, Mapping) or not spec:
                problem((*path, index), "a rule is a mapping of fields to regexes", f"fields: {', '.join(RULE_FIELDS)}")
                continue
            unknown((*path, index), spec, RULE_FIELDS, "field")
            patterns = []
            for name, regex in spec.items():
                if name not in RULE_FIELDS:
                    continue
                where = (*path, index, name)
                if not isinstance(regex, str) or not regex.strip():
                    # An empty regex matches every entry; `str()` of a number or a list is no pattern.
                    problem(where, f"expected a regex as non-empty text, got `{regex!r}`",
                            'write it in quotes, e.g. `title: "^sponsored"`')  # fmt: skip
                    continue
                try:
                    patterns.append((str(name), re.compile(regex, re.IGNORECASE)))
                except (re.error, RecursionError, OverflowError) as error:  # nesting or repeats too deep or big
                    problem(where, f"`{regex}` is not a valid regex ({error})", "fix the pattern")
            if patterns:
                found.append(Rule(tuple(patterns)))
        return tuple(found)

    if config is None:
        return Rules(), diagnostics
    if not isinstance(config, Mapping):
        problem((), "must be a mapping with `keep`, `block` and `sources`", "see the README's roundups example")
        return Rules(), diagnostics
    unknown((), config, RULES_KEYS, "key")
    per_source = {}
    sources = config.get("sources") or {}
    if not isinstance(sources, Mapping):
        problem(("sources",), "must map source ids to their own `keep` and `block` rules",
                "write `sources: {crm-weekly: {block: [{categories: \"^webinar$\"}]}}`")  # fmt: skip
        sources = {}
    for source_id, spec in sources.items():
        path = ("sources", str(source_id))
        if spec is None:
            continue
        if not isinstance(spec, Mapping):
            problem(path, "a source's rules are a mapping with `keep` and `block`",
                    "write `block: [{title: \"...\"}]` under the source id")  # fmt: skip
            continue
        unknown(path, spec, SOURCE_RULES_KEYS, "key")
        per_source[str(source_id)] = (
            rules(spec.get("keep"), (*path, "keep")),
            rules(spec.get("block"), (*path, "block")),
        )
    return Rules(rules(config.get("keep"), ("keep",)), rules(config.get("block"), ("block",)), per_source), diagnostics


_SEPARATOR = r"[^\w+#]+"


class Classifier:
    """Gives an outside entry the hub's facet values."""

    VERSION = 1
    """Raise it whenever the matching rules change, so caches classified by an older one are redone."""
    MIN_LENGTH = 3
    """Spellings shorter than this (an alias like `x` for Twitter) match categories only, not free text."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        by_spelling: dict[str, set[str]] = defaultdict(set)
        for value in taxonomy.values:
            for spelling in (value.label, *value.aliases, *value.keywords):
                folded = fold(spelling)
                if len(folded) >= self.MIN_LENGTH:
                    by_spelling[folded].add(value.id)
        self.by_spelling = dict(by_spelling)
        self._keys: dict[str, str] = {}
        self._described = [
            self.VERSION,
            self.MIN_LENGTH,
            [(v.id, v.label, v.slug, list(v.aliases), list(v.keywords)) for v in taxonomy.values],
        ]
        # Matched in `unaccented` text with `_` made a space, whatever separates its words (what `fold`
        # would turn into one space), so each entry skips fold's slow punctuation pass. Longest first, so
        # "small business owners" wins over "small business". A word is letters, digits, `+` and `#`.
        alternatives = "|".join(
            _SEPARATOR.join(map(re.escape, s.split(" "))) for s in sorted(self.by_spelling, key=len, reverse=True)
        )
        self.pattern = re.compile(rf"(?<![\w+#])(?:{alternatives})(?![\w+#])") if alternatives else None

    def fingerprint(self, defaults: Iterable[str] = ()) -> str:
        """Changes whenever `values` could answer differently for the same entry: another taxonomy,
        other defaults, another version of this classifier."""
        described = json.dumps([self._described, sorted(defaults)])
        return hashlib.sha256(described.encode()).hexdigest()[:16]

    def _key(self, matched: str) -> str:
        """The spelling a match stands for; the same few words match again and again, so remember them."""
        key = self._keys.get(matched)
        if key is None:
            key = self._keys[matched] = fold(matched)
        return key

    def values(self, entry: Entry, defaults: Iterable[str] = ()) -> tuple[str, ...]:
        found = set(defaults)
        for category in entry.categories:
            for facet in self.taxonomy.facets:
                value = self.taxonomy.resolve(facet, category)
                if value is not None:
                    found.add(value.id)
        if self.pattern is not None:
            for match in self.pattern.finditer(unaccented(f"{entry.title} {entry.excerpt}").replace("_", " ")):
                found.update(self.by_spelling[self._key(match.group(0))])
        return tuple(sorted(found, key=self.taxonomy.order))


@dataclass(frozen=True)
class Classification:
    """What gives an outside entry its values: the classifier, and each source's defaults (by id)."""

    classifier: Classifier
    defaults: Mapping[str, tuple[str, ...]]

    def values(self, entry: Entry) -> tuple[str, ...]:
        return self.classifier.values(entry, self.defaults.get(entry.source, ()))

    def fingerprint(self, source_id: str) -> str:
        return self.classifier.fingerprint(self.defaults.get(source_id, ()))


def source_defaults(
    source: Source, taxonomy: Taxonomy, file: str, line: int | None = None
) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """The value ids a subscription's `contenthub:facets` names; unknown ones are reported and left out."""
    found: list[str] = []
    diagnostics: list[Diagnostic] = []
    for facet_id, spelling in source.defaults:
        if not taxonomy.has_facet(facet_id):
            known = ", ".join(facet.id for facet in taxonomy.facets)
            diagnostics.append(
                Diagnostic(file, line, "contenthub:facets", f"{source.title}: unknown facet `{facet_id}`",
                           f"facets: {known}")
            )  # fmt: skip
            continue
        value = taxonomy.resolve(taxonomy.facet(facet_id), spelling)
        if value is None:
            close = taxonomy.suggest(taxonomy.facet(facet_id), spelling)
            hint = f"did you mean `{close.label}`?" if close else ""
            diagnostics.append(
                Diagnostic(
                    file, line, "contenthub:facets", f"{source.title}: unknown {facet_id} value `{spelling}`", hint
                )
            )
            continue
        found.append(value.id)
    return tuple(found), diagnostics


@dataclass(frozen=True)
class Period:
    """An ISO week (`2026-W47`, Monday to Sunday) or a month (`2026-11`)."""

    label: str
    start: date
    end: date
    """The last day, included."""

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """None for anything else, and for periods the calendar cannot hold (year 0, the end of 9999)."""
        text = text.strip()
        try:
            if week := re.fullmatch(r"(\d{4})-[Ww](\d{1,2})", text):
                year, number = int(week.group(1)), int(week.group(2))
                monday = date.fromisocalendar(year, number, 1)
                return cls(f"{year:04d}-W{number:02d}", monday, monday + timedelta(days=6))
            if month := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
                year, number = int(month.group(1)), int(month.group(2))
                if not 1 <= number <= 12:
                    return None
                following = date(year + number // 12, number % 12 + 1, 1)
                return cls(f"{year:04d}-{number:02d}", date(year, number, 1), following - timedelta(days=1))
        except (ValueError, OverflowError):
            return None
        return None

    @property
    def is_week(self) -> bool:
        return "W" in self.label

    @property
    def slug(self) -> str:
        return self.label.lower()

    @property
    def name(self) -> str:
        """`Week 47, 2026 (16–22 November)` or `November 2026`."""
        if self.is_week:
            year, week = self.label.split("-W")
            span = f"{self.start.day} {self.start:%B}–{self.end.day} {self.end:%B}"
            if self.start.month == self.end.month:
                span = f"{self.start.day}–{self.end.day} {self.end:%B}"
            return f"Week {int(week)}, {year} ({span})"
        return f"{self.start:%B %Y}"


@dataclass(frozen=True)
class Pick:
    ref: str
    """An entry id or its URL."""
    note: str = ""
    line: int | None = None
    """Its line when known up front; else `RoundupSpec.line_of` finds it, only for a diagnostic."""
    position: int | None = field(default=None, compare=False)
    """Its place in the file's `picks` list."""


@dataclass(frozen=True)
class RoundupSpec:
    src_uri: str
    period: Period
    picks: tuple[Pick, ...] = ()
    exclude: tuple[str, ...] = ()
    locate: Callable[..., int | None] | None = field(default=None, compare=False, repr=False)
    """Finds the line of a front-matter path; asked only when a diagnostic needs one, since finding lines
    means parsing the file again."""

    def line_of(self, pick: Pick) -> int | None:
        if pick.line is not None or self.locate is None or pick.position is None:
            return pick.line
        return self.locate("picks", pick.position)


def read_roundup(
    src_uri: str, meta: Mapping[str, Any], line: Callable[..., int | None]
) -> tuple[RoundupSpec | None, list[Diagnostic]]:
    """A roundup file's `period`, `picks` and `exclude` (its title, date and facets are a post's)."""
    diagnostics: list[Diagnostic] = []

    def problem(path: tuple[PathStep, ...], message: str, hint: str = "") -> None:
        diagnostics.append(Diagnostic(src_uri, line(*path), str(path[0]), message, hint))

    stem = src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    raw_period = meta.get("period", stem)
    period = Period.parse(str(raw_period)) if isinstance(raw_period, str | int) else None
    if period is None:
        problem(("period",), f"`{raw_period}` is not a week or a month; the roundup is left out",
                "write `period: 2026-W47` (an ISO week) or `period: 2026-11` (a month)")  # fmt: skip
        return None, diagnostics
    picks: list[Pick] = []
    raw_picks = meta.get("picks") or []
    if not isinstance(raw_picks, list):
        problem(("picks",), "must be a list of entry ids or URLs, each optionally with a `note`")
        raw_picks = []
    for index, raw in enumerate(raw_picks):
        if isinstance(raw, str) and raw.strip():
            picks.append(Pick(raw.strip(), position=index))
        elif isinstance(raw, Mapping) and isinstance(ref := raw.get("id") or raw.get("url"), str) and ref.strip():
            note = raw.get("note")
            picks.append(Pick(ref.strip(), note.strip() if isinstance(note, str) else "", position=index))
        else:
            problem(("picks", index), "a pick is an entry id or URL, or `{id: …, note: …}`; it is left out")
    raw_exclude = meta.get("exclude") or []
    if not isinstance(raw_exclude, list) or not all(isinstance(ref, str) for ref in raw_exclude):
        problem(("exclude",), "must be a list of entry ids or URLs; it is ignored")
        raw_exclude = []
    exclude = tuple(ref.strip() for ref in raw_exclude if ref.strip())
    return RoundupSpec(src_uri, period, tuple(picks), exclude, locate=line), diagnostics


@dataclass(frozen=True)
class Story:
    """An outside article as the hub shows it: one entry, credited to every source that carried it."""

    entry: Entry
    sources: tuple[str, ...]
    values: tuple[str, ...]
    note: str = ""
    others: tuple[str, ...] = ()
    """The ids of the other sources' copies: a pick or an exclusion may name any of them."""

    @property
    def refs(self) -> tuple[str, ...]:
        """What a pick or an exclusion may name it by; an entry without a link has no URL to name."""
        return (self.entry.id, self.entry.url, *self.others) if self.entry.url else (self.entry.id, *self.others)


def stories(
    entries: Iterable[Entry],
    rules: Rules,
    classify: Callable[[Entry], tuple[str, ...]],
    order: Callable[[str], int],
) -> list[Story]:
    """Entries that pass the rules, newest first; the same article (same URL) in several sources appears
    once, as its earliest-published copy, crediting every source."""
    by_url: dict[str, list[Entry]] = defaultdict(list)
    for entry in filter(rules.passes, entries) if rules else entries:
        by_url[entry.url or f"{entry.source}\x00{entry.id}"].append(entry)
    found = []
    for copies in by_url.values():
        if len(copies) == 1:  # the usual case, made cheap
            found.append(Story(copies[0], (copies[0].source,), tuple(sorted(classify(copies[0]), key=order))))
            continue
        copies.sort(key=lambda e: (e.date is None, e.date.timestamp() if e.date else 0.0, e.source))
        values: dict[str, None] = {}
        for copy in copies:
            values.update(dict.fromkeys(classify(copy)))
        credits = tuple(dict.fromkeys(copy.source for copy in copies))
        others = tuple(copy.id for copy in copies[1:])
        found.append(Story(copies[0], credits, tuple(sorted(values, key=order)), others=others))
    return sorted(found, key=_story_order)


def _story_order(story: Story) -> tuple[float, str, str]:
    moment = story.entry.date
    return (-(moment.timestamp() if moment else 0.0), story.entry.url, story.entry.id)


def recent_by_value(
    known: Iterable[Story], count: int, excluded: AbstractSet[str] = frozenset()
) -> dict[str, list[Story]]:
    """The `count` newest stories of each facet value, in one pass over stories that come newest first,
    leaving out the excluded ids and URLs."""
    found: dict[str, list[Story]] = defaultdict(list)
    for story in known if count > 0 else ():
        wanted = [value for value in story.values if len(found[value]) < count]
        if wanted and excluded.isdisjoint(story.refs):  # most stories come after their values are full
            for value in wanted:
                found[value].append(story)
    return {value: stories for value, stories in found.items() if stories}


class StoryIndex:
    """The stories by entry id and URL, and by day: built once, and only as far as asked (picks need the
    first, roundups without picks the second), so each roundup costs only its own picks or period."""

    def __init__(self, known: Sequence[Story], zone: tzinfo) -> None:
        self.known = known  # newest first, so each day's list is too
        self.zone = zone

    @cached_property
    def by_ref(self) -> dict[str, Story]:
        found: dict[str, Story] = {}
        for story in self.known:
            for ref in story.refs:
                if ref:
                    found.setdefault(ref, story)
        return found

    @cached_property
    def shared_ids(self) -> dict[str, tuple[str, ...]]:
        """Entry ids that stories of several blogs answer to, with those blogs: a pick or an exclusion by
        such an id cannot tell them apart (their URLs can)."""
        copies = Counter(story.entry.id for story in self.known)
        copies.update(entry_id for story in self.known for entry_id in story.others)
        repeated = {entry_id for entry_id, count in copies.items() if count > 1}  # most ids have no other
        carriers: dict[str, dict[int, dict[str, None]]] = defaultdict(lambda: defaultdict(dict))
        for number, story in enumerate(self.known):
            if story.entry.id not in repeated and not story.others:
                continue
            # Each copy's id, with its blog: `others` are the ids of the copies after the first.
            for source, entry_id in zip(story.sources, (story.entry.id, *story.others), strict=False):
                if entry_id in repeated:
                    carriers[entry_id][number][source] = None
        return {
            ref: tuple(dict.fromkeys(source for blogs in stories.values() for source in blogs))
            for ref, stories in carriers.items()
            if len(stories) > 1
        }

    @cached_property
    def by_day(self) -> dict[date, list[Story]]:
        found: dict[date, list[Story]] = defaultdict(list)
        for story in self.known:
            if story.entry.date:
                found[story.entry.date.astimezone(self.zone).date()].append(story)
        return found

    def in_period(self, period: Period, excluded: AbstractSet[str]) -> list[Story]:
        """The period's stories, newest first, but for the excluded ids and URLs."""
        days = (period.end - timedelta(days=n) for n in range((period.end - period.start).days + 1))
        return [s for day in days for s in self.by_day.get(day, ()) if excluded.isdisjoint(s.refs)]


NOT_IN_CACHE = ("is not in the feeds cache", "refresh the feeds (`contenthub feeds refresh`), or remove the pick")


def roundup_stories(
    spec: RoundupSpec,
    index: StoryIndex,
    excluded: AbstractSet[str],
    why_missing: Callable[[str], tuple[str, str]] = lambda ref: NOT_IN_CACHE,
) -> tuple[list[Story], list[Diagnostic]]:
    """The picks, in the author's order with their notes (a pick wins over any exclusion); with no picks,
    every story of the period but the excluded ones. `why_missing` explains a pick that is not there."""
    diagnostics: list[Diagnostic] = []
    for ref in spec.exclude:
        if ref in index.shared_ids:
            message = f"`{ref}` is the id of entries in {_blogs(index.shared_ids[ref])}: all of them are hidden, "
            message += "and the next refresh drops for good those no roundup picks"
            line = spec.locate("exclude") if spec.locate else None
            diagnostics.append(Diagnostic(spec.src_uri, line, "exclude", message, "exclude the one meant by its URL"))
    if not spec.picks:
        return index.in_period(spec.period, excluded | set(spec.exclude)), diagnostics
    found: list[Story] = []
    first: dict[tuple[str, str], Pick] = {}  # by source and entry id: two blogs may use the same ids
    for pick in spec.picks:
        story = index.by_ref.get(pick.ref)
        if story is None:
            message, hint = why_missing(pick.ref)
            diagnostics.append(
                Diagnostic(spec.src_uri, spec.line_of(pick), "picks", f"the pick `{pick.ref}` {message}", hint)
            )
        elif (key := (story.entry.source, story.entry.id)) in first:
            line = spec.line_of(first[key])
            hint = f"it is already picked on line {line}" if line else "remove one of the two picks"
            message = f"`{pick.ref}` is picked twice, so it is shown once"
            diagnostics.append(Diagnostic(spec.src_uri, spec.line_of(pick), "picks", message, hint))
        else:
            first[key] = pick
            found.append(Story(story.entry, story.sources, story.values, pick.note, story.others))
            if pick.ref in index.shared_ids:
                message = f"`{pick.ref}` is the id of entries in {_blogs(index.shared_ids[pick.ref])}; "
                message += f"the newest, from {story.sources[0]}, is shown"
                diagnostics.append(
                    Diagnostic(spec.src_uri, spec.line_of(pick), "picks", message, "pick the one meant by its URL")
                )
    return found, diagnostics


def _blogs(source_ids: Sequence[str]) -> str:
    return f"{len(source_ids)} blogs ({', '.join(source_ids)})"


def group_stories(
    candidates: list[Story], taxonomy: Taxonomy, group_by: str, sources: dict[str, Source]
) -> list[tuple[str, list[Story]]]:
    """By source, or by the group facet's values (a story goes under its first value; "Other" last)."""
    groups: dict[str, list[Story]] = {}
    if group_by == "source":
        for story in candidates:
            source = sources.get(story.sources[0])
            groups.setdefault(source.title if source else story.sources[0], []).append(story)
        return sorted(groups.items())
    facet = taxonomy.facet(group_by)
    for value in facet.values:
        groups[value.label] = []
    other: list[Story] = []
    for story in candidates:
        first = next((v for v in story.values if v.startswith(f"{group_by}/")), None)
        (groups[taxonomy.value(first).label] if first else other).append(story)
    found = [(label, group) for label, group in groups.items() if group]
    return [*found, ("Other", other)] if other else found
