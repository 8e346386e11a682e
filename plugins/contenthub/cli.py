"""The `contenthub` command line."""

from __future__ import annotations

import sys

import click

from . import __version__
from .model import Severity


@click.group()
@click.version_option(__version__, prog_name="contenthub")
def main() -> None:
    """Tools for a contenthub site: check its posts and settings."""


@main.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The site's MkDocs configuration.",
)
def check(config_file: str) -> None:
    """Check every post's front matter and the taxonomy settings, without building.

    Prints one line per problem as FILE:LINE: FIELD: MESSAGE (HINT) and exits 1 if there is any.
    """
    from .mkdocs.site import SiteError, check_site

    try:
        posts, diagnostics = check_site(config_file)
    except SiteError as error:
        click.secho(f"error: {error}", fg="red", err=True)
        sys.exit(2)
    for diagnostic in diagnostics:
        color = "red" if diagnostic.severity is Severity.ERROR else "yellow"
        click.secho(str(diagnostic), fg=color)
    drafts = sum(post.draft for post in posts)
    summary = f"{len(posts)} posts read ({drafts} drafts), {len(diagnostics)} problems"
    if diagnostics:
        click.secho(summary, fg="red", err=True)
        sys.exit(1)
    click.secho(summary, fg="green")


if __name__ == "__main__":
    main()
