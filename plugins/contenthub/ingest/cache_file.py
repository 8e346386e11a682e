"""The fetched data on disk: one versioned JSON file per source in feeds/cache/, committed with the site, so
a build is offline and reproducible. Writes are atomic; a file that cannot be read is reported, kept as it
is, and never overwritten.

A source's file changes only when its entries do (one entry a line, so diffs show what arrived). How
fetching went, which changes at every refresh, lives apart (`health`).
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import FIRST_YEAR, LAST_YEAR, Diagnostic, Entry
from .atomic import write_atomically
from .cache import SourceCache, Validators, newest_first

CACHE_VERSION = 1


def cache_path(directory: Path, source_id: str) -> Path:
    return directory / f"{source_id}.json"


def load_cache(path: Path, source_id: str) -> tuple[SourceCache | None, Diagnostic | None]:
    """The source's cache; None with no diagnostic when there is none yet."""
    try:
        # As bytes (JSON has no use for text mode's newline pass); a BOM, as some editors save, is dropped.
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as error:
        return None, _unreadable(path, f"cannot read it ({error})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        line = _line_at(text, error.pos)
        return None, _unreadable(path, f"it is not valid JSON (line {line}: {error.msg})", line)
    except (ValueError, RecursionError) as error:  # a number too long to convert, or nesting too deep
        return None, _unreadable(path, f"it is not valid JSON ({error})")
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        found = data.get("version") if isinstance(data, dict) else None
        return None, _unreadable(path, f"it has cache version {found!r}; this contenthub reads version {CACHE_VERSION}")
    try:
        return _from_json(data, source_id), None
    except NotACache as error:
        why = f"its contents are not a contenthub cache ({error})"
        return None, _unreadable(path, why, _line_of(text, error.item) if error.item is not None else None)


def save_cache(path: Path, cache: SourceCache) -> bool:
    """Write the cache unless the file already says the same; returns whether it wrote."""
    text = _to_text(cache)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(path, text)
    return True


def _unreadable(path: Path, why: str, line: int | None = None) -> Diagnostic:
    return Diagnostic(
        str(path),
        line,
        "",
        f"the cache file cannot be used: {why}; its entries are left out, and refreshing will not touch it",
        hint="restore it from version control, or delete it to fetch the source afresh",
    )


_ENTRY_DATES = ("published", "updated", "first_seen")
_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))


def _to_text(cache: SourceCache) -> str:
    """JSON laid out for version control: one entry (or tombstone) a line, newest first."""
    head = {
        "version": CACHE_VERSION,
        "source": cache.source,
        "feed_url": cache.feed_url,
        "title": cache.title,
        "http": vars(cache.validators),
        "classified": cache.classified,
    }
    entries = [
        dates_out({name: getattr(entry, name) for name in _ENTRY_FIELDS}, _ENTRY_DATES)
        | ({"values": list(cache.values[entry.id])} if entry.id in cache.values else {})
        for entry in sorted(cache.entries.values(), key=newest_first)
    ]
    dropped = [{"id": entry_id, "url": url} for entry_id, url in sorted(cache.dropped.items())]

    def lines(items: list[dict[str, Any]]) -> str:
        return "".join(f"\n  {json.dumps(item, ensure_ascii=False)}{',' if n < len(items) - 1 else ''}"
                       for n, item in enumerate(items))  # fmt: skip

    text = (
        f"{json.dumps(head, ensure_ascii=False)[:-1]},\n"
        f' "entries": [{lines(entries)}\n ],\n'
        f' "dropped": [{lines(dropped)}\n ]\n}}\n'
    )
    # A lone surrogate (a JSON Feed's id may hold one) has no UTF-8 form, but a JSON escape reads back
    # as the same string; it can only be inside a string here.
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


_SURROGATE = re.compile("[\ud800-\udfff]")


class NotACache(ValueError):
    """Why a cache file's contents cannot be used; `item` is the JSON object at fault, to find its line."""

    def __init__(self, why: str, item: object = None) -> None:
        super().__init__(why)
        self.item = item


_HEAD = ("source", "feed_url", "title", "classified")
_VALIDATORS = frozenset(f.name for f in fields(Validators))


