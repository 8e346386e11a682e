"""Feed content that stands alone in a reader: safe HTML with absolute links, and text XML can hold.

A post's rendered HTML goes through nh3 (ammonia's allow-list): no scripts, frames, forms, event
handlers or `javascript:` links reach a feed, and every href, src, cite and srcset is resolved against
the post's URL. Heading permalinks (¶) are dropped: in a reader they are noise.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from functools import partial
from urllib.parse import quote, urljoin

import nh3

# Characters XML 1.0 cannot hold, plus DEL and the C1 controls, which validators flag as bad characters.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_MORE = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t]*$", re.M | re.I)
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"

_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
_ATTRIBUTES["img"] = _ATTRIBUTES["img"] | {"srcset", "sizes"}
_ATTRIBUTES["*"] = {"id", "title", "lang", "dir"}
_DROPPED_WITH_CONTENT = {"script", "style", "template"}


def xml_text(text: str) -> str:
    """The text without the characters a feed's XML cannot carry."""
    return _NOT_XML.sub("", text)


def feed_html(html: str, base_url: str) -> str:
    """Safe, standalone HTML for a feed item."""
    html = _HEADERLINK.sub("", xml_text(html))
    return nh3.clean(
        html,
        attributes=_ATTRIBUTES,
        attribute_filter=partial(_absolute, base_url),
        clean_content_tags=_DROPPED_WITH_CONTENT,
        link_rel=None,
    )


def lead(html: str) -> str | None:
    """The HTML before a `<!-- more -->` line, as the taxonomy reads it; None when the post has none."""
    found = _MORE.search(html)
    return html[: found.start()] if found else None


def feed_date(moment: datetime) -> datetime:
    """A date feeds can write: RFC 822 and RFC 3339 offsets are whole minutes, which historical
    timezones (local mean time before 1900 or so) are not; such dates are given in UTC."""
    offset = moment.utcoffset()
    return moment.astimezone(UTC) if offset is not None and offset.seconds % 60 else moment


def _absolute(base_url: str, tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src", "cite"):
        return _resolve(base_url, value)
    if attribute == "srcset":
        return ", ".join(f"{_resolve(base_url, url)}{descriptor}" for url, descriptor in _candidates(value))
    return value


def _resolve(base_url: str, url: str) -> str:
    return quote(urljoin(base_url, url.strip()), safe=_URL_SAFE)


def _candidates(srcset: str) -> list[tuple[str, str]]:
    """A srcset's (URL, descriptor) pairs, by the HTML rules: a URL runs to the next whitespace, so it may
    hold commas (`/w_100,h_50/a.png 1x`); a comma ends a candidate after its descriptor."""
    found = []
    position, end = 0, len(srcset)
    while position < end:
        while position < end and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < end and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = srcset.find(",", position)
            comma = end if comma < 0 else comma
            descriptor = " ".join(srcset[position:comma].split())
            position = comma + 1
        if url:
            found.append((url, f" {descriptor}" if descriptor else ""))
    return found
