"""The fetched data: one versioned JSON file per source in feeds/cache/, committed with the site, so a
build is offline and reproducible. Writes are atomic; a file that cannot be read is reported, kept as it
is, and never overwritten.

A source's file changes only when its entries do (one entry a line, so diffs show what arrived). How
fetching went, which changes at every refresh, lives apart in one `_health.json`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..model import Diagnostic, Entry

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
        oldest = now - timedelta(days=max_age_days)
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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as error:
        return None, _unreadable(path, f"cannot read it ({error})")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, _unreadable(path, f"it is not valid JSON (line {error.lineno}: {error.msg})", error.lineno)
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        found = data.get("version") if isinstance(data, dict) else None
        return None, _unreadable(path, f"it has cache version {found!r}; this contenthub reads version {CACHE_VERSION}")
    try:
        return _from_json(data, source_id), None
    except (KeyError, TypeError, ValueError) as error:
        return None, _unreadable(path, f"its contents are not a contenthub cache ({type(error).__name__}: {error})")


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


def write_atomically(path: Path, text: str) -> None:
    """A temporary file in the same folder, flushed to disk, then renamed over the old one, so a refresh
    killed half way leaves every file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
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
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION:
            raise ValueError(f"it has version {data.get('version')!r}; this contenthub reads {CACHE_VERSION}")
        return {key: Health(**_dates_in(raw, _HEALTH_DATES)) for key, raw in data["sources"].items()}, None
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
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

    return (
        f"{json.dumps(head, ensure_ascii=False)[:-1]},\n"
        f' "entries": [{lines(entries)}\n ],\n'
        f' "dropped": [{lines(dropped)}\n ]\n}}\n'
    )


def _from_json(data: dict[str, Any], source_id: str) -> SourceCache:
    entries = {}
    values = {}
    for raw in data["entries"]:
        entry = Entry(
            id=raw["id"],
            source=raw["source"],
            url=raw["url"],
            title=raw["title"],
            author=raw["author"],
            published=_date(raw["published"]),
            updated=_date(raw["updated"]),
            summary_html=raw["summary_html"],
            excerpt=raw["excerpt"],
            categories=tuple(raw["categories"]),
            content_hash=raw["content_hash"],
            first_seen=_date(raw["first_seen"]),
        )
        entries[entry.id] = entry
        if "values" in raw:
            values[entry.id] = tuple(raw["values"])
    return SourceCache(
        source=data.get("source") or source_id,
        feed_url=data.get("feed_url", ""),
        title=data.get("title", ""),
        validators=Validators(**data.get("http", {})),
        entries=entries,
        dropped={item["id"]: item.get("url", "") for item in data.get("dropped", [])},
        values=values,
        classified=data.get("classified", ""),
    )


def _date(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _dates_out(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: (value.isoformat() if key in keys and value else value) for key, value in values.items()}


def _dates_in(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: (datetime.fromisoformat(value) if key in keys and value else value) for key, value in values.items()}
