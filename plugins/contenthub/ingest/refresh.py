"""Refresh every source: fetch concurrently, parse what changed, clean, merge into the cache, record health.

One source's failure never touches another, and never loses that source's earlier entries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable
from collections.abc import Set as AbstractSet
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import Diagnostic, Entry, Source
from .cache import SourceCache, Validators
from .cache_file import cache_path, load_cache, save_cache
from .classify import Classification
from .fetch import client, fetch
from .health import SKIP_AFTER, Health, load_health, save_health
from .options import RefreshOptions
from .periods import RoundupSpec
from .workers import JobFailed, WorkerPool

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")

READ_FEED_MODULES = ("contenthub.ingest.clean", "feedparser")
"""What `read_feed` needs, imported by each worker before its first feed."""


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
class Refreshed:
    outcomes: list[Outcome]
    problems: list[Diagnostic]
    """With the cache as a whole (an unreadable health record); each source's are in its outcome."""


@dataclass(frozen=True)
class Curation:
    """What the roundups say about entries: keep these through any pruning, drop those for good."""

    pinned: frozenset[str] = frozenset()
    """Entry ids and URLs that roundups picked."""
    dropped: frozenset[str] = frozenset()
    """Entry ids and URLs that roundups excluded."""
    roundups: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    """Each roundup's picks and exclusions."""

    @classmethod
    def of(cls, specs: Iterable[RoundupSpec]) -> Curation:
        roundups = tuple((frozenset(p.ref for p in spec.picks), frozenset(spec.exclude)) for spec in specs)
        return cls(
            pinned=frozenset(ref for picks, _ in roundups for ref in picks),
            dropped=frozenset(ref for _, exclude in roundups for ref in exclude),
            roundups=roundups,
        )

    def keeps(self, refs: AbstractSet[str]) -> bool:
        """Whether a roundup picks the entry (by any of its `refs`) without excluding it too: one that
        does both excludes it (and says so when built)."""
        return any(refs & picks and not refs & exclude for picks, exclude in self.roundups)


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
    classification: Classification | None = None,
) -> Refreshed:
    """Refresh the sources; `base` is the folder local feed paths are relative to. With a
    `classification`, each entry's values are stored too, so builds need not work them out."""
    limit = asyncio.Semaphore(options.concurrency)
    for leftover in cache_dir.glob(".*.tmp"):  # from a refresh killed while writing; never a cache file
        leftover.unlink(missing_ok=True)
    health, problem = load_health(cache_dir)
    async with (
        client(options.fetch, options.concurrency) as http,
        WorkerPool(options.parse_timeout, preload=READ_FEED_MODULES) as workers,
    ):

        async def one(source: Source) -> Outcome:
            record = health.setdefault(source.id, Health())
            outcome = await _refresh_source(
                source, record, http, limit, workers, cache_dir, base, options, curation, now, classification
            )
            done(outcome)
            return outcome

        outcomes = list(await asyncio.gather(*(one(source) for source in sources)))
    save_health(cache_dir, health)
    return Refreshed(outcomes, [problem] if problem else [])


async def _refresh_source(
    source: Source,
    health: Health,
    http: httpx.AsyncClient,
    limit: asyncio.Semaphore,
    workers: WorkerPool,
    cache_dir: Path,
    base: Path,
    options: RefreshOptions,
    curation: Curation,
    now: datetime,
    classification: Classification | None,
) -> Outcome:
    path = cache_path(cache_dir, source.id)
    cache, problem = load_cache(path, source.id)
    if problem is not None:
        return Outcome(source, "unreadable cache", error=f"{path}: {problem.message}")
    cache = cache or SourceCache(source.id)
    loaded = cache.signature()
    if not options.force and health.gone:
        return Outcome(source, "skipped", error="gone (410); remove it from the subscriptions, or use --force")
    if not options.force and health.errors >= SKIP_AFTER:
        return Outcome(
            source, "skipped", error=f"failed {health.errors} times in a row ({health.last_error}); use --force"
        )

    known = cache.validators if cache.feed_url == source.feed_url else Validators()
    # Only the fetch waits for its turn: a feed waiting to be parsed must not hold back the next fetch.
    async with limit:
        fetched = await fetch(http, source.feed_url, known, options.fetch, base)
    health.last_attempt = now
    health.moved_to = fetched.moved_to
    added = updated = 0
    parsed_it = fetched.status == "fetched"
    if fetched.status == "fetched":
        # A local file (a sample) stands for its site: relative links and ids resolve against that.
        base_url = fetched.final_url or source.site_url
        from .clean import ReadFeed, read_feed  # the workers parse; here only when a feed has news (14 ms)

        try:
            read = await workers.run(read_feed, fetched.body, fetched.content_type, base_url, source.id, now)
        except JobFailed as failure:
            read = ReadFeed(problem=str(failure))
        if read.problem:
            fetched_status, error = "failed", read.problem
        else:
            entries = list(read.entries)
            _drop(cache, entries, curation)
            added, updated = cache.merge(entries)
            cache.title = read.title or cache.title
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
    cache.prune(now, options.keep_entries, options.max_age_days, set(curation.pinned))
    if classification is not None:
        cache.classify(classification.fingerprint(source.id), classification.values)
    if cache.signature() != loaded or not path.exists():
        # In a thread: each write waits for the disk (fsync), 1 to 10 ms, and the other fetches go on meanwhile.
        await asyncio.to_thread(save_cache, path, cache)

    if fetched_status != "ok":
        status = "gone" if health.gone else "failed"
        return Outcome(source, status, error=error, moved_to=fetched.moved_to, parsed=parsed_it)
    status = {"not_modified": "not modified", "unchanged": "no changes"}.get(fetched.status, "")
    status = status or ("new entries" if added or updated else "no changes")
    return Outcome(source, status, added, updated, moved_to=fetched.moved_to, parsed=parsed_it)


def _drop(cache: SourceCache, incoming: list[Entry], curation: Curation) -> None:
    """Turn the entries roundups excluded into tombstones, whether or not the feed changed; an entry some
    roundup picks is never dropped, whatever another one excludes (unless that roundup excludes it too)."""
    for entry in [*cache.entries.values(), *incoming]:
        refs = {entry.id, entry.url} - {""}
        if refs & curation.dropped and not curation.keeps(refs):
            cache.drop(entry)
