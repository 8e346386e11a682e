"""A source's cache: what its last fetch left for the next one, its entries, the tombstones of those curation
dropped and each entry's facet values; how a refresh merges, classifies, drops and prunes them. On disk it is
one file (`cache_file`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from ..model import Entry


@dataclass(frozen=True)
class Validators:
    """What the last fetch left behind to make the next one conditional."""

    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""


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

    def prune(self, now: datetime, keep_entries: int, max_age_days: int, pinned: set[str]) -> int:
        """Keep the newest `keep_entries` entries no older than `max_age_days`, and every pinned one (a roundup
        picked it, so it must still build); returns how many went."""
        try:
            oldest = now - timedelta(days=max_age_days)
        except OverflowError:  # more days than the calendar goes back: no entry is too old
            oldest = datetime.min.replace(tzinfo=UTC)
        ranked = sorted(self.entries.values(), key=newest_first)
        kept = {
            entry.id
            for rank, entry in enumerate(ranked)
            if entry.id in pinned or entry.url in pinned or (rank < keep_entries and (entry.date or now) >= oldest)
        }
        gone = [entry_id for entry_id in self.entries if entry_id not in kept]
        for entry_id in gone:
            del self.entries[entry_id]
        return len(gone)


def newest_first(entry: Entry) -> tuple[float, str]:
    return (-(entry.date.timestamp() if entry.date else 0.0), entry.id)
