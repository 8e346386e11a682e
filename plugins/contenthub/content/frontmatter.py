"""Split a Markdown file into its metadata and body, by MkDocs' own rules, keeping line numbers.

The rules are MkDocs' (`mkdocs.utils.meta`), so that `contenthub check` and `--dirty` builds read a
post exactly as a normal build does:

- YAML between a first line `---` and a closing line `---` or `...`;
- else MultiMarkdown (and Pelican) style `Key: value` lines at the top, ending at a blank line, with
  lower-cased keys and text values; indented lines continue the previous value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model import Diagnostic
from ..yamlpos import PathStep, YamlPositions
from .yamlbuild import Loader, NotAMapping, Unbuilt, build_mapping, deepest_line, too_deep

_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_MORE_LINE = re.compile(r"^(?:[ ]{4}|\t)\s*(?P<value>.*)")

LEFT_OUT = "the post is left out of the hub until this is fixed"


@dataclass
class FrontMatter:
    """The metadata of one file, the body after it, and where each key sits."""

    meta: dict[str, Any]
    body: str
    positions: YamlPositions | None = field(default=None, repr=False)
    key_lines: dict[str, int] = field(default_factory=dict, repr=False)
    unbuilt: dict[str, Unbuilt] = field(default_factory=dict)
    """By key as written: the values YAML cannot build, left out of `meta`."""

    def line(self, *path: PathStep) -> int | None:
        if self.positions is not None:
            return self.positions.line(path)
        return self.key_lines.get(str(path[0])) if path else None


def read_front_matter(src_uri: str, text: str) -> tuple[FrontMatter, Diagnostic | None]:
    """The file's metadata and body.

    Front matter that cannot be read at all (invalid YAML, never closed, not `key: value` lines) gives
    a diagnostic, empty metadata and the text whole. Well-formed YAML with values it cannot build
    (`date: 2024-02-30`) gives the values it can build, and the others in `unbuilt`, for the reader
    to report with what follows from each: MkDocs would drop them all.
    """
    text = _normalized(text)
    block = _YAML_BLOCK.match(text)
    if block is None:
        if _YAML_BLOCK.match(text + "\n"):
            return FrontMatter({}, text), Diagnostic(
                src_uri,
                text.count("\n") + 1,
                "front matter",
                f"the closing `---` is the last line and has no line break, so it does not count; {LEFT_OUT}",
                hint="end the file with a line break",
            )
        if re.match(r"-{3}[ \t]*\n", text):
            return FrontMatter({}, text), Diagnostic(
                src_uri,
                1,
                "front matter",
                f"the front matter opened by `---` is never closed; {LEFT_OUT}",
                hint="end it with a line holding only `---`",
            )
        return _key_lines(text)
    header = block.group(1)
    unbuilt: dict[str, Unbuilt] = {}
    try:
        try:
            meta = yaml.load(header, Loader=Loader)
        except (ValueError, TypeError, OverflowError, yaml.constructor.ConstructorError):
            # Well-formed YAML with values that cannot be built: build the others, one key at a time.
            meta, unbuilt = build_mapping(header, first_line=2)
    except RecursionError:  # PyYAML without libyaml composes a level at a time, on Python's stack
        return FrontMatter({}, text), _nested_too_deeply(src_uri, deepest_line(header) + 2)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if too_deep(error):
            return FrontMatter({}, text), _nested_too_deeply(src_uri, mark.line + 2 if mark else 1)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        return FrontMatter({}, text), Diagnostic(
            src_uri,
            mark.line + 2 if mark else 1,
            "front matter",
            f"invalid YAML: {problem}; {LEFT_OUT}",
            hint="quote values that contain `:` or start with `[`, `{`, `*`, `&`, `!` or `%`",
        )
    except NotAMapping:
        meta = None
    if not isinstance(meta, dict):
        return FrontMatter({}, text), Diagnostic(
            src_uri,
            2,
            "front matter",
            f"front matter must be `key: value` lines; {LEFT_OUT}",
            hint="write one `key: value` per line between the `---` lines",
        )
    body = text[block.end() :].lstrip("\n")
    return FrontMatter(meta, body, YamlPositions(header, first_line=2), unbuilt=unbuilt), None


def split_front_matter(src_uri: str, text: str) -> tuple[FrontMatter, Diagnostic | None]:
    """The file's metadata and body, all or nothing, as MkDocs reads them: a problem, a value YAML
    cannot build included, gives a diagnostic (the first), empty metadata and the text whole."""
    front, problem = read_front_matter(src_uri, text)
    if problem is None and front.unbuilt:
        key, value = next(iter(front.unbuilt.items()))
        return FrontMatter({}, _normalized(text)), cannot_build(src_uri, key, value, LEFT_OUT)
    return front, problem


def cannot_build(src_uri: str, key: str, value: Unbuilt, consequence: str) -> Diagnostic:
    """A value YAML cannot build, at its line, with what follows from it."""
    return Diagnostic(
        src_uri,
        value.line,
        key,
        f"cannot read `{value.text}` ({value.why}); {consequence}",
        hint="fix the value, or quote it to keep it as text",
    )


def _normalized(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _nested_too_deeply(src_uri: str, line: int) -> Diagnostic:
    return Diagnostic(
        src_uri,
        line,
        "front matter",
        f"lists or mappings are nested too deeply here for YAML to read; {LEFT_OUT}",
        hint="keep front matter a few levels deep",
    )


def _key_lines(text: str) -> tuple[FrontMatter, None]:
    """MultiMarkdown-style metadata, as MkDocs reads it; no metadata at all is just a body."""
    lines = text.split("\n")
    meta: dict[str, str] = {}
    key_lines: dict[str, int] = {}
    key = None
    consumed = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        if found := _KEY_LINE.match(line):
            key = found.group("key").lower().strip()
            value = found.group("value").strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
            key_lines.setdefault(key, number)
        elif (more := _MORE_LINE.match(line)) and key:
            meta[key] += f" {more.group('value').strip()}"
        else:
            break
        consumed = number
    body = "\n".join(lines[consumed:]).lstrip("\n")
    return FrontMatter(meta, body, key_lines=key_lines), None


def snapshot(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Parsed front matter as it is now, out of reach of later edits in place (another plugin's
    `tags.append(...)`): its mappings, lists, sets and tuples (YAML's `!!omap` pairs) copied all the way
    down, the rest (text, numbers, dates, bytes) immutable and shared. YAML anchors may make a value
    hold itself, or the same list appear many times over: each container is copied once, as it was
    shared, and a loop stays a loop."""
    try:
        copied: dict[str, Any] = _copy(meta if isinstance(meta, dict) else dict(meta), {})
        return copied
    except RecursionError:  # nested deeper than a copy can follow (libyaml reads 999 levels): the top level
        return dict(meta)


