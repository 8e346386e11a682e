"""The hub's subscriptions: an OPML 2.0 file any feed reader imports and exports.

Each outline has the feed URL (`xmlUrl`), a title and the site URL (`htmlUrl`). Facet values for all of
a source's entries go in a namespaced attribute: `contenthub:facets="market: B2B; channel: LinkedIn, Blogs"`.
A source's id, the name of its cache file, is `contenthub:id` when given (the commands that write the
file always give it), so renaming a blog or removing another never moves its cache; else its title's slug.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from xml.parsers import expat

from ..model import Diagnostic, Severity, Source
from ..text import slugify, unique_name

NAMESPACE = "https://pypi.org/project/mkdocs-contenthub/"
FACETS_ATTRIBUTE = f"{NAMESPACE} facets"
ID_ATTRIBUTE = f"{NAMESPACE} id"


@dataclass
class Subscriptions:
    title: str = "Subscriptions"
    sources: list[Source] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    """The line of each source's outline, by source id, for diagnostics."""
    file: str = ""
    """Where they were read from, as diagnostics name it."""


def load_opml(path: Path, name: str) -> tuple[Subscriptions, list[Diagnostic]]:
    """An OPML file read from disk; `name` is how diagnostics show it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problem = Diagnostic(name, None, "", f"cannot read it ({error.strerror or error})", hint="check the path")
        return Subscriptions(file=name), [problem]
    return read_subscriptions(data, name)


Kept = list[tuple[int, dict[str, str], str]]
"""Outlines with a feed URL seen once: (line, attributes, feed URL)."""


def read_subscriptions(data: bytes, file: str) -> tuple[Subscriptions, list[Diagnostic]]:
    """Every outline with an `xmlUrl`, at any depth (readers' exports nest them in folders). The bytes go to
    the XML parser, which follows the file's own encoding declaration."""
    found = Subscriptions(file=file)
    diagnostics: list[Diagnostic] = []
    outlines: list[tuple[int, dict[str, str]]] = []
    title: list[str] = []
    in_title = False
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal in_title
        local = name.rpartition(" ")[2]  # `uri local` when the file uses a default namespace
        if local == "outline":
            outlines.append((parser.CurrentLineNumber, attributes))
        in_title = local == "title"

    def text_of(data: str) -> None:
        if in_title:
            title.append(data)

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text_of
    parser.EndElementHandler = lambda name: None
    text, problem = _decoded(data, file)
    if problem is not None:
        return found, [problem]
    try:
        parser.Parse(text, True)  # text, not bytes: expat itself reads only a few single-byte encodings
    except expat.ExpatError as error:
        return found, [
            Diagnostic(
                file, error.lineno, "", f"not well-formed XML ({expat.errors.messages[error.code]})",
                hint="fix the OPML, or export it again from the feed reader", severity=Severity.ERROR,
            )
        ]  # fmt: skip
    found.title = "".join(title).strip() or found.title
    kept: Kept = []
    seen_urls: dict[str, int] = {}
    for line, attributes in outlines:
        feed_url = (attributes.get("xmlUrl") or "").strip()
        if not feed_url:
            continue  # a folder
        if _key(feed_url) in seen_urls:
            diagnostics.append(
                Diagnostic(file, line, "xmlUrl", f"`{feed_url}` is already listed on line {seen_urls[_key(feed_url)]}",
                           hint="remove one of the two outlines")
            )  # fmt: skip
            continue
        seen_urls[_key(feed_url)] = line
        kept.append((line, attributes, feed_url))
    explicit = _explicit_ids(kept, file, diagnostics)
    taken = set(explicit.values())
    for index, (line, attributes, feed_url) in enumerate(kept):
        name = (attributes.get("title") or attributes.get("text") or feed_url).strip()
        defaults, problems = _defaults(attributes.get(FACETS_ATTRIBUTE, ""))
        diagnostics.extend(Diagnostic(file, line, "contenthub:facets", problem) for problem in problems)
        site_url = (attributes.get("htmlUrl") or "").strip()
        if site_url and _scheme(site_url) not in ("http", "https"):
            # Pages link to it: a javascript: or data: "site", or no URL at all, must never become a link.
            diagnostics.append(
                Diagnostic(file, line, "htmlUrl", f"`{site_url}` is not an http(s) address, so it is left out",
                           hint="give the blog's web address, or remove htmlUrl")
            )  # fmt: skip
            site_url = ""
        slug = slugify(name) or "source"
        source_id = explicit.get(index) or unique_name(slug, taken)
        if index not in explicit and slug in explicit.values():
            # Its cache file, named after the slug, now belongs to the blog that claimed the id.
            owner = next(kept[other][0] for other, claimed in explicit.items() if claimed == slug)
            diagnostics.append(
                Diagnostic(file, line, "contenthub:id", f"line {owner} gives another blog the id `{slug}`, which "
                           f"this blog's title stands for, so this one is `{source_id}` and the cache file "
                           f"`{slug}.json` goes with the other", hint=f'if `{slug}.json` is this blog\'s, give it '
                           f'contenthub:id="{slug}" and the other blog an id of its own')
            )  # fmt: skip
        found.lines[source_id] = line
        found.sources.append(Source(source_id, name, feed_url, site_url, defaults))
    return found, diagnostics


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
_BOM_CODECS = {codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF32_BE: "utf-32-be", codecs.BOM_UTF8: "utf-8",
               codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}  # fmt: skip
"""The codec that writes text back after each mark, in the mark's byte order."""
_TAG_NAME = re.compile(rb"<[^\s/>]+")
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")


def _decoded(data: bytes, file: str) -> tuple[str, Diagnostic | None]:
    """The file's text in the encoding its byte-order mark or XML declaration names (else UTF-8)."""
    encoding = _encoding(data)
    try:
        return data.decode(encoding), None
    except LookupError:
        why = f"it declares the encoding `{encoding}`, which is not a text encoding Python reads"
        hint = "save it as UTF-8"
        return "", Diagnostic(file, 1, "", why, hint=hint, severity=Severity.ERROR)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        why = f"it is not valid {encoding} (byte {error.start})"
        hint = "save it as UTF-8, or declare its real encoding"
        return "", Diagnostic(file, line, "", why, hint=hint, severity=Severity.ERROR)


def _explicit_ids(kept: Kept, file: str, diagnostics: list[Diagnostic]) -> dict[int, str]:
    """The `contenthub:id` of each outline that has a usable one, by its place in `kept` (a reader's export
    may hold every outline on one line); they are reserved first, so no title's slug can take one."""
    found: dict[int, str] = {}
    first: dict[str, int] = {}
    for index, (line, attributes, _) in enumerate(kept):
        wanted = attributes.get(ID_ATTRIBUTE, "").strip()
        if not wanted:
            continue
        if slugify(wanted) != wanted:
            diagnostics.append(
                Diagnostic(file, line, "contenthub:id", f"`{wanted}` is not an id (a-z, 0-9 and hyphens)",
                           hint=f"write `{slugify(wanted) or 'blog'}` (and rename the blog's cache file to match); "
                           "until then the title's slug is used")
            )  # fmt: skip
        elif wanted in first:
            diagnostics.append(
                Diagnostic(file, line, "contenthub:id", f"the id `{wanted}` is already used on line {first[wanted]}",
                           hint="give each blog its own id", severity=Severity.ERROR)
            )  # fmt: skip
        else:
            first[wanted] = line
            found[index] = wanted
    return found


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme.lower()
    except ValueError:  # e.g. `http://[::1` : no URL at all
        return ""


def write_subscriptions(subscriptions: Subscriptions) -> str:
    ElementTree.register_namespace("contenthub", NAMESPACE)
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = subscriptions.title
    body = ElementTree.SubElement(root, "body")
    for source in subscriptions.sources:
        ElementTree.SubElement(body, "outline", _outline_attributes(source, f"{{{NAMESPACE}}}"))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def add_outlines(data: bytes, sources: Sequence[Source]) -> bytes:
    """The subscriptions file as it is, with an outline for each of `sources` at the end of its body.

    Everything already there stays byte for byte: folders, comments, attributes the hub does not read,
    the encoding, the line endings. The file must be one `read_subscriptions` accepts; a ValueError says
    why it cannot be added to. Positions come from the XML parser, which sees the text as UTF-8.
    """
    text, _ = _decoded(data, "")
    bom, codec = next(((bom, _BOM_CODECS[bom]) for bom, _ in _BOMS if data.startswith(bom)), (b"", _encoding(data)))
    if text.encode(codec) != data[len(bom) :]:
        raise ValueError(f"its encoding, {codec}, would not write its text back byte for byte; save it as UTF-8")
    utf8 = text.encode("utf-8")
    parser = expat.ParserCreate(namespace_separator=" ")
    marks: dict[str, int] = {}
    scopes: list[dict[str, str]] = [{}]  # the prefixes bound on each open element, innermost last
    declared: dict[str, str] = {}
    in_scope: dict[str, str] = {}  # where the outlines go: inside the body, or the root if it has none

    def declare(prefix: str | None, uri: str) -> None:
        declared[prefix or ""] = uri

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal declared
        local = name.rpartition(" ")[2]  # `uri local` when the file uses a default namespace
        if len(scopes) == 1 and local != "opml":
            raise ValueError("its root element is not <opml>")
        scopes.append(scopes[-1] | declared)
        declared = {}
        if len(scopes) == 2:
            marks["opml"] = parser.CurrentByteIndex
            in_scope.update(scopes[-1])
        elif len(scopes) == 3 and local == "body" and "body" not in marks:
            marks["body"] = parser.CurrentByteIndex
            in_scope.clear()
            in_scope.update(scopes[-1])

    def end(name: str) -> None:
        scopes.pop()
        if len(scopes) == 1:
            marks["/opml"] = parser.CurrentByteIndex
        elif len(scopes) == 2 and "body" in marks and "/body" not in marks:
            marks["/body"] = parser.CurrentByteIndex

    def tag_name(element: str) -> str:
        """The element's name as the file writes it (`body`, or `x:body`)."""
        tag = _TAG_NAME.match(utf8, marks[element])
        if tag is None:  # the parser reads it from an entity, say: nowhere to add text
            raise ValueError(f"its <{element}> is not written out in the file itself")
        return tag.group()[1:].decode("utf-8")

    def empty(element: str) -> bool:
        """Written `<body/>`: then the parser ends it just after the `/>`, not at an end tag."""
        return not utf8.startswith(f"</{tag_name(element)}".encode(), marks[f"/{element}"])

    parser.StartNamespaceDeclHandler = declare
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(text, True)
    newline = "\r\n" if "\r\n" in text else "\n"
    prefix = next((name for name, uri in in_scope.items() if uri == NAMESPACE and name), None)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in `utf8`, applied last first
    if prefix is None:
        # Declared on the root under a name nothing between it and the body rebinds.
        prefix = unique_name("contenthub", set(in_scope))
        at = marks["opml"] + 1 + len(tag_name("opml").encode())
        edits.append((at, at, f' xmlns:{prefix}="{NAMESPACE}"'))
    outlines = "".join(f"{newline}    {_outline(source, prefix)}" for source in sources)
    if not codec.lower().replace("_", "-").startswith("utf-"):
        # Outside Unicode encodings, only ASCII is sure to be written as it is (Shift_JIS writes ¥ as
        # `\`): every other character goes in as a character reference, which XML reads back as it.
        outlines = outlines.encode("ascii", errors="xmlcharrefreplace").decode("ascii")
    if "body" not in marks:
        body = f"  <body>{outlines}{newline}  </body>{newline}"
        if empty("opml"):  # open it
            edits.append((marks["/opml"] - 2, marks["/opml"], f">{newline}{body}</{tag_name('opml')}>"))
        else:
            edits.append((marks["/opml"], marks["/opml"], body))
    elif empty("body"):
        edits.append((marks["/body"] - 2, marks["/body"], f">{outlines}{newline}  </{tag_name('body')}>"))
    else:
        edits.append((marks["/body"], marks["/body"], f"{outlines}{newline}  "))
    for begin, finish, replacement in sorted(edits, reverse=True):
        utf8 = utf8[:begin] + replacement.encode("utf-8") + utf8[finish:]
    written = utf8.decode("utf-8")
    encoded = written.encode(codec)
    if encoded.decode(codec) != written:
        raise ValueError(f"its encoding, {codec}, cannot hold the new outlines as written; save it as UTF-8")
    return bom + encoded


def _encoding(data: bytes) -> str:
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        declared = _DECLARED.match(data[:300])
        encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    return encoding


def _outline_attributes(source: Source, ours: str) -> dict[str, str]:
    """A source's outline attributes; `ours` starts the names of the hub's own (`{namespace}`, `prefix:`)."""
    attributes = {"type": "rss", "text": source.title, "title": source.title, "xmlUrl": source.feed_url}
    attributes[f"{ours}id"] = source.id
    if source.site_url:
        attributes["htmlUrl"] = source.site_url
    if source.defaults:
        attributes[f"{ours}facets"] = _write_defaults(source.defaults)
    return attributes


def _outline(source: Source, prefix: str) -> str:
    attributes = _outline_attributes(source, f"{prefix}:")
    return "<outline " + " ".join(f'{name}="{_attribute(value)}"' for name, value in attributes.items()) + "/>"


def _attribute(value: str) -> str:
    """Text as an XML attribute value that reads back the same: markup escaped, line breaks kept."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def merge(into: Subscriptions, incoming: Subscriptions) -> tuple[Subscriptions, list[Source]]:
    """`into` plus every incoming source whose feed URL it does not have yet; returns what was added."""
    known = {_key(source.feed_url) for source in into.sources}
    taken = {source.id for source in into.sources}
    added = []
    for source in incoming.sources:
        if _key(source.feed_url) in known:
            continue
        known.add(_key(source.feed_url))
        source_id = unique_name(source.id, taken)
        added.append(Source(source_id, source.title, source.feed_url, source.site_url, source.defaults))
    return Subscriptions(into.title, [*into.sources, *added]), added


def _key(feed_url: str) -> str:
    """Two spellings of one feed URL: scheme and host case, a trailing slash."""
    url = feed_url.strip()
    scheme, _, rest = url.partition("://")
    if not rest:
        return url
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")


def _defaults(raw: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """`market: B2B; channel: LinkedIn, Blogs` as (facet, spelling) pairs."""
    pairs: list[tuple[str, str]] = []
    problems: list[str] = []
    for part in raw.split(";"):
        if not part.strip():
            continue
        facet, colon, spellings = part.partition(":")
        if not colon or not facet.strip():
            problems.append(f"`{part.strip()}` is not `facet: value, value`; it is ignored")
            continue
        pairs.extend((facet.strip(), spelling.strip()) for spelling in spellings.split(",") if spelling.strip())
    return tuple(pairs), problems


def _write_defaults(pairs: tuple[tuple[str, str], ...]) -> str:
    facets: dict[str, list[str]] = {}
    for facet, spelling in pairs:
        facets.setdefault(facet, []).append(spelling)
    return "; ".join(f"{facet}: {', '.join(spellings)}" for facet, spellings in facets.items())
