"""Safe, standalone HTML: nh3 (ammonia's allow-list) with every URL resolved against a base.

Used both ways: for the hub's own posts going out in feeds, and for outside entries coming in.
No scripts, styles, frames, forms, event handlers or `javascript:` URLs survive; `data:` URLs only as
images, when asked for. Text and code that merely look like HTML are left alone (it is a real parser).
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import nh3

# Characters XML 1.0 cannot hold, plus DEL and the C1 controls, which validators flag as bad characters.
# Listed as they are rather than as the complement of what XML allows, which takes ten times as long to
# compile, at every build.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"
# Parameters that only track who clicked where: utm_*, and the click ids of the big ad networks.
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|"
    r"oly_anon_id|oly_enc_id|vero_id|wt_mc|ref_src)$",
    re.I,
)

_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
_ATTRIBUTES["img"] = _ATTRIBUTES["img"] | {"srcset", "sizes"}
_ATTRIBUTES["*"] = {"id", "title", "lang", "dir"}
_DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript"}


def xml_text(text: str) -> str:
    """The text without the characters XML (and so a feed) cannot carry."""
    return _NOT_XML.sub("", text)


def safe_html(html: str, base_url: str, *, untrack: bool = False, data_images: bool = False) -> str:
    """The HTML, cleaned, with every href, src, cite and srcset URL absolute (and untracked if asked)."""
    schemes = set(nh3.ALLOWED_URL_SCHEMES) | ({"data"} if data_images else set())

    # nh3 asks about every attribute it keeps; most are not URLs, so that answer must cost nothing.
    def url_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in _URL_ATTRIBUTES:
            return value
        if attribute == "srcset":
            resolved = (
                (absolute_url(base_url, url, untrack=untrack), descriptor)
                for url, descriptor in srcset_candidates(value)
            )
            return ", ".join(f"{url}{descriptor}" for url, descriptor in resolved if url) or None
        if value.lstrip()[:5].lower() == "data:":
            return value if data_images and tag == "img" and attribute == "src" else None
        return absolute_url(base_url, value, untrack=untrack) or None

    return nh3.clean(
        xml_text(html),
        attributes=_ATTRIBUTES,
        attribute_filter=url_attribute,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        url_schemes=schemes,
        link_rel=None,
    )


_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "srcset"})


@lru_cache(maxsize=4096)  # a page repeats its links (chips, the same site): each is resolved once
def absolute_url(base_url: str, url: str, *, untrack: bool = False) -> str:
    """`url` resolved against `base_url`, with spaces and other unsafe characters percent-encoded; "" when it
    is no URL at all (`//[::1/x`)."""
    url = url.strip()
    try:
        # An absolute http(s) URL resolves to itself: it needs parsing only to know it is one.
        absolute = url.startswith(("https://", "http://")) and bool(urlsplit(url).netloc)
        resolved = quote(url if absolute else urljoin(base_url, url), safe=_URL_SAFE)
        return strip_tracking(resolved) if untrack else resolved
    except ValueError:
        return ""


def strip_tracking(url: str) -> str:
    """The URL without utm_* and other click-tracking query parameters. The other parameters stay exactly
    as written: decoding and re-encoding them would change what `%26`, `+` or a bare `flag` mean. Only
    `&` separates parameters (as the URL standard has it): splitting at `;` too would cut `q=sale;x` in
    two, and change the kept values for servers that read `;` as part of them."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    kept = [pair for pair in parts.query.split("&") if not _TRACKING.match(unquote(pair.partition("=")[0]))]
    return urlunsplit(parts._replace(query="&".join(kept)))


def plain_text(html: str) -> str:
    """The words of an HTML fragment on one line, entities decoded."""
    from html import unescape

    return " ".join(unescape(nh3.clean(xml_text(html), tags=set())).split())


def srcset_candidates(srcset: str) -> list[tuple[str, str]]:
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
        if url and not url.lower().startswith("data:"):
            found.append((url, f" {descriptor}" if descriptor else ""))
    return found
