"""`contenthub new` and `contenthub import`: posts written for the author, never over a file."""

from __future__ import annotations

import click

from .app import CONFIG_OPTION, fail, main, open_site


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

    values: dict[str, list[str]] = {}
    words = list(ctx.args)
    while words:
        word = words.pop(0)
        if not word.startswith("--") or not words or words[0].startswith("--"):
            fail(f"`{word}` is not `--FACET VALUES` (e.g. `--market B2B` or `--channel LinkedIn,Twitter`)")
        values.setdefault(word[2:], []).append(words.pop(0))
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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as file:  # never over a file, even one made meanwhile
            file.write(made.text)
    except FileExistsError:
        fail(f"{target} exists already: give another title or `--slug`, or edit that post")
    except OSError as error:
        fail(f"cannot write {target} ({error.strerror or error})")
    click.echo(str(target))
