"""`contenthub roundup …`: curated pages of what outside blogs published."""

from __future__ import annotations

import click

from .app import CONFIG_OPTION, fail, main, open_site, show


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
    from ..ingest.draft import draft_roundup
    from ..ingest.library import load_library
    from ..ingest.periods import Period
    from ..ingest.stories import StoryIndex
    from ..mkdocs.site import read_roundup_specs

    if bool(week) == bool(month):
        fail("give either --week (2026-W47) or --month (2026-11)")
    period = Period.parse(week or month or "")
    if period is None or period.is_week != bool(week):
        fail(f"`{week or month}` is not {'a week like 2026-W47' if week else 'a month like 2026-11'}")
    site = open_site(config_file, roundups=True)
    settings = site.roundups
    assert settings is not None
    library = load_library(settings, site.hub.taxonomy, site.root)
    show(library.diagnostics)
    zone = site.hub.settings.post_options.timezone
    specs, _ = read_roundup_specs(site.docs_dir, settings.roundups_dir)
    excluded = library.dropped | {ref for spec in specs for ref in spec.exclude}
    index = StoryIndex(library.stories(settings, site.hub.taxonomy), zone)
    candidates = index.in_period(period, excluded)
    target = site.docs_dir / settings.roundups_dir / f"{period.slug}.md"
    covering = [spec.src_uri for spec in specs if spec.period == period]
    if (covering or target.exists()) and not force:
        where = site.docs_dir / covering[0] if covering else target
        fail(f"{where} already covers {period.label}; edit it, or use --force to write a new draft at {target}")
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
        fail(f"cannot write {target} ({error.strerror or error}), so no draft was written")
    messages = site.hub.settings.messages
    click.echo(messages.count("cli.drafted", len(candidates), file=str(target), period=period.name(messages)))
    click.echo(messages.text("cli.publish"))
