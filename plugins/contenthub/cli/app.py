"""The command group, the helpers every command shares (find and load the site, report, fail), and `check`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from .. import __version__
from ..model import Diagnostic, Severity

if TYPE_CHECKING:
    from ..mkdocs.site import Site

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


def fail(message: str) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    sys.exit(2)


def _config_file(given: str | None) -> str:
    """The configuration to read: the one given, else the first of `CONFIG_NAMES` in this folder."""
    if given:
        return given
    found = [name for name in CONFIG_NAMES if Path(name).is_file()]
    if not found:
        fail("there is no mkdocs.yml or properdocs.yml here; run contenthub in the site's folder, or pass -f FILE")
    if len(found) > 1:
        click.secho(f"note: reading {found[0]}; pass -f {found[1]} to use that one instead", fg="yellow", err=True)
    return found[0]


def open_site(given: str | None, *, roundups: bool = False) -> Site:
    from ..mkdocs.site import SiteError, load_site

    config_file = _config_file(given)
    try:
        site = load_site(config_file)
    except SiteError as error:
        fail(str(error))
    if roundups and site.roundups is None:
        fail(f"{config_file}: the `contenthub/roundups` plugin is not enabled; add it under `plugins:`")
    return site


def show(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.secho(str(diagnostic), fg="red" if diagnostic.severity is Severity.ERROR else "yellow")


@main.command()
@CONFIG_OPTION
def check(config_file: str | None) -> None:
    """Check the settings, every post's front matter, every page's links, embeds and listings and, with
    roundups, the subscriptions, the cache and every roundup's picks, without building.

    Prints one line per problem as FILE:LINE: FIELD: MESSAGE (HINT) and exits 1 if there is any.
    """
    from ..ingest.library import load_library
    from ..mkdocs.site import check_pages, read_roundup_specs, read_site_posts

    site = open_site(config_file)
    posts = read_site_posts(site)
    site.hub.problems.extend(check_pages(site))
    if site.roundups is not None:
        specs, more = read_roundup_specs(site.docs_dir, site.roundups.roundups_dir)
        library = load_library(site.roundups, site.hub.taxonomy, site.root)
        curated = library.curate(specs, site.roundups, site.hub.taxonomy, site.hub.settings.post_options.timezone)
        site.hub.problems.extend(more + library.diagnostics + curated.diagnostics)
    diagnostics = site.hub.diagnostics()
    show(diagnostics)
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
