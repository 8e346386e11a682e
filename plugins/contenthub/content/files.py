"""Post files as the site has them: where each lives, its text, and what stops one being read."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass

from ..model import Diagnostic


@dataclass(frozen=True, slots=True)
class PostSource:
    """A post file as the site has it: where it lives, its text, and the URL it is published at."""

    src_uri: str
    text: str
    url: str


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
    """Why a post cannot be read, from the error reading it raised (MkDocs' `File.content_string`)."""
    if isinstance(error, UnicodeDecodeError) and isinstance(error.object, bytes):
        why, hint, line = _not_utf8(error.object, error.start)
        return Diagnostic(src_uri, line, "", f"cannot read the file: {why}; it is left out of the site", hint=hint)
    message = f"cannot read the file ({error}); it is left out of the site"
    return Diagnostic(src_uri, None, "", message, hint="check that it exists and that you may read it")


# Longest first: UTF-32 LE's byte order mark starts with UTF-16 LE's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32 LE", "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32 BE", "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16 LE", "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16 BE", "UTF-16"),
)
_SAVE_AS_UTF8 = "save it as UTF-8: your editor's Save with Encoding, or Save As with UTF-8 chosen"


def _not_utf8(data: bytes, start: int) -> tuple[str, str, int | None]:
    """What the file is instead of UTF-8, as far as its bytes tell, how to convert it, and the line of
    its first bad byte when it has one to point at.

    `data` is what the decoder was given (the whole file, less a UTF-8 byte order mark) and `start`
    the first byte it could not decode. A byte order mark names UTF-16 or UTF-32 for sure. An 8-bit
    encoding cannot be told from its bytes, so the message names the first bad byte and its place, and
    the hint shows what that line says if the file is Windows-1252 (Latin-1 and more), the commonest,
    for the author to judge.
    """
    for mark, name, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                return f"it starts with the byte order mark of {name}, but is not {name} either", _SAVE_AS_UTF8, None
            why = f"it is {name} (it starts with that byte order mark), and posts must be UTF-8"
            return why, f"{_SAVE_AS_UTF8}, or convert it: `iconv -f {codec} -t UTF-8`", None
    begins = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start)) + 1
    line = data[begins:].splitlines()[0]
    number = len((data[:begins] + b".").splitlines())
    column = len(data[begins:start].decode("utf-8")) + 1  # all good UTF-8 up to the first bad byte
    why = f"it is not UTF-8: byte 0x{data[start]:02X} at column {column}"
    try:
        as_1252 = line.decode("cp1252")
    except UnicodeDecodeError:  # five bytes mean nothing in Windows-1252: it is something else
        return why, _SAVE_AS_UTF8, number
    shown = as_1252 if len(as_1252) <= 80 else as_1252[max(0, column - 40) :][:80] + "…"
    return (
        why,
        (
            f"{_SAVE_AS_UTF8}; if it was written in Windows-1252 or Latin-1, `iconv -f WINDOWS-1252 -t UTF-8` "
            f"converts it, and line {number} then reads `{shown}`"
        ),
        number,
    )
