"""Post dates: always timezone-aware, naive ones taking the site's timezone."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from typing import Any


def parse_date(raw: Any, timezone: tzinfo) -> datetime | None:
    """A YAML date, datetime or ISO 8601 string as an aware datetime; None when it is none of these."""
    if isinstance(raw, datetime):
        found = raw
    elif isinstance(raw, date):
        found = datetime.combine(raw, time())
    elif isinstance(raw, str):
        try:
            found = datetime.fromisoformat(raw.strip())
        except ValueError:
            return None
    else:
        return None
    return found if found.tzinfo else found.replace(tzinfo=timezone)
