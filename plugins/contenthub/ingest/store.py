"""The fetched data: one versioned JSON file per source in feeds/cache/, committed with the site, so a
build is offline and reproducible. Writes are atomic; a file that cannot be read is reported, kept as it
is, and never overwritten.

A source's file changes only when its entries do (one entry a line, so diffs show what arrived). How
fetching went, which changes at every refresh, lives apart in one `_health.json`.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..model import FIRST_YEAR, LAST_YEAR, Diagnostic, Entry

CACHE_VERSION = 1


@dataclass(frozen=True)
class Validators:
    """What the last fetch left behind to make the next one conditional."""

    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""


@dataclass
class Health:
    """How fetching a source has been going."""

    last_success: datetime | None = None
    last_attempt: datetime | None = None
    errors: int = 0
    """Failures in a row; at `SKIP_AFTER` the source is skipped until a forced refresh."""
    last_error: str = ""
    gone: bool = False
    """The server said 410: the feed will not come back."""
    moved_to: str = ""
    """A permanent redirect's target: the URL to put in the subscriptions."""


SKIP_AFTER = 5


@dataclass
class SourceCache:
    source: str
    feed_url: str = ""
    title: str = ""
    validators: Validators = field(default_factory=Validators)
    entries: dict[str, Entry] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)
    """Tombstones: entries curation dropped, id → URL. They never come back, whatever the feed says."""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each entry's facet value ids, worked out at refresh so builds need not (by id)."""
    classified: str = ""
    """The fingerprint of the taxonomy and defaults `values` were worked out with; builds trust `values`
    only while it matches theirs."""

    def signature(self) -> tuple[object, ...]:
        """Cheap to take, and different whenever anything saved would be: a refresh that leaves it as it
        was writes nothing."""
        return (
            self.feed_url,
            self.title,
            self.validators,
            self.classified,
            tuple((key, entry.content_hash) for key, entry in self.entries.items()),
            tuple(self.dropped.items()),
            tuple(self.values.items()),
        )

    def classify(self, fingerprint: str, values_of: Callable[[Entry], tuple[str, ...]]) -> None:
        """Give every entry its values: all afresh when the fingerprint changed, else only the new ones."""
        if fingerprint != self.classified:
            self.values, self.classified = {}, fingerprint
        known = self.values
        self.values = {key: known[key] if key in known else values_of(entry) for key, entry in self.entries.items()}

    def merge(self, incoming: list[Entry]) -> tuple[int, int]:
        """Add new entries and refresh changed ones (by content hash); returns (new, updated)."""
        added = updated = 0
        dropped_urls = set(self.dropped.values())
        for entry in incoming:
            if entry.id in self.dropped or (entry.url and entry.url in dropped_urls):
                continue
            known = self.entries.get(entry.id)
            if known is None:
                self.entries[entry.id] = entry
                added += 1
            elif known.content_hash != entry.content_hash:
                self.entries[entry.id] = replace(entry, first_seen=known.first_seen)
                self.values.pop(entry.id, None)  # its words changed: classify it again
                updated += 1
        return added, updated

    def drop(self, entry: Entry) -> None:
        """Curation dropped this entry: keep only its tombstone."""
        self.entries.pop(entry.id, None)
        self.dropped[entry.id] = entry.url

    def prune(self, now: datetime, keep: int, max_age_days: int, pinned: set[str]) -> int:
        """Keep the newest `keep` entries no older than `max_age_days`, and every pinned one (a roundup
        picked it, so it must still build); returns how many went."""
        try:
            oldest = now - timedelta(days=max_age_days)
        except OverflowError:  # more days than the calendar goes back: no entry is too old
            oldest = datetime.min.replace(tzinfo=UTC)
        ranked = sorted(self.entries.values(), key=_newest_first)
        kept = {
            entry.id
            for rank, entry in enumerate(ranked)
            if entry.id in pinned or entry.url in pinned or (rank < keep and (entry.date or now) >= oldest)
        }
        gone = [entry_id for entry_id in self.entries if entry_id not in kept]
        for entry_id in gone:
            del self.entries[entry_id]
        return len(gone)


def _newest_first(entry: Entry) -> tuple[float, str]:
    return (-(entry.date.timestamp() if entry.date else 0.0), entry.id)


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


def write_atomically(path: Path, content: str | bytes) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over the old one, so a refresh
    killed half way, or a full disk, leaves every file whole. A link is followed (the file it points to
    is the one replaced) and the file keeps its permissions; a new one gets the usual rw-r--r--. Text is
    written as UTF-8."""
    path = path.resolve() if path.is_symlink() else path
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


HEALTH_FILE = "_health.json"
"""In the cache folder; source ids are slugs, so none is called this."""


def load_health(directory: Path) -> tuple[dict[str, Health], Diagnostic | None]:
    """Every source's health by id; a file that cannot be read gives a diagnostic and a fresh start."""
    path = directory / HEALTH_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # a BOM, as some editors save, is dropped
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            found = data.get("version") if isinstance(data, dict) else None
            raise ValueError(f"it has version {found!r}; this contenthub reads {CACHE_VERSION}")
        sources = data.get("sources")
        if not isinstance(sources, dict):
            raise ValueError("`sources` is not an object")
        return {key: _health(key, raw) for key, raw in sources.items()}, None
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        return {}, Diagnostic(
            str(path), None, "", f"the health record cannot be read ({error}); every source starts afresh",
            hint="nothing is lost but error counts: the next refresh writes a new one",
        )  # fmt: skip


