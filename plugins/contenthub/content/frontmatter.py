"""Split a Markdown file into its YAML front matter and body, keeping line numbers for diagnostics."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from ..model import Diagnostic
from ..yamlpos import PathStep, YamlPositions

_HANDLER = frontmatter.YAMLHandler()


@dataclass
class FrontMatter:
    """The metadata of one file, the body after it, and where each key sits."""

    meta: dict[str, Any]
    body: str
    body_line: int
    """The 1-based line of the file on which the body starts."""
    positions: YamlPositions | None = field(default=None, repr=False)

    def line(self, *path: PathStep) -> int | None:
        return self.positions.line(path) if self.positions else None


def split_front_matter(src_uri: str, text: str) -> tuple[FrontMatter, Diagnostic | None]:
    """Front matter starts at the first line with `---` and ends at the next `---` line.

    Invalid YAML gives a diagnostic and empty metadata; the body is still returned whole.
    """
    text = text.removeprefix("\ufeff")
    if not _HANDLER.detect(text):
        return FrontMatter({}, text, 1), None
    try:
        header, body = _HANDLER.split(text)
    except ValueError:
        return FrontMatter({}, text, 1), Diagnostic(
            src_uri,
            1,
            "front matter",
            "the front matter opened by `---` is never closed",
            hint="end it with a line holding only `---`",
        )
    # The header text begins right after the opening `---`, so its first YAML line is line 1 of the file.
    body_line = text[: len(text) - len(body)].count("\n") + 1
    positions = YamlPositions(header, first_line=1)
    try:
        meta = _HANDLER.load(header)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter({}, body, body_line), Diagnostic(
            src_uri,
            mark.line + 1 if mark else 2,
            "front matter",
            f"invalid YAML: {problem}",
            hint="quote values that contain `:` or start with `[`, `{`, `*`, `&`, `!` or `%`",
        )
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return FrontMatter({}, body, body_line), Diagnostic(
            src_uri,
            2,
            "front matter",
            "front matter must be `key: value` lines",
            hint="write one `key: value` per line between the `---` lines",
        )
    return FrontMatter(meta, body, body_line, positions), None


def lazy_lines(src_uri: str, text: Callable[[], str]) -> Callable[..., int | None]:
    """A line finder for a file's front matter that reads and parses nothing until a diagnostic asks."""
    front: list[FrontMatter] = []

    def line(*path: PathStep) -> int | None:
        if not front:
            front.append(split_front_matter(src_uri, text())[0])
        return front[0].line(*path)

    return line


# YAML 1.1 spellings of true that PyYAML reads as a boolean, on a top-level `draft:` line.
_DRAFT_LINE = re.compile(r"^draft[ \t]*:[ \t]*(?:true|True|TRUE|yes|Yes|YES|on|On|ON)[ \t]*(?:#.*)?$", re.M)


def declares_draft(text: str) -> bool:
    """Whether the front matter says `draft: true`, found without parsing the YAML.

    Drafts must be known before any page is rendered, so links to them are handled the same way
    wherever they are; parsing every file's YAML for that alone would double the work MkDocs does.
    """
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    return bool(_DRAFT_LINE.search(text, 0, end if end > 0 else len(text)))
