"""`contenthub sources …`: the blogs the hub follows, their subscriptions file and their cache."""

from __future__ import annotations

import gc
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..model import Severity, Source
from ..options import did_you_mean
from .app import CONFIG_OPTION, fail, main, open_site, show

if TYPE_CHECKING:
    from rich.console import Console

    from ..ingest.refresh import Outcome
    from ..messages import Messages


@main.group()
def sources() -> None:
    """The blogs the hub follows (its subscriptions, feeds/subscriptions.opml) and their cache."""


@main.group(hidden=True)
def feeds() -> None:
    """The old name of `sources` (it said "feeds", the hub's own word for what it publishes)."""
    click.secho("note: `contenthub feeds` is now `contenthub sources`; the old name still works, for now",
                fg="yellow", err=True)  # fmt: skip


@sources.command()
@CONFIG_OPTION
@click.option("--source", "names", multiple=True, help="Refresh only this source (its id or title); repeatable.")
@click.option("--force", is_flag=True, help="Also fetch sources that are gone or failed too often in a row.")
def refresh(config_file: str | None, names: tuple[str, ...], force: bool) -> None:
    """Fetch every source, concurrently, and merge what is new into the cache.

    Exits 1 only when every source failed, or 2 when the settings cannot be read.
    """
    from dataclasses import replace

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..ingest.classify import Classification, Classifier
    from ..ingest.library import all_defaults, load_subscriptions
    from ..ingest.refresh import Curation, run_to_end
    from ..ingest.refresh import refresh as refresh_sources
    from ..mkdocs.site import read_roundup_specs

    site = open_site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    fatal = [d for d in site.diagnostics if d.severity is Severity.ERROR]
    if fatal:
        show(fatal)
        fail("the settings have errors (listed above)")
    subscriptions, problems = load_subscriptions(settings, site.root)
    defaults, more = all_defaults(subscriptions, site.hub.taxonomy)
    show(problems + more)
    sources = subscriptions.sources
    if names:
        wanted = {name.lower() for name in names}
        sources = [s for s in sources if s.id in wanted or s.title.lower() in wanted]
        unknown = wanted - {s.id for s in sources} - {s.title.lower() for s in sources}
        if unknown:
            fail(f"no source named {', '.join(sorted(unknown))}; see `contenthub sources export`")
    if not sources:
        fail(f"{settings.subscriptions}: no sources to refresh")
    specs, _ = read_roundup_specs(site.docs_dir, settings.roundups_dir)
    console = Console(stderr=True)  # progress on stderr; the report, the command's result, on stdout
    progress = Progress(
        TextColumn("Refreshing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console,
        transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task("feeds", total=len(sources))
        refreshed = run_to_end(
            refresh_sources(
                sources,
                settings.cache,
                settings.subscriptions.parent,
                replace(settings.refresh, force=force),
                Curation.of(specs),
                datetime.now(UTC),
                done=lambda outcome: progress.advance(task),
                classification=Classification(Classifier(site.hub.taxonomy), defaults),
            )
        )
    show(refreshed.problems)
    _report(Console(), refreshed.outcomes, site.hub.settings.messages)
    # The process ends next: the collector's last pass over everything loaded is time for nothing
    # (0.07 s of a 0.9 s refresh where every feed answers 304).
    gc.freeze()
    if all(outcome.failed for outcome in refreshed.outcomes):
        sys.exit(1)


UNCHANGED = ("not modified", "no changes")
"""What most sources say at most refreshes: they are counted in one line, not listed."""


def _report(console: Console, outcomes: list[Outcome], messages: Messages) -> None:
    """A row for each source with news, a problem or a new address; one line for the rest."""
    from rich.table import Table
    from rich.text import Text

    listed: list[Outcome] = []
    unchanged: dict[str, int] = dict.fromkeys(UNCHANGED, 0)
    for outcome in outcomes:
        if outcome.status in unchanged and not outcome.error and not outcome.moved_to:
            unchanged[outcome.status] += 1
        else:
            listed.append(outcome)
    if listed:
        table = Table(title=messages.text("cli.refreshed"), title_justify="left")
        for column in ("source", "status", "new", "updated", "problem"):
            table.add_column(
                messages.text(f"cli.column.{column}"), justify="right" if column in ("new", "updated") else "left"
            )
        styles = {
            "failed": "red",
            "gone": "red",
            "unreadable cache": "red",
            "skipped": "yellow",
            "new entries": "green",
        }
        for outcome in sorted(listed, key=lambda o: o.source.title.lower()):
            problem = outcome.error
            if outcome.moved_to:
                moved = messages.text("cli.moved", url=outcome.moved_to)
                problem = f"{problem}; {moved}" if problem else moved
            # Titles and errors come from outside (the OPML, the servers): text, never rich markup.
            table.add_row(
                Text(outcome.source.title),
                Text(_status(outcome.status, messages), style=styles.get(outcome.status, "")),
                messages.number(outcome.added),
                messages.number(outcome.updated),
                Text(problem),
            )
        console.print(table)
    if sum(unchanged.values()):
        counts = messages.listed(
            [
                messages.text("cli.status_count", status=_status(status, messages), count=messages.number(count))
                for status, count in unchanged.items()
                if count
            ]
        )
        total = messages.number(len(outcomes))
        console.print(Text(messages.count("cli.unchanged", sum(unchanged.values()), total=total, counts=counts)))


def _status(status: str, messages: Messages) -> str:
    """A source's status, as the report's reader reads it (`new entries`, `not modified`...)."""
    return messages.text(f"cli.status.{status.replace(' ', '_')}")


@sources.command(name="import")
@CONFIG_OPTION
@click.argument("opml", type=click.Path(exists=True, dir_okay=False))
def import_(config_file: str | None, opml: str) -> None:
    """Merge another reader's OPML export into the subscriptions, skipping sources already there."""
    from ..ingest.atomic import write_atomically
    from ..ingest.library import load_subscriptions
    from ..ingest.subscriptions import (
        Subscriptions,
        add_outlines,
        load_opml,
        merge,
        read_subscriptions,
        write_subscriptions,
    )

    site = open_site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    incoming, problems = load_opml(Path(opml), opml)
    show(problems)
    if any(p.severity is Severity.ERROR for p in problems):
        fail(f"{opml} cannot be imported")
    current = Subscriptions()
    if settings.subscriptions.exists():
        current, found = load_subscriptions(settings, site.root)
        show(found)  # the current file's own problems, such as an htmlUrl the hub ignores
        if any(p.severity is Severity.ERROR for p in found):
            fail(f"{settings.subscriptions} cannot be read, so nothing was changed")
    merged, added = merge(current, incoming)
    path = settings.subscriptions
    text: bytes | None = None
    if not path.exists():
        text = write_subscriptions(merged).encode("utf-8")
    elif added:
        # The new outlines go at the end of the file as it is, so its folders, comments and attributes
        # stay; what is written must read back as exactly the merged subscriptions.
        try:
            text = add_outlines(path.read_bytes(), added)
        except (OSError, ValueError) as error:
            fail(f"{path}: the feeds cannot be added to it ({error}), so nothing was changed")
        reread, _ = read_subscriptions(text, str(path))
        if list(map(_compared, reread.sources)) != list(map(_compared, merged.sources)):
            fail(f"{path}: the feeds would not read back as written, so nothing was changed")
    if text is not None:
        try:
            write_atomically(path, text)  # whole or not at all; links and permissions stay
        except OSError as error:
            fail(f"cannot write {path} ({error.strerror or error}), so nothing was changed")
    messages = site.hub.settings.messages
    added_count = messages.count("cli.added", len(added))
    known = len(incoming.sources) - len(added)
    click.echo(messages.text("cli.imported", added=added_count, known=messages.number(known),
                             total=messages.number(len(merged.sources)), file=str(settings.subscriptions)))  # fmt: skip


def _compared(source: Source) -> tuple[object, ...]:
    """What must read back the same; default values in any order (the file groups them by facet)."""
    return (source.id, source.title, source.feed_url, source.site_url, sorted(source.defaults))


@sources.command()
@CONFIG_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def export(config_file: str | None, output: str | None) -> None:
    """Write the subscriptions as OPML 2.0, for any feed reader."""
    from ..ingest.library import load_subscriptions
    from ..ingest.subscriptions import write_subscriptions

    site = open_site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    if not settings.subscriptions.exists():
        fail(f"{settings.subscriptions}: no subscriptions yet")
    subscriptions, problems = load_subscriptions(settings, site.root)
    show(problems)
    if any(p.severity is Severity.ERROR for p in problems):
        fail(f"{settings.subscriptions} has errors (listed above), so nothing was exported")
    text = write_subscriptions(subscriptions)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            fail(f"cannot write {output} ({error.strerror or error})")
    else:
        click.echo(text, nl=False)


@sources.command()
@CONFIG_OPTION
@click.argument("source_id", metavar="ID")
@click.option("--purge", is_flag=True, help="Delete its cached entries and its health record too.")
def remove(config_file: str | None, source_id: str, purge: bool) -> None:
    """Stop following a blog (ID as `sources export` and the cache files name it). Its cached entries stay,
    for the roundups that picked them, unless --purge."""
    from ..ingest.atomic import write_atomically
    from ..ingest.cache_file import cache_path
    from ..ingest.health import load_health, save_health
    from ..ingest.library import load_subscriptions
    from ..ingest.unsubscribe import unsubscribe

    site = open_site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    subscriptions, problems = load_subscriptions(settings, site.root)
    if any(p.severity is Severity.ERROR for p in problems):
        show(problems)
        fail(f"{settings.subscriptions} has errors (listed above), so nothing was removed")
    source = next((s for s in subscriptions.sources if s.id == source_id), None)
    if source is None:
        guess = did_you_mean(source_id, [s.id for s in subscriptions.sources])
        fail(f"{settings.subscriptions}: no blog `{source_id}` ({guess or '`contenthub sources export` lists them'})")
    try:
        data = settings.subscriptions.read_bytes()
        write_atomically(settings.subscriptions, unsubscribe(data, source.feed_url, subscriptions.file))
        if purge:
            cache_path(settings.cache, source.id).unlink(missing_ok=True)
            health, _ = load_health(settings.cache)
            if health.pop(source.id, None) is not None:
                save_health(settings.cache, health)
    except (OSError, ValueError) as error:
        where = getattr(error, "filename", None) or settings.subscriptions
        fail(f"cannot change {where} ({getattr(error, 'strerror', None) or error})")
    click.echo(site.hub.settings.messages.text("cli.purged" if purge else "cli.removed", source=source.title))


for command in (refresh, import_, export, remove):
    feeds.add_command(command)