def save_health(directory: Path, health: dict[str, Health]) -> None:
    sources = {key: _dates_out(vars(health[key]), _HEALTH_DATES) for key in sorted(health)}
    write_atomically(directory / HEALTH_FILE, json.dumps({"version": CACHE_VERSION, "sources": sources}, indent=1))


def _unreadable(path: Path, why: str, line: int | None = None) -> Diagnostic:
    return Diagnostic(
        str(path),
        line,
        "",
        f"the cache file cannot be used: {why}; its entries are left out, and refreshing will not touch it",
        hint="restore it from version control, or delete it to fetch the source afresh",
    )


_ENTRY_DATES = ("published", "updated", "first_seen")
_HEALTH_DATES = ("last_success", "last_attempt")


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
        _dates_out({name: getattr(entry, name) for name in _ENTRY_FIELDS}, _ENTRY_DATES)
        | ({"values": list(cache.values[entry.id])} if entry.id in cache.values else {})
        for entry in sorted(cache.entries.values(), key=_newest_first)
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
            raise NotACache(f"`{key}` is {_kind(text)}, not a string")
    http = data.get("http", {})
    if not (isinstance(http, dict) and http.keys() <= _VALIDATORS and all(isinstance(v, str) for v in http.values())):
        raise NotACache(f"`http` must be an object of strings ({', '.join(sorted(_VALIDATORS))})")
    items, tombstones = data.get("entries"), data.get("dropped", [])
    if not isinstance(items, list):
        raise NotACache(f"`entries` is {_kind(items)}, not a list")
    if not isinstance(tombstones, list):
        raise NotACache(f"`dropped` is {_kind(tombstones)}, not a list")
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
        return f"entry {index + 1} is {_kind(raw)}, not an object"
    named = raw.get("id")
    where = f"entry {index + 1}" + (f" (`{named}`)" if isinstance(named, str) else "")
    for key in _ENTRY_FIELDS:
        if key not in raw:
            return f"{where} has no `{key}`"
        value = raw[key]
        if key in _ENTRY_DATES:
            moment = None if value is None else _aware(value)
            if value is not None and moment is None:
                return f"{where}: `{key}` is {_kind(value)}, not an ISO date with a timezone (or null)"
            if moment is not None and not FIRST_YEAR <= moment.year <= LAST_YEAR:
                return f"{where}: `{key}` is {_kind(value)}, a date outside the years {FIRST_YEAR} to {LAST_YEAR}"
        elif key == "categories":
            if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
                return f"{where}: `categories` is {_kind(value)}, not a list of strings"
        elif not isinstance(value, str):
            return f"{where}: `{key}` is {_kind(value)}, not a string"
    stored = raw.get("values")
    if stored is not None and not (isinstance(stored, list) and all(isinstance(item, str) for item in stored)):
        return f"{where}: `values` is {_kind(stored)}, not a list of value ids (strings)"
    return f"{where} is not a cache entry"


def _aware(value: Any) -> datetime | None:
    """An ISO date with a timezone, or None: a date without one could not be compared with the others."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _kind(value: Any) -> str:
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


_HEALTH_FIELDS = {known.name for known in fields(Health)}


def _health(key: str, raw: Any) -> Health:
    """One source's record, its types checked: a wrong one would stop a refresh half way otherwise."""
    if not isinstance(raw, dict):
        raise ValueError(f"`{key}` is {_kind(raw)}, not an object")
    for name in raw:
        if name not in _HEALTH_FIELDS:
            raise ValueError(f"`{key}` has an unknown field `{name}`")

    def wrong(name: str, wanted: str) -> ValueError:
        return ValueError(f"`{key}`: `{name}` is {_kind(raw[name])}, not {wanted}")

    def moment(name: str) -> datetime | None:
        value = raw.get(name)
        found = _aware(value) if isinstance(value, str) else None
        if value is not None and found is None:
            raise wrong(name, "an ISO date with a timezone, or null")
        return found

    def text(name: str) -> str:
        value = raw.get(name, "")
        if not isinstance(value, str):
            raise wrong(name, "a string")
        return value

    errors = raw.get("errors", 0)
    if not isinstance(errors, int) or isinstance(errors, bool) or errors < 0:
        raise wrong("errors", "a count (0 or more)")
    gone = raw.get("gone", False)
    if not isinstance(gone, bool):
        raise wrong("gone", "true or false")
    return Health(
        last_success=moment("last_success"),
        last_attempt=moment("last_attempt"),
        errors=errors,
        last_error=text("last_error"),
        gone=gone,
        moved_to=text("moved_to"),
    )


def _dates_out(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: (value.isoformat() if key in keys and value else value) for key, value in values.items()}
