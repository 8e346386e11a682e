"""How fetching each source has been going, which changes at every refresh: one `_health.json` in the cache
folder, apart from the sources' files, so that those change only when their entries do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from ..model import Diagnostic
from .atomic import write_atomically
from .cache_file import CACHE_VERSION, aware, dates_out, kind


@dataclass
class Health:
    """How fetching a source has been going."""

    last_success: datetime | None = None
    last_attempt: datetime | None = None
    errors: int = 0
    """Failures in a row; at `SKIP_AFTER` the source is skipped until a forced refresh."""
    last_error: str = ""
    gone: bool = False
    """The server said 410: the feed will not come back."""
    moved_to: str = ""
    """A permanent redirect's target: the URL to put in the subscriptions."""


SKIP_AFTER = 5

HEALTH_FILE = "_health.json"
"""In the cache folder; source ids are slugs, so none is called this."""


def load_health(directory: Path) -> tuple[dict[str, Health], Diagnostic | None]:
    """Every source's health by id; a file that cannot be read gives a diagnostic and a fresh start."""
    path = directory / HEALTH_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # a BOM, as some editors save, is dropped
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            found = data.get("version") if isinstance(data, dict) else None
            raise ValueError(f"it has version {found!r}; this contenthub reads {CACHE_VERSION}")
        sources = data.get("sources")
        if not isinstance(sources, dict):
            raise ValueError("`sources` is not an object")
        return {key: _health(key, raw) for key, raw in sources.items()}, None
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        return {}, Diagnostic(
            str(path), None, "", f"the health record cannot be read ({error}); every source starts afresh",
            hint="nothing is lost but error counts: the next refresh writes a new one",
        )  # fmt: skip


def save_health(directory: Path, health: dict[str, Health]) -> None:
    sources = {key: dates_out(vars(health[key]), _HEALTH_DATES) for key in sorted(health)}
    write_atomically(directory / HEALTH_FILE, json.dumps({"version": CACHE_VERSION, "sources": sources}, indent=1))


_HEALTH_DATES = ("last_success", "last_attempt")
_HEALTH_FIELDS = {known.name for known in fields(Health)}


def _health(key: str, raw: Any) -> Health:
    """One source's record, its types checked: a wrong one would stop a refresh half way otherwise."""
    if not isinstance(raw, dict):
        raise ValueError(f"`{key}` is {kind(raw)}, not an object")
    for name in raw:
        if name not in _HEALTH_FIELDS:
            raise ValueError(f"`{key}` has an unknown field `{name}`")

    def wrong(name: str, wanted: str) -> ValueError:
        return ValueError(f"`{key}`: `{name}` is {kind(raw[name])}, not {wanted}")

    def moment(name: str) -> datetime | None:
        value = raw.get(name)
        found = aware(value) if isinstance(value, str) else None
        if value is not None and found is None:
            raise wrong(name, "an ISO date with a timezone, or null")
        return found

    def text(name: str) -> str:
        value = raw.get(name, "")
        if not isinstance(value, str):
            raise wrong(name, "a string")
        return value

    errors = raw.get("errors", 0)
    if not isinstance(errors, int) or isinstance(errors, bool) or errors < 0:
        raise wrong("errors", "a count (0 or more)")
    gone = raw.get("gone", False)
    if not isinstance(gone, bool):
        raise wrong("gone", "true or false")
    return Health(
        last_success=moment("last_success"),
        last_attempt=moment("last_attempt"),
        errors=errors,
        last_error=text("last_error"),
        gone=gone,
        moved_to=text("moved_to"),
    )