def _from_json(data: dict[str, Any], source_id: str) -> SourceCache:
    """Every value's type is checked here, so a hand-edited or foreign file is refused whole, never a crash
    later in the build. Every build reads every file: the checks are one pass of inline `isinstance`, and
    only a file that fails them is looked at again, slowly, to say what is wrong (`_entry_problem`)."""
    head = {key: data.get(key, "") for key in _HEAD}
    for key, text in head.items():
        if not isinstance(text, str):
            raise NotACache(f"`{key}` is {kind(text)}, not a string")
    http = data.get("http", {})
    if not (isinstance(http, dict) and http.keys() <= _VALIDATORS and all(isinstance(v, str) for v in http.values())):
        raise NotACache(f"`http` must be an object of strings ({', '.join(sorted(_VALIDATORS))})")
    items, tombstones = data.get("entries"), data.get("dropped", [])
    if not isinstance(items, list):
        raise NotACache(f"`entries` is {kind(items)}, not a list")
    if not isinstance(tombstones, list):
        raise NotACache(f"`dropped` is {kind(tombstones)}, not a list")
    entries: dict[str, Entry] = {}
    values: dict[str, tuple[str, ...]] = {}
    parse = datetime.fromisoformat
    # A date at the calendar's very ends cannot be shown in a site's timezone (OverflowError).
    first, last = FIRST_YEAR, LAST_YEAR
    for raw in items:
        try:
            published, updated, first_seen = raw["published"], raw["updated"], raw["first_seen"]
            published = None if published is None else parse(published)
            updated = None if updated is None else parse(updated)
            first_seen = None if first_seen is None else parse(first_seen)
            entry = Entry(
                id=raw["id"], source=raw["source"], url=raw["url"], title=raw["title"], author=raw["author"],
                published=published, updated=updated, summary_html=raw["summary_html"], excerpt=raw["excerpt"],
                categories=tuple(raw["categories"]), content_hash=raw["content_hash"], first_seen=first_seen,
            )  # fmt: skip
            stored = raw.get("values")
        except (KeyError, TypeError, ValueError):
            raise NotACache(_entry_problem(raw, len(entries)), raw) from None
        # `"".join` checks that a list holds only strings at C speed (it raises TypeError otherwise).
        if not (
            isinstance(entry.id, str) and isinstance(entry.source, str) and isinstance(entry.url, str)
            and isinstance(entry.title, str) and isinstance(entry.author, str)
            and isinstance(entry.summary_html, str) and isinstance(entry.excerpt, str)
            and isinstance(entry.content_hash, str) and isinstance(raw["categories"], list)
            and (published is None or (published.tzinfo is not None and first <= published.year <= last))
            and (updated is None or (updated.tzinfo is not None and first <= updated.year <= last))
            and (first_seen is None or (first_seen.tzinfo is not None and first <= first_seen.year <= last))
            and (stored is None or isinstance(stored, list))
        ):  # fmt: skip
            raise NotACache(_entry_problem(raw, len(entries)), raw)
        try:
            "".join(entry.categories)
            if stored is not None:
                values[entry.id] = tuple(stored)
                "".join(stored)
        except TypeError:
            raise NotACache(_entry_problem(raw, len(entries)), raw) from None
        entries[entry.id] = entry
    dropped: dict[str, str] = {}
    for number, item in enumerate(tombstones, 1):
        if not (isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("url", ""), str)):
            raise NotACache(f"`dropped` item {number} is not an object with a string `id` (and `url`)", item)
        dropped[item["id"]] = item.get("url", "")
    return SourceCache(
        source=head["source"] or source_id,
        feed_url=head["feed_url"],
        title=head["title"],
        validators=Validators(**http),
        entries=entries,
        dropped=dropped,
        values=values,
        classified=head["classified"],
    )


def _entry_problem(raw: Any, index: int) -> str:
    """What is wrong with the entry at `index` (0-based), once the cheap checks have failed."""
    if not isinstance(raw, dict):
        return f"entry {index + 1} is {kind(raw)}, not an object"
    named = raw.get("id")
    where = f"entry {index + 1}" + (f" (`{named}`)" if isinstance(named, str) else "")
    for key in _ENTRY_FIELDS:
        if key not in raw:
            return f"{where} has no `{key}`"
        value = raw[key]
        if key in _ENTRY_DATES:
            moment = None if value is None else aware(value)
            if value is not None and moment is None:
                return f"{where}: `{key}` is {kind(value)}, not an ISO date with a timezone (or null)"
            if moment is not None and not FIRST_YEAR <= moment.year <= LAST_YEAR:
                return f"{where}: `{key}` is {kind(value)}, a date outside the years {FIRST_YEAR} to {LAST_YEAR}"
        elif key == "categories":
            if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                return f"{where}: `categories` is {kind(value)}, not a list of strings"
        elif not isinstance(value, str):
            return f"{where}: `{key}` is {kind(value)}, not a string"
    stored = raw.get("values")
    if stored is not None and not (isinstance(stored, list) and all(isinstance(item, str) for item in stored)):
        return f"{where}: `values` is {kind(stored)}, not a list of value ids (strings)"
    return f"{where} is not a cache entry"


def aware(value: Any) -> datetime | None:
    """An ISO date with a timezone, or None: a date without one could not be compared with the others."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def kind(value: Any) -> str:
    """A JSON value as a message shows it: `"2026-11-17"` (a string), `3` (a number), a list."""
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    shown = json.dumps(value, ensure_ascii=False)
    return f"`{shown[:60]}…`" if len(shown) > 60 else f"`{shown}`"


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What ends a line for editors and text mode: not U+2028 and the like, which titles may hold as they are."""


def _line_at(text: str, position: int) -> int:
    """The line a position is on, whether lines end in `\n`, `\r\n` or `\r` (JSON's own count knows `\n`
    alone, and the file is read without text mode's translation)."""
    before = text[:position]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _line_of(text: str, item: object) -> int | None:
    """The line of the file that holds exactly this JSON object, as `_to_text` lays entries out (one a
    line); None when the file is laid out otherwise. Only called for a file already refused."""
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        candidate = line.strip().rstrip(",")
        if candidate.startswith("{") and candidate.endswith("}"):
            try:
                if json.loads(candidate) == item:
                    return number
            except (ValueError, RecursionError):
                continue
    return None


def dates_out(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: (value.isoformat() if key in keys and value else value) for key, value in values.items()}
