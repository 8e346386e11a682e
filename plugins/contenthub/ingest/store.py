"""The fetched data: one versioned JSON file per source in feeds/cache/, committed with the site, so a
build is offline and reproducible. Writes are atomic; a file that cannot be read is reported, kept as it
is, and never overwritten."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..model import Diagnostic, Entry
from .fetch import Validators

CACHE_VERSION = 1


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
    health: Health = field(default_factory=Health)
    entries: dict[str, Entry] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)
    """Tombstones: entries curation dropped, id → URL. They never come back, whatever the feed says."""

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


def save_cache(path: Path, cache: SourceCache) -> None:
    """Write atomically: a temporary file in the same folder, flushed to disk, then renamed over the old
    one, so a refresh killed half way leaves every cache file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(_to_json(cache), ensure_ascii=False, indent=1, sort_keys=False) + "\n"
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


def _to_json(cache: SourceCache) -> dict[str, Any]:
    entries = sorted(cache.entries.values(), key=_newest_first)
    return {
        "version": CACHE_VERSION,
        "source": cache.source,
        "feed_url": cache.feed_url,
        "title": cache.title,
        "http": asdict(cache.validators),
        "health": _dates_out(asdict(cache.health), _HEALTH_DATES),
        "entries": [
            _dates_out({**asdict(entry), "categories": list(entry.categories)}, _ENTRY_DATES) for entry in entries
        ],
        "dropped": [{"id": entry_id, "url": url} for entry_id, url in sorted(cache.dropped.items())],
    }


def _from_json(data: dict[str, Any], source_id: str) -> SourceCache:
    entry_fields = {f.name for f in fields(Entry)}
    entries = {}
    for raw in data["entries"]:
        values = _dates_in({key: value for key, value in raw.items() if key in entry_fields}, _ENTRY_DATES)
        values["categories"] = tuple(values.get("categories") or ())
        entry = Entry(**values)
        entries[entry.id] = entry
    return SourceCache(
        source=data.get("source") or source_id,
        feed_url=data.get("feed_url", ""),
        title=data.get("title", ""),
        validators=Validators(**data.get("http", {})),
        health=Health(**_dates_in(data.get("health", {}), _HEALTH_DATES)),
        entries=entries,
        dropped={item["id"]: item.get("url", "") for item in data.get("dropped", [])},
    )


def _dates_out(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: (value.isoformat() if key in keys and value else value) for key, value in values.items()}


def _dates_in(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: (datetime.fromisoformat(value) if key in keys and value else value) for key, value in values.items()}
