"""What a reader makes of a source file: `Incoming` posts, in the hub's keys, before their tags meet the
taxonomy; and what the readers share (the file as found, key lines, the dates other blogs write)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from ...model import Diagnostic, Severity
from ..dates import parse_date


@dataclass(frozen=True)
class Source:
    """A file to import."""

    path: Path
    shown: str
    """The file as the author named it (the SOURCE given, and the path under it): problems point there."""
    relative: str
    """Its path under the SOURCE folder given (its name, when a file was given), with `/`."""


@dataclass
class Incoming:
    """One post read from a source file, ready to be routed to facets and written."""

    source: Source
    name: str
    """The file to write, under the target folder: `twitter-vs-b2b.md`, or `2010/notes.md` for Pelican,
    whose `{filename}` links name folders."""
    meta: dict[str, Any]
    """The front matter in the hub's keys, in the order to write it; the facets are added later."""
    body: str
    labels: dict[str, list[str]] = field(default_factory=dict)
    """By the source's key (`tags`, `categories`, `section`…): the spellings to route to facets."""
    lines: dict[str, int] = field(default_factory=dict)
    """The source line of each front-matter key."""
    old_url: str | None = None
    """Where the old blog published it (a Jekyll `permalink`, a Pelican `URL`): redirected from."""
    problems: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What was changed on the way that the author should know (a key dropped, a tag read as a status)."""

    def old_urls(self) -> list[str]:
        """Every address the post had: its own `redirect_from` (jekyll-redirect-from's), then `old_url`."""
        raw = self.meta.get("redirect_from")
        given = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        urls = [str(url) for url in given if isinstance(url, str) and url.strip()]
        return [*urls, self.old_url] if self.old_url and self.old_url not in urls else urls

    def problem(self, line: int | None, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(self.source.shown, line, key, message, hint, Severity.ERROR))


_KEY = re.compile(r"^(?P<key>[A-Za-z][\w-]*)[ \t]*:")


def key_lines(header: str, first: int, *, lower: bool = False) -> dict[str, int]:
    """The line of each top-level key in a header whose first line is line `first` of its file."""
    lines: dict[str, int] = {}
    for number, line in enumerate(header.split("\n"), first):
        found = _KEY.match(line)
        if found:
            key = found.group("key")
            lines.setdefault(key.lower() if lower else key, number)
    return lines


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M")


def read_date(raw: Any, zone: tzinfo) -> datetime | date | None:
    """A date as Jekyll and Pelican take them: YAML's and ISO 8601's, and Jekyll's own
    `2009-01-08 15:07:26 -0800`. A day stays a day (the hub reads it in the site's timezone); a time
    without an offset gets the site's."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    text = raw.strip() if isinstance(raw, str) else ""
    if _DAY.fullmatch(text):
        parsed = parse_date(text, zone)
        return parsed.date() if parsed else None
    found = parse_date(raw, zone)
    for form in _FORMATS if found is None and text else ():
        try:
            found = datetime.strptime(text, form)
        except ValueError:
            continue
        found = found if found.tzinfo else found.replace(tzinfo=zone)
        break
    return found


DATE_HINT = "write it as 2009-01-08, 2009-01-08 15:07 or 2009-01-08T15:07:26-08:00"