_CONTAINERS = (dict, list, set, tuple)


def _copy(value: Any, copied: dict[int, Any]) -> Any:
    made = copied.get(id(value))
    if made is not None:
        return made
    # Loops rather than comprehensions: one frame a level, as deep as YAML's own parser can go.
    if isinstance(value, dict):
        made = copied[id(value)] = {}
        for key, item in value.items():
            made[key] = _copy(item, copied) if isinstance(item, _CONTAINERS) else item
    elif isinstance(value, list):
        made = copied[id(value)] = []
        for item in value:
            made.append(_copy(item, copied) if isinstance(item, _CONTAINERS) else item)
    elif isinstance(value, set):
        made = copied[id(value)] = set()
        for item in value:
            made.add(_copy(item, copied) if isinstance(item, _CONTAINERS) else item)
    else:  # a tuple: YAML's `!!omap` and `!!pairs` give lists of them
        made = copied[id(value)] = tuple(
            [_copy(item, copied) if isinstance(item, _CONTAINERS) else item for item in value]
        )
    return made


def lazy_lines(src_uri: str, text: Callable[[], str]) -> Callable[..., int | None]:
    """A line finder for a file's front matter that reads and parses nothing until a diagnostic asks."""
    front: list[FrontMatter] = []

    def line(*path: PathStep) -> int | None:
        if not front:
            front.append(read_front_matter(src_uri, text())[0])
        return front[0].line(*path)

    return line


