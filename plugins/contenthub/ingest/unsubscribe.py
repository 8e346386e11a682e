"""Stop following a blog: its outline taken out of the subscriptions file, everything else as written."""

from __future__ import annotations

import re
from xml.parsers import expat

from .subscriptions import _BOM_CODECS, _BOMS, _decoded, _encoding, _key

_BLANK = re.compile(rb"[ \t]*")


def remove_outline(data: bytes, feed_url: str) -> bytes:
    """The subscriptions file without the outline of `feed_url` (and whatever it holds), and without the
    indentation and line break its line then has no use for; every other byte as it was. A ValueError
    says why the file cannot be edited so."""
    text, problem = _decoded(data, "")
    if problem is not None:
        raise ValueError(problem.message)
    bom, codec = next(((bom, _BOM_CODECS[bom]) for bom, _ in _BOMS if data.startswith(bom)), (b"", _encoding(data)))
    if text.encode(codec) != data[len(bom) :]:
        raise ValueError(f"its encoding, {codec}, would not write its text back byte for byte; save it as UTF-8")
    utf8 = text.encode("utf-8")
    parser = expat.ParserCreate(namespace_separator=" ")
    depth = 0
    found: list[int] = []  # the outline's depth and where its tag starts, once found
    span: list[int] = []  # where it starts and ends

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        is_it = name.rpartition(" ")[2] == "outline" and _key((attributes.get("xmlUrl") or "").strip()) == _key(
            feed_url
        )
        if is_it and not found and not span:
            found.extend((depth, parser.CurrentByteIndex))

    def end(name: str) -> None:
        nonlocal depth
        if found and depth == found[0] and not span:
            at = parser.CurrentByteIndex  # after `/>`, or where `</outline>` starts
            finish = utf8.index(b">", at) + 1 if utf8.startswith(b"</", at) else at
            span.extend((found[1], finish))
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(text, True)
    if not span:
        raise ValueError(f"no outline has the feed `{feed_url}`")
    begin, finish = span
    before = _BLANK.fullmatch(utf8[utf8.rfind(b"\n", 0, begin) + 1 : begin])
    line_break = re.match(rb"[ \t]*\r?\n", utf8[finish:])
    if before is not None and line_break is not None:  # the outline had its line to itself
        begin, finish = begin - len(before.group()), finish + line_break.end()
    written = (utf8[:begin] + utf8[finish:]).decode("utf-8")
    return bom + written.encode(codec)
