"""Stories: outside entries as the pages show them, one per article even when several sources carry it.
Which pass the rules, the newest of each facet value, a roundup's picks or period, and its groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from functools import cached_property

from ..model import Diagnostic, Entry, Source
from ..taxonomy import Taxonomy
from .periods import Period, Pick, RoundupSpec
from .rules import Rules


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


NOT_IN_CACHE = ("is not in the cache", "refresh the sources (`contenthub sources refresh`), or remove the pick")


def roundup_stories(
    spec: RoundupSpec,
    index: StoryIndex,
    excluded: AbstractSet[str],
    why_missing: Callable[[str], tuple[str, str]] = lambda ref: NOT_IN_CACHE,
) -> tuple[list[Story], list[Diagnostic]]:
    """The picks, in the author's order with their notes (a pick wins over the other roundups' exclusions,
    not over its own: an entry both picked and excluded here is left out, and reported); with no picks,
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
    own = set(spec.exclude)
    for pick in spec.picks:
        story = index.by_ref.get(pick.ref)
        if pick.ref in own or (story is not None and not own.isdisjoint(story.refs)):
            message = f"`{pick.ref}` is both picked and excluded; it is left out, as `exclude` says"
            diagnostics.append(
                Diagnostic(spec.src_uri, spec.line_of(pick), "picks", message, "remove it from `picks` to exclude it")
            )
        elif story is None:
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
) -> list[tuple[str | None, list[Story]]]:
    """By source, or by the group facet's values (a story goes under its first value; those with none
    last, under no heading: the page calls them "Other" in its language)."""
    groups: dict[str | None, list[Story]] = {}
    if group_by == "source":
        for story in candidates:
            source = sources.get(story.sources[0])
            groups.setdefault(source.title if source else story.sources[0], []).append(story)
        return sorted(groups.items(), key=lambda group: group[0] or "")
    facet = taxonomy.facet(group_by)
    for value in facet.values:
        groups[value.label] = []
    other: list[Story] = []
    for story in candidates:
        first = next((v for v in story.values if v.startswith(f"{group_by}/")), None)
        (groups[taxonomy.value(first).label] if first else other).append(story)
    found = [(label, group) for label, group in groups.items() if group]
    return [*found, (None, other)] if other else found
