"""Roundup files: what each asks for, its period (an ISO week or a month), its picks and its exclusions."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..messages import Messages
from ..model import Diagnostic
from ..options import Problems, top_key


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

    def name(self, messages: Messages) -> str:
        """`Week 47, 2026 (Nov 16 – 22, 2026)` or `November 2026`, in the site's language."""
        if self.is_week:
            year, week = self.label.split("-W")
            days = messages.days(self.start, self.end)
            return messages.text("period.week", week=messages.number(int(week)), year=year, days=days)
        return messages.month(self.start)


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
    problems = Problems(src_uri, locate=lambda path: line(*path), field=top_key)

    stem = src_uri.rsplit("/", 1)[-1].removesuffix(".md")
    raw_period = meta.get("period", stem)
    period = Period.parse(str(raw_period)) if isinstance(raw_period, str | int) else None
    if period is None:
        problems.warning("period", f"`{raw_period}` is not a week or a month; the roundup is left out",
                         "write `period: 2026-W47` (an ISO week) or `period: 2026-11` (a month)")  # fmt: skip
        return None, problems.found
    picks: list[Pick] = []
    raw_picks = meta.get("picks") or []
    if not isinstance(raw_picks, list):
        problems.warning("picks", "must be a list of entry ids or URLs, each optionally with a `note`")
        raw_picks = []
    for index, raw in enumerate(raw_picks):
        if isinstance(raw, str) and raw.strip():
            picks.append(Pick(raw.strip(), position=index))
        elif isinstance(raw, Mapping) and isinstance(ref := raw.get("id") or raw.get("url"), str) and ref.strip():
            note = raw.get("note")
            picks.append(Pick(ref.strip(), note.strip() if isinstance(note, str) else "", position=index))
        else:
            problems.warning(("picks", index), "a pick is an entry id or URL, or `{id: …, note: …}`; it is left out")
    raw_exclude = meta.get("exclude") or []
    if not isinstance(raw_exclude, list) or not all(isinstance(ref, str) for ref in raw_exclude):
        problems.warning("exclude", "must be a list of entry ids or URLs; it is ignored")
        raw_exclude = []
    exclude = tuple(ref.strip() for ref in raw_exclude if ref.strip())
    return RoundupSpec(src_uri, period, tuple(picks), exclude, locate=line), problems.found
