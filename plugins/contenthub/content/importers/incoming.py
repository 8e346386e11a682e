"""What a reader makes of a file to import: `Incoming` posts, in the hub's keys, before their words meet
the taxonomy; and what the readers share (the file, key lines, the dates other blogs write)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...model import Diagnostic, Severity
from ...text import slugify
from ..dates import parse_date
from ..frontmatter import usable_slug
from ..new_post import MAX_SLUG


@dataclass(frozen=True)
class ImportFile:
    """A file to import."""

    path: Path
    shown: str
    """The file as the author named it (the path given, and the path under it): problems point there."""
    relative: str
    """Its path under the folder given (its name, when a file was given), with `/`."""

    @property
    def source_folder(self) -> Path:
        """The folder given that holds it (its own folder, when the file itself was given), absolute and plain:
        the old site's settings are looked for no higher, and its paths are from there."""
        return Path(os.path.normpath(self.path.absolute())).parents[self.relative.count("/")]


@dataclass
class Incoming:
    """One post read from a file to import, ready to be routed to facets and written."""

    file: ImportFile
    name: str
    """The file to write, under the target folder: `twitter-vs-b2b.md`, or `2010/notes.md` for Pelican,
    whose `{filename}` links name folders."""
    meta: dict[str, Any]
    """The front matter in the hub's keys, in the order to write it; the facets are added later."""
    body: str
    words: dict[str, list[str]] = field(default_factory=dict)
    """By the file's key (`tags`, `categories`, `section`…): the words to route to facets."""
    lines: dict[str, int] = field(default_factory=dict)
    """The line of each front-matter key in the file."""
    body_line: int = 1
    """The line of the file where the body starts: problems found in the body are said at their line."""
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

    def slug(self) -> str | None:
        """The post's `slug`, made usable as a URL segment if it is not (`my slug/x` → `my-slug-x`): the
        hub would stop a strict build at an unusable one, a draft's too."""
        raw = self.meta.get("slug")
        if raw is None or isinstance(raw, list | dict):
            return None
        # As the hub reads it, from the file's text: a date or a boolean YAML built is the word written.
        written = str(raw).lower() if isinstance(raw, bool) else raw.isoformat() if isinstance(raw, date) else str(raw)
        written = written.strip()
        self.meta["slug"] = written
        if usable_slug(written):
            return written
        made = slugify(written)
        if usable_slug(made):
            self.meta["slug"] = made
            self.notes.append(f"slug `{written}` cannot be a URL segment: written as `{made}`")
            return made
        del self.meta["slug"]
        self.notes.append(f"slug `{written}` cannot be a URL segment: left out, the file's name gives the URL")
        return None

    def problem(self, line: int | None, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Diagnostic(self.file.shown, line, key, message, hint, Severity.ERROR))


def file_name(title: str) -> str:
    """A post's file name from its title or slug, as `contenthub new` makes it: `post.md` when the title
    has no ASCII letters or digits (the importer must write something; `new` asks for `--slug`)."""
    return (slugify(title)[:MAX_SLUG].rstrip("-") or "post") + ".md"


_KEY = re.compile(r"^(?P<key>[A-Za-z][\w-]*)[ \t]*:")


def key_lines(header: str, first: int) -> dict[str, int]:
    """The line of each top-level key in a YAML header whose first line is line `first` of its file."""
    lines: dict[str, int] = {}
    for number, line in enumerate(header.split("\n"), first):
        if found := _KEY.match(line):
            lines.setdefault(found.group("key"), number)
    return lines


_DAY = re.compile(r"\d{4}-?\d{2}-?\d{2}|\d{4}[-/]\d{1,2}[-/]\d{1,2}")
_TIMES = ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M")
_DAYS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y")
"""The forms Jekyll and Pelican blogs write most, past ISO 8601 (Pelican reads more, with dateutil)."""


def read_date(raw: Any, zone: tzinfo) -> datetime | date | None:
    """A date as Jekyll and Pelican take them: YAML's and ISO 8601's, Jekyll's own `2009-01-08 15:07:26
    -0800`, e-mail's, and days written out (`4 May 2010`). A day stays a day (the hub reads it in the
    site's timezone); a time without an offset gets the site's."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    text = " ".join(raw.split()) if isinstance(raw, str) else ""
    found = parse_date(raw, zone) if not _DAY.fullmatch(text) else None
    if found is not None or not text:
        return found
    for form in _DAYS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            pass
    for form in _TIMES:
        try:
            found = datetime.strptime(text, form)
        except ValueError:
            continue
        return found if found.tzinfo else found.replace(tzinfo=zone)
    try:
        return parsedate_to_datetime(text)  # `Tue, 04 May 2010 10:20:00 +0000`, as feeds and e-mail write it
    except (TypeError, ValueError, IndexError):
        return None


DATE_HINT = "write it as 2009-01-08, 2009-01-08 15:07 or 2009-01-08T15:07:26-08:00"


@dataclass
class SiteSettings:
    """What reading an old blog's settings file shares: the problems met (warnings: the posts still import,
    with the blog engine's defaults), and the timezone it names."""

    HINT: ClassVar[str] = ""
    problems: list[Diagnostic] = field(default_factory=list)

    def zone(self, config: Path, key: str, name: Any, line: int | None = None) -> tzinfo | None:
        if name is None:
            return None
        try:
            return ZoneInfo(str(name))
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name that is a folder (`America`)
            self.problem(config, line, key, f"no timezone `{name}`; the hub's timezone is used")
            return None

    def problem(self, config: Path, line: int | None, key: str, message: str) -> None:
        self.problems.append(Diagnostic(str(config), line, key, message, self.HINT, Severity.WARNING))
