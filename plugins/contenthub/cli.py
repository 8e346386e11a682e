"""The `contenthub` command line: check a site, refresh and manage its outside feeds, draft roundups."""

from __future__ import annotations

import gc
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__
from .model import Diagnostic, Severity, Source
from .options import did_you_mean

if TYPE_CHECKING:
    from rich.console import Console

    from .ingest.refresh import Outcome
    from .messages import Messages
    from .mkdocs.site import Site

CONFIG_NAMES = ("mkdocs.yml", "properdocs.yml")
"""A site's configuration, by the names MkDocs and ProperDocs give it, in the order they are looked for."""

CONFIG_OPTION = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False),
    help="The site's configuration [default: mkdocs.yml, else properdocs.yml].",
)  # fmt: skip


@click.group()
@click.version_option(__version__, prog_name="contenthub")
def main() -> None:
    """Tools for a contenthub site: check its posts, refresh the blogs it follows, draft roundups."""


def _fail(message: str) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(2)


def _config_file(given: str | None) -> str:
    """The configuration to read: the one given, else the first of `CONFIG_NAMES` in this folder."""
    if given:
        return given
    found = [name for name in CONFIG_NAMES if Path(name).is_file()]
    if not found:
        _fail("there is no mkdocs.yml or properdocs.yml here; run contenthub in the site's folder, or pass -f FILE")
    if len(found) > 1:
        click.secho(f"note: reading {found[0]}; pass -f {found[1]} to use that one instead", fg="yellow", err=True)
    return found[0]


def _site(given: str | None, *, roundups: bool = False) -> Site:
    from .mkdocs.site import SiteError, load_site

    config_file = _config_file(given)
    try:
        site = load_site(config_file)
    except SiteError as error:
        _fail(str(error))
    if roundups and site.roundups is None:
        _fail(f"{config_file}: the `contenthub/roundups` plugin is not enabled; add it under `plugins:`")
    return site


