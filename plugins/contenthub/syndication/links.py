"""Make feed content stand alone: every link absolute, and no heading permalinks (¶) in readers."""

from __future__ import annotations

import re
from urllib.parse import urljoin

_URL_ATTRIBUTE = re.compile(r'(?P<name>\b(?:href|src|poster|cite)=)(?P<quote>["\'])(?P<url>.*?)(?P=quote)', re.S)
_SRCSET = re.compile(r'(?P<name>\bsrcset=)(?P<quote>["\'])(?P<urls>.*?)(?P=quote)', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def absolute_html(html: str, base_url: str) -> str:
    """The same HTML with every href, src, poster, cite and srcset URL resolved against `base_url`."""
    html = _HEADERLINK.sub("", html)

    def resolve(match: re.Match[str]) -> str:
        url = urljoin(base_url, match.group("url").strip())
        return f"{match.group('name')}{match.group('quote')}{url}{match.group('quote')}"

    def resolve_set(match: re.Match[str]) -> str:
        candidates = []
        for candidate in match.group("urls").split(","):
            parts = candidate.strip().split(maxsplit=1)
            if parts:
                parts[0] = urljoin(base_url, parts[0])
                candidates.append(" ".join(parts))
        return f"{match.group('name')}{match.group('quote')}{', '.join(candidates)}{match.group('quote')}"

    return _SRCSET.sub(resolve_set, _URL_ATTRIBUTE.sub(resolve, html))
