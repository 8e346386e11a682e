"""Where a Pelican site published its articles: the settings its `pelicanconf.py` gives (`ARTICLE_URL`,
the slug's source and rules, the folder-as-category rule, file-name metadata, `AUTHOR`, `DEFAULT_LANG`,
`TIMEZONE`), read without running the file, and an article's URL filled in as Pelican fills it, so that
every article's old address, not only those with their own `URL:`, can be redirected."""

from __future__ import annotations

import ast
import html
import os
import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from .incoming import ImportFile, SiteSettings

_SLUG_RULES = ((r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-"))
"""Pelican's default SLUG_REGEX_SUBSTITUTIONS."""
_DEFAULTS: dict[str, Any] = {
    "ARTICLE_URL": "{slug}.html",
    "ARTICLE_LANG_URL": "{slug}-{lang}.html",
    "SLUGIFY_SOURCE": "title",
    "SLUGIFY_PRESERVE_CASE": False,
    "SLUGIFY_USE_UNICODE": False,
    "SLUG_REGEX_SUBSTITUTIONS": _SLUG_RULES,
    "CATEGORY_REGEX_SUBSTITUTIONS": None,
    "AUTHOR_REGEX_SUBSTITUTIONS": None,
    "USE_FOLDER_AS_CATEGORY": True,
    "DEFAULT_CATEGORY": "misc",
    "FILENAME_METADATA": r"(?P<date>\d{4}-\d{2}-\d{2}).*",
    "PATH_METADATA": "",
    "AUTHOR": "",
    "DEFAULT_LANG": "en",
    "PATH": None,
    "TIMEZONE": None,
}
"""The settings the import reads, with Pelican's defaults (the substitutions for categories and authors
are the slug's unless set)."""
_BOOLEANS = ("SLUGIFY_PRESERVE_CASE", "SLUGIFY_USE_UNICODE", "USE_FOLDER_AS_CATEGORY")
_RULES = ("SLUG_REGEX_SUBSTITUTIONS", "CATEGORY_REGEX_SUBSTITUTIONS", "AUTHOR_REGEX_SUBSTITUTIONS")
_PATTERNS = ("FILENAME_METADATA", "PATH_METADATA")


@dataclass(frozen=True)
class PelicanSite:
    """The settings of the Pelican site an article comes from."""

    settings: dict[str, Any]
    content: Path
    """The site's content folder (`PATH`, else the folder given): paths and folder categories are from it."""
    zone: tzinfo | None = None
    """The site's `TIMEZONE`, in which Pelican read dates written without an offset."""

    def path_metadata(self, file: Path) -> dict[str, str]:
        """What `FILENAME_METADATA` reads in the file's name and `PATH_METADATA` in its path (`slug`…)."""
        found: dict[str, str] = {}
        relative = file.relative_to(self.content).as_posix() if self.content in file.parents else file.name
        for key, subject in (("PATH_METADATA", relative), ("FILENAME_METADATA", file.stem)):
            if self.settings[key] and (match := re.match(self.settings[key], subject)):
                found |= {name: value for name, value in match.groupdict().items() if value}
        return found

    def slug(self, title: str, file: Path) -> str:
        """The slug Pelican gave an article without a `Slug:`: its title's (or file name's); empty when
        Pelican would have spelled letters this import cannot (it transliterates `ß`, `Привет`, `中文`)."""
        source = file.stem if self.settings["SLUGIFY_SOURCE"] == "basename" else title
        return self.slugify(source, "SLUG_REGEX_SUBSTITUTIONS")

    def slugify(self, text: str, rules: str) -> str:
        """Pelican's slugify, by the site's rules for slugs, categories or authors: markup and entities out,
        dashes (`—`) as hyphens, as Pelican's transliteration spells them."""
        value = unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]*>", "", text)))
        value = "".join("-" if unicodedata.category(c) == "Pd" else c for c in value)
        if not self.settings["SLUGIFY_USE_UNICODE"]:
            folded = unicodedata.normalize("NFKD", value)
            ascii_text = folded.encode("ascii", "ignore").decode()
            lost = [c for c in folded if not c.isascii() and unicodedata.category(c)[0] in "LNS"]
            if lost:
                return ""  # Pelican's unidecode spelled them (`ß` ss, `×` x, `€` EUR): a guess would lead nowhere
            value = ascii_text
        for pattern, replacement in self.settings[rules] or self.settings["SLUG_REGEX_SUBSTITUTIONS"]:
            value = re.sub(pattern, replacement, value, flags=re.IGNORECASE)
        return value.strip() if self.settings["SLUGIFY_PRESERVE_CASE"] else value.lower().strip()

    def folder_category(self, file: Path) -> str | None:
        """The category Pelican gave an article without a `Category:` from its folder (`content/b2b/…`)."""
        folder = file.parent
        if self.settings["USE_FOLDER_AS_CATEGORY"] and folder != self.content and self.content in folder.parents:
            return folder.name
        return None

    def url(self, metadata: dict[str, Any], when: datetime | date) -> str | None:
        """`ARTICLE_URL` filled in with the article's metadata; None when it names a value the import does not
        know. `metadata` holds `slug`, `category`, `author` and the header's other keys, in lower case; the
        date is as written (Pelican's TIMEZONE applies only to dates without an offset, when they are read)."""
        clock = when if isinstance(when, datetime) else datetime(when.year, when.month, when.day)
        lang = metadata.get("lang") or self.settings["DEFAULT_LANG"]
        values: dict[str, Any] = {**metadata, "date": clock, "lang": lang}
        for key, rules in (("category", "CATEGORY_REGEX_SUBSTITUTIONS"), ("author", "AUTHOR_REGEX_SUBSTITUTIONS")):
            written = str(values.get(key) or (self.settings["AUTHOR"] if key == "author" else ""))
            slug = self.slugify(written, rules)
            values[key] = slug if slug or not written.strip() else _Unknown()  # letters Pelican spelled
        # An article in another language than the site's: Pelican's URL for translations
        template = str(self.settings["ARTICLE_LANG_URL" if lang != self.settings["DEFAULT_LANG"] else "ARTICLE_URL"])
        try:
            if any(re.search(r"\d{4,}", spec or "") for _, _, spec, _ in string.Formatter().parse(template)):
                return None  # a width of thousands (`{slug:>99999999}`) is no address, and would fill the memory
            return "/" + template.format_map(values).lstrip("/")
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            return None


class _Unknown:
    """A value of the URL the import cannot spell as Pelican did: naming it in the template gives no URL."""

    def __format__(self, spec: str) -> str:
        raise ValueError("unknown")


def _usable(name: str, value: Any) -> bool:
    """Whether a setting's value is of the kind Pelican takes (substitutions: pairs of a valid pattern and
    text, each tried as Pelican uses it, so that a group the pattern has not is found here)."""
    try:
        if name in _RULES:
            return (value is None and name != _RULES[0]) or (
                isinstance(value, list | tuple) and all(isinstance(re.sub(p, t, "A title"), str) for p, t in value)
            )
        if name in _PATTERNS:
            return isinstance(value, str) and re.compile(value) is not None
    except (re.error, TypeError, ValueError, IndexError):
        return False
    if name in _BOOLEANS:
        return isinstance(value, bool)
    return isinstance(value, str) or (name in ("TIMEZONE", "PATH") and value is None)


@dataclass
class PelicanSites(SiteSettings):
    """The site of each Pelican article: the nearest folder above it holding a `pelicanconf.py`, read once.
    An article with no such folder above it has no site, so no URL is guessed for it."""

    HINT = "write the setting as a plain value to have the articles' old addresses right"
    _read: dict[Path, tuple[dict[str, Any], tzinfo | None]] = field(default_factory=dict)

    def of(self, file: ImportFile) -> PelicanSite | None:
        path = Path(os.path.normpath(file.path.absolute()))  # problems name `blog/pelicanconf.py`, not `x/../…`
        root = next((folder for folder in path.parents if (folder / "pelicanconf.py").is_file()), None)
        if root is None:
            return None
        if root not in self._read:
            settings = self._settings(root / "pelicanconf.py")
            self._read[root] = settings, self.zone(root / "pelicanconf.py", "TIMEZONE", settings["TIMEZONE"])
        settings, zone = self._read[root]
        # `pelican content`: without PATH, the content folder is the folder given
        content = Path(os.path.normpath(root / settings["PATH"])) if settings["PATH"] else file.source_folder
        return PelicanSite(settings, content, zone)

    def _settings(self, config: Path) -> dict[str, Any]:
        settings = dict(_DEFAULTS)
        try:
            tree = ast.parse(config.read_text(encoding="utf-8-sig"), str(config))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError) as error:
            line = getattr(error, "lineno", None)
            self.problem(config, line, "", f"cannot be read ({getattr(error, 'msg', None) or error})")
            return settings
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, written = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:  # `ARTICLE_URL: str = "…"`
                target, written = node.target, node.value
            else:
                continue
            if not isinstance(target, ast.Name) or target.id not in _DEFAULTS:
                continue
            try:
                value = ast.literal_eval(written)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                # computed (`ARTICLE_URL = BASE + '{slug}/'`): the file is never run
                why = "is computed, and the import does not run pelicanconf.py"
                self.problem(config, node.lineno, target.id, f"{why}; Pelican's default is assumed")
                continue
            if _usable(target.id, value):
                settings[target.id] = value
            else:
                self.problem(config, node.lineno, target.id, f"`{value!r}` is not a setting Pelican reads here")
        return settings
