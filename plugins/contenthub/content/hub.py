"""Read every post of a hub at once, collecting all diagnostics instead of stopping at the first."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Diagnostic, Post, newest_first
from ..taxonomy import Taxonomy
from .posts import PostOptions, read_post


@dataclass(frozen=True, slots=True)
class PostSource:
    """A post file as the site has it: where it lives, its text, and the URL it is published at."""

    src_uri: str
    text: str
    url: str


def is_post(src_uri: str, posts_dir: str) -> bool:
    """Every Markdown file under the posts folder is a post, except that folder's own index page."""
    return src_uri.startswith(f"{posts_dir}/") and src_uri != f"{posts_dir}/index.md"


def missing_posts_dir(docs_dir: str, posts_dir: str, file: str, line: int | None) -> Diagnostic | None:
    """A warning when the posts folder does not exist: most likely a typo in `posts_dir`."""
    if os.path.isdir(os.path.join(docs_dir, posts_dir)):
        return None
    return Diagnostic(
        file,
        line,
        "posts_dir",
        f"there is no `{posts_dir}/` folder in the docs folder, so the hub has no posts",
        hint="create it, or set `posts_dir` to the folder that holds the posts",
    )


def unreadable(src_uri: str, error: Exception) -> Diagnostic:
    return Diagnostic(
        src_uri, None, "", f"cannot read the file ({error}); it is left out of the site", hint="save it as UTF-8 text"
    )


def read_posts(
    sources: Iterable[PostSource], taxonomy: Taxonomy, options: PostOptions
) -> tuple[list[Post], list[Diagnostic]]:
    """All readable posts, newest first, and the diagnostics of every post, in file order."""
    posts: list[Post] = []
    diagnostics: list[Diagnostic] = []
    for source in sorted(sources, key=lambda s: s.src_uri):
        post, found = read_post(source.src_uri, source.text, source.url, taxonomy, options)
        diagnostics.extend(found)
        if post is not None:
            posts.append(post)
    return newest_first(posts), diagnostics
