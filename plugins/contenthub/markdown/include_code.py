"""`{% include_code PATH [lang:X] [lines:A-B] %}`: a file of the code folder, shown as a code block.

As Pelican's liquid_tags has it: PATH is relative to the code folder (`code/` in the docs folder unless
the host says otherwise), `lang:` names the language for highlighting, `lines:` keeps lines A to B. The
tag becomes a fenced code block before the host's own fenced-code extension reads the page, so the
site's highlighting applies. A tag inside a fenced block is left alone; a file that does not exist (or
lies outside the folder), or bad arguments, are a problem at the tag's line, and the text stays.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from ..model import Diagnostic
from .page import PageExtension, find_line

if TYPE_CHECKING:
    from .standalone import StandaloneSite

_TAG = re.compile(r"[ ]{0,3}\{%\s*include_code\s+(?P<arguments>.*?)\s*%\}\s*")
_FENCE = re.compile(r"[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_LANGUAGE = re.compile(r"[\w+#.-]+")
_LINES = re.compile(r"(?P<first>[1-9]\d*)-(?P<last>[1-9]\d*)")


def code_block(folder: Path, arguments: str) -> list[str] | tuple[str, str]:
    """The fenced block's lines for a tag's arguments, or (what is wrong, a hint)."""
    words = arguments.split()
    path = next((word for word in words if not word.startswith(("lang:", "lines:"))), None)
    language = next((word[5:] for word in words if word.startswith("lang:")), "")
    lines = next((word[6:] for word in words if word.startswith("lines:")), "")
    if path is None or len([w for w in words if not w.startswith(("lang:", "lines:"))]) > 1:
        return "takes one file", "write e.g. `{% include_code examples/feed.py lang:python lines:3-12 %}`"
    if language and not _LANGUAGE.fullmatch(language):
        return f"`lang:{language}` is no language name", "write e.g. `lang:python`"
    span = _LINES.fullmatch(lines) if lines else None
    if lines and (span is None or int(span["first"]) > int(span["last"])):
        return f"`lines:{lines}` is not a range of lines", "write e.g. `lines:3-12`"
    if "\x00" in path:
        return "the path holds a NUL character", "write the file's path as it is"
    file = (folder / path).resolve()
    if not file.is_relative_to(folder.resolve()) or not file.is_file():
        known = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
        close = difflib.get_close_matches(path, known, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"put it in `{folder}`"
        return f"`{path}` is not a file of the code folder", hint
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot read `{path}` ({error})", "save it as UTF-8 text"
    code = text.splitlines()
    if span is not None:
        if int(span["last"]) > len(code):
            return (
                f"`{path}` has {len(code)} lines, not {span['last']}",
                f"write e.g. `lines:{span['first']}-{len(code)}`",
            )
        code = code[int(span["first"]) - 1 : int(span["last"])]
    longest = max((len(m["fence"]) for line in code if (m := _FENCE.match(line))), default=2)
    fence = "`" * max(3, longest + 1)  # longer than any fence in the code, which then stays code
    return [f"{fence}{language}", *code, fence]


class _Includes(Preprocessor):
    def __init__(self, md: Markdown, extension: IncludeCodeExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        page, folder = self.extension.page, self.extension.folder
        if page is None or folder is None or not any("include_code" in line for line in lines):
            return lines
        made: list[str] = []
        fence = ""
        for line in lines:
            opening = _FENCE.match(line)
            if opening and (not fence or opening["fence"].startswith(fence)):
                fence = "" if fence else opening["fence"]
            found = _TAG.fullmatch(line) if not fence else None
            block = code_block(folder, found["arguments"]) if found else None
            if isinstance(block, tuple):
                written = line.strip()
                line_number = find_line(page, written)
                problem = Diagnostic(page.src_uri, line_number, "", f"`{written}`: {block[0]}", hint=block[1])
                self.extension.report(problem)
            made.extend(["", *block, ""] if isinstance(block, list) else [line])
        return made


class IncludeCodeExtension(PageExtension):
    """`contenthub.markdown.include_code`; `folder` is where the code lives (`code_dir`: a path)."""

    def __init__(self, *, folder: Path | None = None, **kwargs: Any) -> None:
        self.config = {"code_dir": ["", "The folder PATHs are relative to"]}
        super().__init__(**kwargs)
        given = self.getConfig("code_dir")
        self.folder = folder or (Path(os.path.expanduser(given)) if given else None)

    def join(self, site: StandaloneSite) -> None:
        if self.folder is None:
            self.folder = site.docs_dir / "code"

    def extend(self, md: Markdown) -> None:
        # Before fenced code blocks are read (`fenced_code_block`, 25), after whitespace is normalized (30).
        md.preprocessors.register(_Includes(md, self), "contenthub_include_code", 28)


def makeExtension(**kwargs: Any) -> IncludeCodeExtension:  # the name Python-Markdown looks for
    return IncludeCodeExtension(**kwargs)
