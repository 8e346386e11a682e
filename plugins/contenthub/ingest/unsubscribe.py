"""Stop following a blog: its outline taken out of the subscriptions file, everything else as written."""

from __future__ import annotations

import re
from xml.parsers import expat

from .subscriptions import _BOM_CODECS, _BOMS, _decoded, _encoding, _key, read_subscriptions

_BLANK = re.compile(rb"[ \t]*")
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")
"""A start tag as written, its attribute values quoted; group 1 is `/` for an empty element."""


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
    open_outlines: list[tuple[int, int, bool] | None] = []  # per open element: (depth, start, empty) if removed
    spans: list[tuple[int, int]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        url = (attributes.get("xmlUrl") or "").strip()
        inside = any(entry is not None for entry in open_outlines)  # within one removed already
        if name.rpartition(" ")[2] == "outline" and _key(url) == _key(feed_url) and not inside:
            tag = _START_TAG.match(utf8, parser.CurrentByteIndex)
            if tag is None:  # written through an entity, say: no bytes of its own to take out
                raise ValueError("its outline for this feed is not written out in the file itself")
            open_outlines.append((len(open_outlines), parser.CurrentByteIndex, tag.group(1) == b"/"))
        else:
            open_outlines.append(None)

    def end(name: str) -> None:
        removed = open_outlines.pop()
        if removed is not None:
            _, begin, empty = removed
            at = parser.CurrentByteIndex  # just after `/>` for an empty element, else where `</outline>` starts
            spans.append((begin, at if empty else utf8.index(b">", at) + 1))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except expat.ExpatError as error:
        raise ValueError(f"it is not well-formed XML ({expat.errors.messages[error.code]})") from None
    if not spans:
        raise ValueError(f"no outline has the feed `{feed_url}`")
    for begin, finish in sorted(spans, reverse=True):  # every outline of the feed, even one listed twice
        before = _BLANK.fullmatch(utf8[utf8.rfind(b"\n", 0, begin) + 1 : begin])
        line_break = re.match(rb"[ \t]*\r?\n", utf8[finish:])
        if before is not None and line_break is not None:  # the outline had its line to itself
            begin, finish = begin - len(before.group()), finish + line_break.end()
        utf8 = utf8[:begin] + utf8[finish:]
    written = utf8.decode("utf-8")
    return bom + written.encode(codec)


def unsubscribe(data: bytes, feed_url: str, file: str) -> bytes:
    """`remove_outline`, refused (ValueError) when another blog's id would change: ids come from titles,
    and two blogs titled alike are `news` and `news-2`, so taking out `news` would hand `news-2` the other
    blog's cache, health and picks."""
    changed = remove_outline(data, feed_url)
    before, _ = read_subscriptions(data, file)
    after, _ = read_subscriptions(changed, file)
    kept = {_key(s.feed_url): s.id for s in before.sources if _key(s.feed_url) != _key(feed_url)}
    renamed = [f"{kept[_key(s.feed_url)]} → {s.id}" for s in after.sources if kept.get(_key(s.feed_url)) != s.id]
    if renamed:
        raise ValueError(
            f"the other blogs' ids would change ({', '.join(renamed)}); give each its id first, as "
            'contenthub:id="…" on its outline, then remove this one'
        )
    return changed
