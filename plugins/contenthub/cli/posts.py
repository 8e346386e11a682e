"""`contenthub new` and `contenthub import`: posts written for the author, never over a file."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import click

from ..content.importers import KINDS
from ..model import Diagnostic, Severity
from ..options import did_you_mean
from .app import CONFIG_OPTION, fail, main, open_site, show

if TYPE_CHECKING:
    from ..content.importers.compose import Composed


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

    from ..content.new_post import new_post

    values, _ = _facet_options(ctx.args, others=False)
    site = open_site(config_file)
    settings = site.hub.settings
    messages = settings.messages
    made = new_post(
        title, values, settings.taxonomy, settings.post_options.timezone,
        now=datetime.now(UTC), date=date, draft=draft, body=messages.text("new.body"), slug=slug,
    )  # fmt: skip
    if isinstance(made, list):
        fail("; ".join(made))
    target = site.docs_dir / settings.posts_dir / made.name
    problem = _write_new(target, made.text)
    if problem == "exists":
        fail(f"{target} exists already: give another title or `--slug`, or edit that post")
    if problem:
        fail(f"cannot write {target} ({problem})")
    click.echo(_shown(target))


def _shown(path: Path) -> str:
    """A path as the author would type it: from the current folder, when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _facet_options(words: Sequence[str], *, others: bool) -> tuple[dict[str, list[str]], list[str]]:
    """The `--FACET VALUES` among the words click left (`--market B2B --channel LinkedIn,Twitter`), and the
    other words, when `others` may be there (the import's sources)."""
    values: dict[str, list[str]] = {}
    rest: list[str] = []
    queue = list(words)
    while queue:
        word = queue.pop(0)
        if others and not word.startswith("--"):
            rest.append(word)
            continue
        if not word.startswith("--") or not queue or queue[0].startswith("--"):
            fail(f"`{word}` is not `--FACET VALUES` (e.g. `--market B2B` or `--channel LinkedIn,Twitter`)")
        values.setdefault(word[2:], []).append(queue.pop(0))
    return values, rest


