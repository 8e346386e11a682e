"""Where a Pelican site published its articles: the settings its `pelicanconf.py` gives (`ARTICLE_URL`,
the slug's source and rules, the folder-as-category rule, `TIMEZONE`), read without running the file,
and an article's URL filled in as Pelican fills it, so that every article's old address, not only those
with their own `URL:`, can be redirected."""

from __future__ import annotations

import ast
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from .incoming import SiteSettings

_SLUG_RULES = ((r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-"))
"""Pelican's default SLUG_REGEX_SUBSTITUTIONS."""
_DEFAULTS: dict[str, Any] = {
    "ARTICLE_URL": "{slug}.html",
    "SLUGIFY_SOURCE": "title",
    "SLUG_REGEX_SUBSTITUTIONS": _SLUG_RULES,
    "USE_FOLDER_AS_CATEGORY": True,
    "DEFAULT_CATEGORY": "misc",
    "PATH": ".",
    "TIMEZONE": None,
}
"""The settings the import reads, with Pelican's defaults."""


@dataclass(frozen=True)
class PelicanSite:
    """The settings of the Pelican site an article comes from."""

    settings: dict[str, Any]
    content: Path
    """The site's content folder (`PATH`): an article's folder under it is its category by default."""
    zone: tzinfo | None = None

    def slug(self, title: str, file: Path) -> str:
        """The slug Pelican gave an article without a `Slug:`: its title's (or file name's)."""
        return self._slugify(file.stem if self.settings["SLUGIFY_SOURCE"] == "basename" else title)

    def _slugify(self, text: str) -> str:
        """Pelican's slugify, by the site's rules: ASCII (accents dropped), lower case, its substitutions."""
        value = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text)).encode("ascii", "ignore").decode()
        for pattern, replacement in self.settings["SLUG_REGEX_SUBSTITUTIONS"]:
            value = re.sub(pattern, replacement, value, flags=re.IGNORECASE)
        return value.lower().strip()

    def folder_category(self, file: Path) -> str | None:
        """The category Pelican gave an article without a `Category:` from its folder (`content/b2b/…`)."""
        folder = file.parent
        if self.settings["USE_FOLDER_AS_CATEGORY"] and folder != self.content and self.content in folder.parents:
            return folder.name
        return None

    def url(self, metadata: dict[str, Any], when: datetime | date) -> str | None:
        """`ARTICLE_URL` filled in with the article's metadata; None when it names a value the import does not
        know. `metadata` holds `slug`, `category` and the header's other keys, in lower case."""
        clock = when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)
        if self.zone is not None and clock.tzinfo is not None:
            clock = clock.astimezone(self.zone)
        values = {**metadata, "date": clock, "lang": metadata.get("lang", "en")}
        values |= {key: self._slugify(str(values[key])) for key in ("category", "author") if key in values}
        try:
            return "/" + str(self.settings["ARTICLE_URL"]).format_map(values).lstrip("/")
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            return None


def _usable(name: str, value: Any) -> bool:
    """Whether a setting's value is of the kind Pelican takes (substitutions: pairs of a valid pattern and text)."""
    if name == "SLUG_REGEX_SUBSTITUTIONS":
        if not isinstance(value, list | tuple):
            return False
        try:  # each rule tried as Pelican uses it: a group the pattern has not is found here, not later
            return all(isinstance(re.sub(pattern, text, "A title"), str) for pattern, text in value)
        except (re.error, TypeError, ValueError, IndexError):
            return False
    if name == "USE_FOLDER_AS_CATEGORY":
        return isinstance(value, bool)
    return isinstance(value, str) or (name == "TIMEZONE" and value is None)


@dataclass
class PelicanSites(SiteSettings):
    """The site of each Pelican article: the nearest folder above it holding a `pelicanconf.py`, read once.
    An article with no such folder above it has no site, so no URL is guessed for it."""

    HINT = "write the setting as a plain value to have the articles' old addresses right"
    _read: dict[Path, PelicanSite] = field(default_factory=dict)

    def of(self, article: Path) -> PelicanSite | None:
        root = next((folder for folder in article.absolute().parents if (folder / "pelicanconf.py").is_file()), None)
        if root is None:
            return None
        if root not in self._read:
            self._read[root] = self._settings(root)
        return self._read[root]

    def _settings(self, root: Path) -> PelicanSite:
        config = root / "pelicanconf.py"
        settings = dict(_DEFAULTS)
        try:
            tree = ast.parse(config.read_text(encoding="utf-8-sig"), str(config))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as error:
            line = getattr(error, "lineno", None)
            self.problem(config, line, "", f"cannot be read ({getattr(error, 'msg', None) or error})")
            return PelicanSite(settings, root / "content")
        for node in tree.body:
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target = node.targets[0]
            if not isinstance(target, ast.Name) or target.id not in _DEFAULTS:
                continue
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                # computed (`ARTICLE_URL = BASE + '{slug}/'`): the file is never run
                why = "is computed, and the import does not run pelicanconf.py"
                self.problem(config, node.lineno, target.id, f"{why}; Pelican's default is assumed")
                continue
            if _usable(target.id, value):
                settings[target.id] = value
            else:
                self.problem(config, node.lineno, target.id, f"`{value!r}` is not a setting Pelican reads here")
        content = Path(os.path.normpath(root.absolute() / str(settings["PATH"])))
        return PelicanSite(settings, content, self.zone(config, "TIMEZONE", settings["TIMEZONE"]))
