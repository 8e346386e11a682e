"""Small text helpers shared by the whole hub: slugs, matching keys, plain-text excerpts."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

_NON_WORD = re.compile(r"[^\w+#]+|_+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """The key two spellings of one value share: case, accents and punctuation do not count.

    `Business-to-Business`, `business to business` and `BUSINESS_TO_BUSINESS` all fold to the same key.
    Letters of every script are kept, and so are `+` and `#`, which tell C++ from C# from C.
    """
    return _NON_WORD.sub(" ", unaccented(text)).strip()


def unaccented(text: str) -> str:
    """Case-folded, with accents and other combining marks gone (`fold` without the punctuation step)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # ASCII has no combining marks: the common case skips the character-by-character pass.
    return decomposed if decomposed.isascii() else "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """A URL path segment: lower-case ASCII words joined by hyphens ('' when nothing is ASCII)."""
    ascii_text = fold(text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_text).strip("-")


def _starts_a_list_item(text: str) -> bool:
    """Whether a line may start with a list marker (`-`, `*`, `+`, or digits of any script, as `\\d`
    matches): a look at each line's first character, where the marker pattern would try every
    position of the text."""
    for line in text.split("\n"):
        first = line.lstrip()[:1]
        if first and (first in "-*+" or first.isdecimal()):
            return True
    return False


# Markdown and HTML constructs an excerpt drops or reduces to their text, in the order applied. Each
# comes with what it cannot match without (a string it needs, or a quick test), so plain prose skips most
# of the work. Emphasis spans are bounded so an unclosed `*` costs a short look-ahead, not a scan to the
# end of the text.
_MARKDOWN_TO_TEXT: tuple[tuple[str | Callable[[str], bool], re.Pattern[str], str], ...] = (
    ("<!--", re.compile(r"<!--.*?-->", re.S), " "),
    ("]:", re.compile(r"^\s{0,3}\[[^\]]+\]:\s.*$", re.M), " "),  # reference link definitions
    ("![", re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]"), " "),  # images
    ("[^", re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    ("](", re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # inline links
    ("][", re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    ("{", re.compile(r"\{:?\s*[#.][^}]*\}"), ""),  # attribute lists
    ("<", re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"), " "),  # HTML tags, not `a < b`
    ("#", re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),  # heading markers
    (">", re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (_starts_a_list_item, re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M), ""),  # list markers
    ("**", re.compile(r"\*\*(?=\S)(.{1,300}?)(?<=\S)\*\*"), r"\1"),  # strong
    ("__", re.compile(r"__(?=\S)(.{1,300}?)(?<=\S)__"), r"\1"),
    ("*", re.compile(r"(?<![\w*])\*(?=\S)(.{1,300}?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis with *
    ("_", re.compile(r"(?<!\w)_(?=\S)(.{1,300}?)(?<=\S)_(?!\w)"), r"\1"),  # emphasis with _
    ("\\", re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # backslash escapes
)
_FENCED = re.compile(r"^\s*(```|~~~).*?^\s*\1\s*$", re.S | re.M)
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


def unique_name(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… whichever is not taken yet; it is taken from then on."""
    name, number = wanted, 2
    while name in taken:
        name, number = f"{wanted}-{number}", number + 1
    taken.add(name)
    return name


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown fragment, on one line, for excerpts and the search index.

    Code spans are set aside first and put back last, so `<details>` or `*` inside them stay as written.
    """
    if "\x00" in markdown:  # the placeholders' marker; Markdown has no use for it (CommonMark: U+FFFD)
        markdown = markdown.replace("\x00", "\ufffd")
    text = _FENCED.sub(" ", markdown) if ("```" in markdown or "~~~" in markdown) else markdown
    spans: list[str] = []
    if "`" in text:

        def keep(match: re.Match[str]) -> str:
            spans.append(match.group(2).strip())
            return f"\x00{len(spans) - 1}\x00"

        text = _CODE_SPAN.sub(keep, text)
    for trigger, pattern, replacement in _MARKDOWN_TO_TEXT:
        if trigger in text if isinstance(trigger, str) else trigger(text):
            text = pattern.sub(replacement, text)
    if "&" in text:
        text = html.unescape(text)
    if spans:
        text = _PLACEHOLDER.sub(lambda match: spans[int(match.group(1))], text)
    return " ".join(text.split())  # the same as collapsing `\s+`, much faster


def truncate(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters at a word boundary, marking the cut with an ellipsis."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if not text[limit - 1].isspace() and space > limit // 2:  # the cut falls inside a word
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_escape(text: str) -> str:
    """Text that Markdown shows as written: HTML-escaped, with Markdown's punctuation backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
