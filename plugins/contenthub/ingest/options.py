"""How a refresh fetches and what it keeps: plain settings, kept apart from the network code so that
reading the site's config never loads it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FetchOptions:
    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 5
    max_bytes: int = 15 * 1024 * 1024


@dataclass(frozen=True)
class RefreshOptions:
    fetch: FetchOptions = field(default_factory=FetchOptions)
    parse_timeout: float = 10.0
    keep_entries: int = 200
    """Entries kept per source (newest first), besides any a roundup picked."""
    max_age_days: int = 400
    force: bool = False
    """Also fetch sources that are gone or that failed too often in a row."""
    concurrency: int = 100