def _write_new(target: Path, data: str | Path) -> str | None:
    """Write a file that must not exist yet, of a text or a copy of a file: None when written, `exists`,
    or why it could not be."""
    try:
        content = data.read_bytes() if isinstance(data, Path) else data.encode("utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:  # never over a file, even one made meanwhile
            file.write(content)
    except FileExistsError:
        return "exists"
    except OSError as error:
        return str(error.strerror or error)
    return None


@main.command(name="import", context_settings={"ignore_unknown_options": True})
@CONFIG_OPTION
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("sources", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("--to", "target", help="The folder to write to, in the docs folder [default: the posts folder].")
@click.option("--map", "maps", multiple=True, metavar="KEY=FACET", help="Send a key's words to a facet; repeatable.")
@click.option("--dry-run", is_flag=True, help="Show what would be written, and write nothing.")
@click.option("--title", help="text: the title, when the file's first line is not one.")
@click.option("--date", help="text: the date, when the file name has none (2009-01-08).")
@click.option("--split", metavar="REGEX", help="text: split a file into articles at the lines this matches.")
def import_posts(
    config_file: str | None,
    kind: str,
    sources: tuple[str, ...],
    target: str | None,
    maps: tuple[str, ...],
    dry_run: bool,
    title: str | None,
    date: str | None,
    split: str | None,
) -> None:
    """Import posts from another blog: `contenthub import jekyll _posts/`, `… pelican content/`, `… text a.txt`.

    Tags and categories become facet values through the site's taxonomy; the rest are kept under `tags`,
    and a post without a required facet is written as a draft. `--FACET VALUES` (`--market B2B`) gives
    every imported post those values too, as `contenthub new` does. Never overwrites a file. Prints every
    problem as FILE:LINE: MESSAGE (HINT), and exits 1 if there is any, as `contenthub check` does."""
    from ..content.importers.incoming import DATE_HINT, read_date
    from ..content.importers.plain_text import TextOptions
    from ..content.importers.plan import ImportOptions, find_files, plan_import
    from ..content.new_post import given_values

    spellings, paths = _facet_options(sources, others=True)
    if not paths:
        fail("give the files or folders to import")
    site = open_site(config_file)
    settings = site.hub.settings
    taxonomy = settings.taxonomy
    folder = _target(target, settings.posts_dir)
    if (site.docs_dir / folder).exists() and not (site.docs_dir / folder).is_dir():
        fail(f"`--to {folder}`: {site.docs_dir / folder} is a file, not a folder")
    values, wrong = given_values(spellings, taxonomy)
    if wrong:
        fail("; ".join(wrong))
    routes: dict[str, str] = {}
    for given in maps:
        key, _, facet = given.partition("=")
        if not key.strip() or not taxonomy.has_facet(facet.strip()):
            facets = [f.id for f in taxonomy.facets]
            hint = did_you_mean(facet.strip(), facets) or "facets: " + ", ".join(facets)
            fail(f"`--map {given}`: write KEY=FACET, with a facet of the site ({hint})")
        routes[key.strip()] = facet.strip()
    if kind != "text" and (title is not None or date is not None or split is not None):
        fail("--title, --date and --split are for `contenthub import text`")
    if title is not None and not title.strip():
        fail("--title is empty")
    if title and split is not None:
        fail("--title names one article; with --split, each article's title is its line")
    if split is not None and not split:
        fail("--split needs a pattern that matches the title lines, such as '^Chapter '")
    if date is not None and read_date(date, settings.post_options.timezone) is None:
        fail(f"`--date {date}` is not a date; {DATE_HINT}")
    try:
        pattern = re.compile(split) if split is not None else None
    except re.error as error:
        fail(f"`--split {split}` is not a regular expression ({error})")
    zone = settings.post_options.timezone
    missing = [path for path in paths if not Path(path).exists()]
    if missing:
        fail(f"{', '.join(missing)}: no such file or folder; nothing is imported")
    found, problems = find_files(paths, kind)
    if not found and not problems:
        fail(f"no {kind} posts in {', '.join(paths)}")
    options = ImportOptions(
        kind, folder, settings.post_options, TextOptions(zone, title, date, pattern), routes, values,
        posts_dir=settings.posts_dir, hub_pages=[page.path for page in site.hub.planned],
        use_directory_urls=bool(site.config.use_directory_urls), code_dir=site.docs_dir / site.code_dir,
        checks_paths=site.checks_paths, markdown=site.markdown,
    )  # fmt: skip
    plan = plan_import(found, options, taxonomy, site.docs_dir)
    messages = settings.messages
    written = drafts = 0
    all_problems = problems + plan.problems
    for post in plan.posts:
        all_problems += post.problems
        if post.text is None:
            continue
        path = site.docs_dir / post.src_uri
        if not dry_run:
            problem = _write_new(path, post.text)
            if problem:
                why = "a file is there already" if problem == "exists" else problem
                all_problems.append(
                    Diagnostic(post.src_uri, None, "", f"cannot write it ({why})", severity=Severity.ERROR)
                )
                continue
        written += 1
        drafts += post.draft
        _describe(post, path, dry_run=dry_run)
    for copy, source in sorted(plan.copies.items()):
        problem = None if dry_run else _write_new(site.docs_dir / copy, source)
        if problem:
            why = "a file is there already" if problem == "exists" else problem
            all_problems.append(Diagnostic(copy, None, "", f"cannot copy {source} ({why})", severity=Severity.ERROR))
        else:
            click.echo(f"{_shown(source)} → {_shown(site.docs_dir / copy)}")
    show(sorted(all_problems, key=lambda d: (d.file, d.line or 0)))
    if plan.redirects and written:
        click.echo(messages.text("cli.redirects"))
        click.echo("      redirect_maps:")
        for old, new in sorted(plan.redirects.items()):
            click.echo(f"        {_yaml(old)}: {_yaml(new)}")
    summary = messages.text(
        "cli.import_dry" if dry_run else "cli.import",
        posts=messages.count("cli.posts", written),
        drafts=messages.count("cli.drafts", drafts),
        problems=messages.count("cli.problems", len(all_problems)),
        folder=_shown(site.docs_dir / folder),
    )
    click.secho(summary, fg="red" if all_problems else "green", err=bool(all_problems))
    sys.exit(1 if all_problems else 0)


def _target(given: str | None, posts_dir: str) -> str:
    """The folder to write to, under the docs folder: the posts folder or one inside it."""
    if given is None:
        return posts_dir
    folder = PurePosixPath(given.replace("\\", "/").strip("/"))
    if ".." not in folder.parts and any(part.startswith(".") for part in folder.parts):
        fail(f"`--to {given}`: MkDocs reads no folder whose name starts with a dot; choose another")
    if ".." in folder.parts or not (folder == PurePosixPath(posts_dir) or PurePosixPath(posts_dir) in folder.parents):
        fail(f"`--to {given}`: posts go in `{posts_dir}/` or a folder in it, such as `--to {posts_dir}/imported`")
    return folder.as_posix()


def _describe(post: Composed, path: Path, *, dry_run: bool) -> None:
    """A written post (or one that would be): where from and to, and its front matter as written."""
    assert post.text is not None
    click.echo(f"{post.incoming.file.shown} → {_shown(path)}")
    if dry_run:
        header = post.text.split("\n---\n", 1)[0].removeprefix("---\n")
        for line in header.split("\n"):
            click.echo(f"    {line}")
    for note in post.incoming.notes + post.routed.notes:
        click.secho(f"    # {note}", fg="yellow")


def _yaml(text: str) -> str:
    """A path as a YAML key or value: quoted, as paths may hold `:` or `#`."""
    return "'" + text.replace("'", "''") + "'"
