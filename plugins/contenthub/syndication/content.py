"""Feed content that stands alone in a reader: safe HTML with absolute links, dates feeds can write.

A post's rendered HTML goes through `sanitize.safe_html` (nh3's allow-list, every URL resolved against
the post's URL). Heading permalinks (¶) are dropped: a reader shows them unstyled, as noise.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ..content.excerpt import MORE
from ..sanitize import safe_html

_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def feed_html(html: str, base_url: str) -> str:
    """Safe, standalone HTML for a feed item."""
    return safe_html(_HEADERLINK.sub("", html), base_url)


def lead(html: str) -> str | None:
    """The HTML before a `<!-- more -->` line, as the taxonomy reads it; None when the post has none."""
    found = MORE.search(html)
    return html[: found.start()] if found else None


def feed_date(moment: datetime) -> datetime:
    """A date feeds can write: RFC 822 and RFC 3339 offsets are whole minutes, which historical
    timezones (local mean time before 1900 or so) are not; such dates are given in UTC."""
    offset = moment.utcoffset()
    return moment.astimezone(UTC) if offset is not None and offset.seconds % 60 else moment