def _show(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.secho(str(diagnostic), fg="red" if diagnostic.severity is Severity.ERROR else "yellow")


@main.command()
@CONFIG_OPTION
def check(config_file: str | None) -> None:
    """Check the settings, every post's front matter and, with roundups, the subscriptions, the cache and
    every roundup's picks, without building.

    Prints one line per problem as FILE:LINE: FIELD: MESSAGE (HINT) and exits 1 if there is any.
    """
    from .ingest.library import load_library
    from .mkdocs.site import read_roundup_specs, read_site_posts

    site = _site(config_file)
    posts = read_site_posts(site)
    if site.roundups is not None:
        specs, more = read_roundup_specs(site.docs_dir, site.roundups.roundups_dir)
        library = load_library(site.roundups, site.hub.taxonomy, site.root)
        curated = library.curate(specs, site.roundups, site.hub.taxonomy, site.hub.settings.post_options.timezone)
        site.hub.problems.extend(more + library.diagnostics + curated.diagnostics)
    diagnostics = site.hub.diagnostics()
    _show(diagnostics)
    messages = site.hub.settings.messages
    summary = messages.text(
        "cli.check",
        posts=messages.count("cli.posts", len(posts)),
        drafts=messages.count("cli.drafts", sum(post.draft for post in posts)),
        problems=messages.count("cli.problems", len(diagnostics)),
    )
    if diagnostics:
        click.secho(summary, fg="red", err=True)
        sys.exit(1)
    click.secho(summary, fg="green")


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

    from .ingest.classify import Classification, Classifier
    from .ingest.library import all_defaults, load_subscriptions
    from .ingest.refresh import Curation, run_to_end
    from .ingest.refresh import refresh as refresh_sources
    from .mkdocs.site import read_roundup_specs

    site = _site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    fatal = [d for d in site.diagnostics if d.severity is Severity.ERROR]
    if fatal:
        _show(fatal)
        _fail("the settings have errors (listed above)")
    subscriptions, problems = load_subscriptions(settings, site.root)
    defaults, more = all_defaults(subscriptions, site.hub.taxonomy)
    _show(problems + more)
    sources = subscriptions.sources
    if names:
        wanted = {name.lower() for name in names}
        sources = [s for s in sources if s.id in wanted or s.title.lower() in wanted]
        unknown = wanted - {s.id for s in sources} - {s.title.lower() for s in sources}
        if unknown:
            _fail(f"no source named {', '.join(sorted(unknown))}; see `contenthub sources export`")
    if not sources:
        _fail(f"{settings.subscriptions}: no sources to refresh")
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
    _show(refreshed.problems)
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
    from .ingest.atomic import write_atomically
    from .ingest.library import load_subscriptions
    from .ingest.subscriptions import (
        Subscriptions,
        add_outlines,
        load_opml,
        merge,
        read_subscriptions,
        write_subscriptions,
    )

    site = _site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    incoming, problems = load_opml(Path(opml), opml)
    _show(problems)
    if any(p.severity is Severity.ERROR for p in problems):
        _fail(f"{opml} cannot be imported")
    current = Subscriptions()
    if settings.subscriptions.exists():
        current, found = load_subscriptions(settings, site.root)
        _show(found)  # the current file's own problems, such as an htmlUrl the hub ignores
        if any(p.severity is Severity.ERROR for p in found):
            _fail(f"{settings.subscriptions} cannot be read, so nothing was changed")
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
            _fail(f"{path}: the feeds cannot be added to it ({error}), so nothing was changed")
        reread, _ = read_subscriptions(text, str(path))
        if list(map(_compared, reread.sources)) != list(map(_compared, merged.sources)):
            _fail(f"{path}: the feeds would not read back as written, so nothing was changed")
    if text is not None:
        try:
            write_atomically(path, text)  # whole or not at all; links and permissions stay
        except OSError as error:
            _fail(f"cannot write {path} ({error.strerror or error}), so nothing was changed")
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
    from .ingest.library import load_subscriptions
    from .ingest.subscriptions import write_subscriptions

    site = _site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    if not settings.subscriptions.exists():
        _fail(f"{settings.subscriptions}: no subscriptions yet")
    subscriptions, problems = load_subscriptions(settings, site.root)
    _show(problems)
    if any(p.severity is Severity.ERROR for p in problems):
        _fail(f"{settings.subscriptions} has errors (listed above), so nothing was exported")
    text = write_subscriptions(subscriptions)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            _fail(f"cannot write {output} ({error.strerror or error})")
    else:
        click.echo(text, nl=False)


@sources.command()
@CONFIG_OPTION
@click.argument("source_id", metavar="ID")
@click.option("--purge", is_flag=True, help="Delete its cached entries and its health record too.")
def remove(config_file: str | None, source_id: str, purge: bool) -> None:
    """Stop following a blog (ID as `sources export` and the cache files name it). Its cached entries stay,
    for the roundups that picked them, unless --purge."""
    from .ingest.atomic import write_atomically
    from .ingest.cache_file import cache_path
    from .ingest.health import load_health, save_health
    from .ingest.library import load_subscriptions
    from .ingest.unsubscribe import unsubscribe

    site = _site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    subscriptions, problems = load_subscriptions(settings, site.root)
    if any(p.severity is Severity.ERROR for p in problems):
        _show(problems)
        _fail(f"{settings.subscriptions} has errors (listed above), so nothing was removed")
    source = next((s for s in subscriptions.sources if s.id == source_id), None)
    if source is None:
        guess = did_you_mean(source_id, [s.id for s in subscriptions.sources])
        _fail(f"{settings.subscriptions}: no blog `{source_id}` ({guess or '`contenthub sources export` lists them'})")
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
        _fail(f"cannot change {where} ({getattr(error, 'strerror', None) or error})")
    click.echo(site.hub.settings.messages.text("cli.purged" if purge else "cli.removed", source=source.title))


for command in (refresh, import_, export, remove):
    feeds.add_command(command)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@CONFIG_OPTION
@click.argument("title")
@click.option("--date", help="The post's date (2026-12-02, or with a time); now, in the site's timezone, if left out.")
@click.option("--draft", is_flag=True, help="Write it as a draft.")
@click.option("--slug", help="The file's name (and the post's URL), if not made from the title.")
@click.pass_context
def new(
    ctx: click.Context, config_file: str | None, title: str, date: str | None, draft: bool, slug: str | None
) -> None:
    """Write a new post: `contenthub new "Title" --market B2B --channel LinkedIn,Twitter`, one option for
    each facet the site declares. Prints the file's path; never overwrites a file."""
    from datetime import UTC, datetime

    from .content.new_post import new_post

    values: dict[str, list[str]] = {}
    words = list(ctx.args)
    while words:
        word = words.pop(0)
        if not word.startswith("--") or not words or words[0].startswith("--"):
            _fail(f"`{word}` is not `--FACET VALUES` (e.g. `--market B2B` or `--channel LinkedIn,Twitter`)")
        values.setdefault(word[2:], []).append(words.pop(0))
    site = _site(config_file)
    settings = site.hub.settings
    messages = settings.messages
    made = new_post(
        title, values, settings.taxonomy, settings.post_options.timezone,
        now=datetime.now(UTC), date=date, draft=draft, body=messages.text("new.body"), slug=slug,
    )  # fmt: skip
    if isinstance(made, list):
        _fail("; ".join(made))
    target = site.docs_dir / settings.posts_dir / made.name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as file:  # never over a file, even one made meanwhile
            file.write(made.text)
    except FileExistsError:
        _fail(f"{target} exists already: give another title or `--slug`, or edit that post")
    except OSError as error:
        _fail(f"cannot write {target} ({error.strerror or error})")
    click.echo(str(target))


@main.group()
def roundup() -> None:
    """Roundups: curated pages of what outside blogs published."""


@roundup.command()
@CONFIG_OPTION
@click.option("--week", help="An ISO week, such as 2026-W47.")
@click.option("--month", help="A month, such as 2026-11.")
@click.option("--force", is_flag=True, help="Overwrite the roundup file if it exists.")
def draft(config_file: str | None, week: str | None, month: str | None, force: bool) -> None:
    """Write docs/<roundups_dir>/<period>.md with the period's candidate entries as picks, for editing."""
    from .ingest.draft import draft_roundup
    from .ingest.library import load_library
    from .ingest.periods import Period
    from .ingest.stories import StoryIndex
    from .mkdocs.site import read_roundup_specs

    if bool(week) == bool(month):
        _fail("give either --week (2026-W47) or --month (2026-11)")
    period = Period.parse(week or month or "")
    if period is None or period.is_week != bool(week):
        _fail(f"`{week or month}` is not {'a week like 2026-W47' if week else 'a month like 2026-11'}")
    site = _site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    library = load_library(settings, site.hub.taxonomy, site.root)
    _show(library.diagnostics)
    zone = site.hub.settings.post_options.timezone
    specs, _ = read_roundup_specs(site.docs_dir, settings.roundups_dir)
    excluded = library.dropped | {ref for spec in specs for ref in spec.exclude}
    index = StoryIndex(library.stories(settings, site.hub.taxonomy), zone)
    candidates = index.in_period(period, excluded)
    target = site.docs_dir / settings.roundups_dir / f"{period.slug}.md"
    covering = [spec.src_uri for spec in specs if spec.period == period]
    if (covering or target.exists()) and not force:
        where = site.docs_dir / covering[0] if covering else target
        _fail(f"{where} already covers {period.label}; edit it, or use --force to write a new draft at {target}")
    # Every story, so that an id another blog's entry also has (in any period) is picked by URL instead.
    text = draft_roundup(
        period,
        candidates,
        site.hub.taxonomy,
        settings.group_by,
        library.sources,
        zone,
        site.hub.settings.messages,
        known=index.known,
    )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {target} ({error.strerror or error}), so no draft was written")
    messages = site.hub.settings.messages
    click.echo(messages.count("cli.drafted", len(candidates), file=str(target), period=period.name(messages)))
    click.echo(messages.text("cli.publish"))


if __name__ == "__main__":
    main()
