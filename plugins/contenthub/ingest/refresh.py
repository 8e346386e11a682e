"""Refresh every source: fetch concurrently, parse what changed, clean, merge into the cache, record health.

One source's failure never touches another, and never loses that source's earlier entries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from ..model import Entry, Source
from .clean import clean_entry
from .curate import RoundupSpec
from .fetch import FetchOptions, Validators, client, fetch
from .parse import ParsePool
from .store import SKIP_AFTER, SourceCache, cache_path, load_cache, save_cache

T = TypeVar("T")


@dataclass(frozen=True)
class RefreshOptions:
    fetch: FetchOptions = field(default_factory=FetchOptions)
    parse_timeout: float = 10.0
    keep: int = 200
    """Entries kept per source (newest first), besides any a roundup picked."""
    max_age_days: int = 400
    force: bool = False
    """Also fetch sources that are gone or that failed too often in a row."""
    concurrency: int = 32


@dataclass(frozen=True)
class Outcome:
    """What a refresh did for one source, for the report."""

    source: Source
    status: str
    """new entries | no changes | not modified | failed | gone | skipped | unreadable cache"""
    added: int = 0
    updated: int = 0
    error: str = ""
    moved_to: str = ""
    parsed: bool = False
    """Whether the feed had to be parsed (a 304 or an unchanged body costs none)."""

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "gone", "unreadable cache")


@dataclass(frozen=True)
class Curation:
    """What the roundups say about entries: keep these through any pruning, drop those for good."""

    pinned: frozenset[str] = frozenset()
    """Entry ids and URLs that roundups picked."""
    dropped: frozenset[str] = frozenset()
    """Entry ids and URLs that roundups excluded."""

    @classmethod
    def of(cls, specs: Iterable[RoundupSpec]) -> Curation:
        specs = list(specs)
        return cls(
            pinned=frozenset(pick.ref for spec in specs for pick in spec.picks),
            dropped=frozenset(ref for spec in specs for ref in spec.exclude),
        )


def run_to_end(work: Coroutine[Any, Any, T]) -> T:
    """Run `work` (a refresh) from plain code. Inside a running event loop (a notebook, a Playwright
    session) `asyncio.run` refuses, so the work then gets a thread and a loop of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, work).result()


async def refresh(
    sources: Iterable[Source],
    cache_dir: Path,
    base: Path,
    options: RefreshOptions,
    curation: Curation,
    now: datetime,
    done: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Refresh the sources; `base` is the folder local feed paths are relative to."""
    limit = asyncio.Semaphore(options.concurrency)
    for leftover in cache_dir.glob(".*.tmp"):  # from a refresh killed while writing; never a cache file
        leftover.unlink(missing_ok=True)
    async with client(options.fetch) as http, ParsePool(options.parse_timeout) as parser:

        async def one(source: Source) -> Outcome:
            async with limit:
                outcome = await _refresh_source(source, http, parser, cache_dir, base, options, curation, now)
            done(outcome)
            return outcome

        return list(await asyncio.gather(*(one(source) for source in sources)))


async def _refresh_source(
    source: Source,
    http: object,
    parser: ParsePool,
    cache_dir: Path,
    base: Path,
    options: RefreshOptions,
    curation: Curation,
    now: datetime,
) -> Outcome:
    path = cache_path(cache_dir, source.id)
    cache, problem = load_cache(path, source.id)
    if problem is not None:
        return Outcome(source, "unreadable cache", error=f"{path}: {problem.message}")
    cache = cache or SourceCache(source.id)
    health = cache.health
    if not options.force and health.gone:
        return Outcome(source, "skipped", error="gone (410); remove it from the subscriptions, or use --force")
    if not options.force and health.errors >= SKIP_AFTER:
        return Outcome(
            source, "skipped", error=f"failed {health.errors} times in a row ({health.last_error}); use --force"
        )

    known = cache.validators if cache.feed_url == source.feed_url else Validators()
    fetched = await fetch(http, source.feed_url, known, options.fetch, base)  # type: ignore[arg-type]
    health.last_attempt = now
    health.moved_to = fetched.moved_to
    added = updated = 0
    parsed_it = fetched.status == "fetched"
    if fetched.status == "fetched":
        # A local file (a sample) stands for its site: relative links and ids resolve against that.
        base_url = fetched.final_url or source.site_url
        parsed = await parser.parse(fetched.body, fetched.content_type, base_url)
        if parsed.problem:
            fetched_status, error = "failed", parsed.problem
        else:
            entries = [clean_entry(raw, source.id, base_url, now) for raw in parsed.entries]
            _drop(cache, entries, curation)
            added, updated = cache.merge(entries)
            cache.title = parsed.title or cache.title
            fetched_status, error = "ok", ""
    else:
        fetched_status = "failed" if fetched.status in ("failed", "gone") else "ok"
        error = fetched.error

    _drop(cache, [], curation)
    if fetched_status == "ok":
        health.last_success, health.errors, health.last_error, health.gone = now, 0, "", False
        cache.feed_url, cache.validators = source.feed_url, fetched.validators
    else:
        health.errors += 1
        health.last_error = error
        health.gone = fetched.status == "gone"
    cache.prune(now, options.keep, options.max_age_days, set(curation.pinned))
    save_cache(path, cache)

    if fetched_status != "ok":
        status = "gone" if health.gone else "failed"
        return Outcome(source, status, error=error, moved_to=fetched.moved_to, parsed=parsed_it)
    status = {"not_modified": "not modified", "unchanged": "no changes"}.get(fetched.status, "")
    status = status or ("new entries" if added or updated else "no changes")
    return Outcome(source, status, added, updated, moved_to=fetched.moved_to, parsed=parsed_it)


def _drop(cache: SourceCache, incoming: list[Entry], curation: Curation) -> None:
    """Turn the entries roundups excluded into tombstones, whether or not the feed changed."""
    for entry in [*cache.entries.values(), *incoming]:
        if entry.id in curation.dropped or (entry.url and entry.url in curation.dropped):
            cache.drop(entry)