# YAML 1.1 spellings of true that PyYAML reads as a boolean, on a top-level `draft:` line; or Pelican's
# `status: draft`.
_DRAFT_LINE = re.compile(
    r"^(?:draft[ \t]*:[ \t]*(?:true|True|TRUE|yes|Yes|YES|on|On|ON)|status[ \t]*:[ \t]*['\"]?(?i:draft)['\"]?)"
    r"[ \t]*(?:#.*)?$",
    re.M,
)
# The same in a Pelican (MultiMarkdown) header, whose keys and values MkDocs reads in any case.
_HEADER_DRAFT = re.compile(r"^[ ]{0,3}(?:draft:[ \t]*(?:true|yes|on)|status:[ \t]*draft)[ \t]*$", re.M | re.I)


def declares_draft(text: str) -> bool:
    """Whether the front matter says `draft: true` (or `status: draft`), found without parsing it.

    Drafts must be known before any page is rendered, so links to them are handled the same way
    wherever they are; parsing every file's YAML for that alone would double the work MkDocs does.
    """
    text = text.removeprefix("\ufeff")
    block = _YAML_BLOCK.match(text)
    if block is not None:
        return _DRAFT_LINE.search(block.group(1)) is not None
    header = text.split("\n\n", 1)[0] if _KEY_LINE.match(text) else ""
    return _HEADER_DRAFT.search(header) is not None


_YAML_SLUG = re.compile(r"^slug[ \t]*:[ \t]*(?P<slug>.*?)[ \t]*$", re.M)
_HEADER_SLUG = re.compile(r"^[ ]{0,3}slug:[ \t]*(?P<slug>.*?)[ \t]*$", re.M | re.I)
SLUG = re.compile(r"[\w.~-]+")
"""What a slug may hold: one path segment, with no characters a URL must escape but letters of any script."""


def usable_slug(slug: str) -> bool:
    """Whether a slug can be a post's URL segment: one word, not dots alone, not a folder's own page."""
    return SLUG.fullmatch(slug) is not None and slug.strip(".") != "" and slug.lower() not in ("index", "readme")


def declared_slug(src_uri: str, text: str) -> tuple[str | None, Diagnostic | None]:
    """The post's `slug` (YAML or Pelican header), found without parsing its front matter: MkDocs places
    every file before any is read, so a post's URL must be known as early. A slug that cannot be a path
    segment is a problem at its line, and the file's own name stays."""
    text = text.removeprefix("\ufeff")
    block = _YAML_BLOCK.match(text)
    if block is not None:
        found = _YAML_SLUG.search(block.group(1))
    else:
        header = text.split("\n\n", 1)[0] if _KEY_LINE.match(text) else ""
        found = _HEADER_SLUG.search(header)
    if found is None:
        return None, None
    written = re.sub(r"[ \t]+#.*$", "", found.group("slug")) if block is not None else found.group("slug")
    slug = written.strip().strip("'\"")
    if block is not None and written.strip() in ("", "~", "null", "Null", "NULL"):
        return None, None  # YAML's nothing: the file's own name stays
    if usable_slug(slug):
        return slug, None
    line = text.count("\n", 0, found.start() + (block.start(1) if block is not None else 0)) + 1
    hint = "write one word of letters, digits, `-`, `_`, `.` or `~`, e.g. `slug: our-2024-survey`"
    return None, Diagnostic(src_uri, line, "slug", f"`{slug}` cannot be a post's URL; the file's name is used", hint)
