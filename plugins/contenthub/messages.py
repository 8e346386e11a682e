"""Every string a reader or an author sees, in the site's language: one catalog per language, with plural
forms by the language's own rules and dates in its own form (Babel's CLDR data, as the browser has it).

The catalogs are `locales/<language>.yml`: a flat mapping of keys to text, or, for a text that counts
something, to its plural forms by CLDR category (`one`, `few`, `many`, `other`...). `{name}` marks a
value put in; `{count}` is the number counted, written as the language writes numbers. A key a catalog
lacks falls back to English. A site may override any key in mkdocs.yml (`strings:`).
"""

from __future__ import annotations

import datetime
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import DateTimePattern, format_interval, format_skeleton, parse_pattern
from babel.lists import format_list
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from .model import Diagnostic
from .options import Locate, Problems, did_you_mean
from .yamlpos import PathStep

LOCALES = Path(__file__).parent / "locales"
DEFAULT = "en"
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories; every language uses `other` and some of the rest."""

Text = str | dict[str, str]
"""A message: its text, or its plural forms by category."""


@cache
def catalog(language: str) -> dict[str, Text]:
    """The messages of a shipped catalog, by key."""
    with open(LOCALES / f"{language}.yml", encoding="utf-8") as stream:
        # libyaml's loader where PyYAML has it: the pure-Python one took 15 ms a build for two catalogs.
        loaded: dict[str, Text] = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return loaded


def shipped() -> list[str]:
    """The languages a catalog ships for."""
    return sorted(path.stem for path in LOCALES.glob("*.yml"))


def placeholders(text: str) -> set[str]:
    """The values a text puts in, by name (`{count}`; `{name.upper}` puts in `name`)."""
    return {re.split(r"[.\[]", name, maxsplit=1)[0] for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Messages:
    """The messages of one language, with that language's plural rules, numbers and dates."""

    language: str
    """The site's language tag, as the theme has it (`de`, `pt-BR`)."""
    locale: Locale
    texts: Mapping[str, Text]

    def text(self, key: str, /, **values: Any) -> str:
        """The message, plain text, with the values put in."""
        return self._pick(key, None).format_map(values)

    def count(self, key: str, number: int, /, **values: Any) -> str:
        """The message for `number` of something, in the plural form the language uses for it."""
        return self._pick(key, number).format_map({"count": self.number(number), **values})

    def html(self, key: str, /, **values: Any) -> Markup:
        """The message as HTML: its text escaped, and each value too unless it is HTML already."""
        return Markup(escape(self._pick(key, None))).format(**values)

    def count_html(self, key: str, number: int, /, **values: Any) -> Markup:
        return Markup(escape(self._pick(key, number))).format(count=self.number(number), **values)

    def for_script(self, keys: Sequence[str]) -> dict[str, Any]:
        """What a page's script needs to speak the site's language: the language tag, for the browser's
        Intl (plural rules, numbers, lists), and each message, plural forms and all."""
        return {"lang": self.language, "texts": {key: self.texts[key] for key in keys}}

    def number(self, number: float) -> str:
        return format_decimal(number, locale=self.locale)

    def listed(self, items: Sequence[str]) -> str:
        """Items as the language lists them: `a, b, and c`, `a, b und c`, `a、b、c`."""
        return format_list(list(items), locale=self.locale)

    def date(self, day: datetime.date) -> str:
        """A day as the language writes it in full: `June 16, 2026`, `16. Juni 2026`, `2026年6月16日`."""
        # What `format_date(day, "long")` does, without finding and parsing the pattern for every day
        # (5 µs a day instead of 26: a hub dates every post).
        return self._long_date.apply(day, self.locale)

    @cached_property
    def _long_date(self) -> DateTimePattern:
        return parse_pattern(self.locale.date_formats["long"])

    def month(self, day: datetime.date) -> str:
        """A month and its year: `November 2026`."""
        return format_skeleton("yMMMM", day, locale=self.locale)

    def days(self, first: datetime.date, last: datetime.date) -> str:
        """A span of days, without the year: `November 16 – 22`, `16.–22. November`, `11月16日～22日`."""
        return format_interval(first, last, "MMMMd", locale=self.locale)

    def _pick(self, key: str, number: int | None) -> str:
        found = self.texts[key]
        if isinstance(found, str):
            return found
        category = self.locale.plural_form(abs(number)) if number is not None else "other"
        return found.get(category) or found["other"]


def load_messages(
    language: str | None,
    overrides: Any = None,
    *,
    file: str = "mkdocs.yml",
    language_at: Sequence[PathStep] = ("language",),
    strings_at: Sequence[PathStep] = ("strings",),
    locate: Locate | None = None,
) -> tuple[Messages, list[Diagnostic]]:
    """The messages for a site in `language` (a tag such as `de` or `pt-BR`; English when None), with
    its own overrides (`strings:`), checked; `language_at` and `strings_at` say where each is written in
    `file`."""
    problems = Problems(file, language_at, locate)
    strings = Problems(file, strings_at, locate, found=problems.found)

    tag = str(language or DEFAULT).strip()
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        problems.warning(
            (),
            f"`{tag}` is not a language Babel knows; dates and plurals follow English",
            "write a language tag such as `de`, `fr`, `pt-BR` or `zh`",
        )
        locale, tag = Locale.parse(DEFAULT), DEFAULT
    english = catalog(DEFAULT)
    texts: dict[str, Text] = dict(english)
    own = _catalog_for(locale)
    if own is None:
        problems.warning(
            (),
            f"contenthub has no translation for `{tag}` yet; its pages are in English",
            f"override any text with `strings:`; translations ship for {', '.join(shipped())}",
        )
    else:
        texts.update(catalog(own))
    texts.update(_checked_overrides(overrides, english, locale, strings))
    return Messages(tag, locale, texts), problems.found


def _catalog_for(locale: Locale) -> str | None:
    """The shipped catalog for a locale: its own (`pt_BR`), else its language's (`pt`)."""
    languages = shipped()
    for candidate in (str(locale), locale.language):
        if candidate in languages:
            return candidate
    return None


def _checked_overrides(
    overrides: Any, english: Mapping[str, Text], locale: Locale, problems: Problems
) -> dict[str, Text]:
    if overrides is None:
        return {}
    if not isinstance(overrides, dict):
        problems.warning((), "must map message keys to texts", "write `strings: {related: See also}`")
        return {}
    kept: dict[str, Text] = {}
    for key, given in overrides.items():
        key = str(key)
        if key not in english:
            hint = did_you_mean(key, list(english)) or "the README lists every key"
            problems.warning(key, f"there is no message `{key}`; it is ignored", hint)
            continue
        wanted = english[key]
        allowed = placeholders(wanted if isinstance(wanted, str) else wanted["other"]) | (
            {"count"} if isinstance(wanted, dict) else set()
        )
        forms = given if isinstance(given, dict) else {"other": given}
        if not all(isinstance(text, str) for text in forms.values()) or (
            isinstance(given, dict) and (not isinstance(wanted, dict) or "other" not in given)
        ):
            shape = "one text" if isinstance(wanted, str) else "one text, or plural forms such as `one` and `other`"
            problems.warning(key, f"`{key}` takes {shape}; it is ignored", f"for example `{key}: {_example(wanted)}`")
            continue
        forms = {str(form): text for form, text in forms.items()}
        broken = _unwritable(forms.values(), allowed)
        if broken:
            problems.warning(key, f"`{key}` cannot be written ({broken}); it is ignored",
                             "put values as `{name}`, and write a brace itself as `{{` or `}}`")  # fmt: skip
            continue
        unknown_forms = sorted(set(forms) - set(CATEGORIES))
        unknown = sorted(set().union(*(placeholders(text) for text in forms.values())) - allowed)
        if unknown_forms or unknown:
            bad = ", ".join(f"`{name}`" for name in unknown_forms) or ", ".join(f"`{{{name}}}`" for name in unknown)
            can = ", ".join(f"`{{{name}}}`" for name in sorted(allowed)) or "no values"
            hint = f"plural forms are {', '.join(CATEGORIES)}" if unknown_forms else f"it can use {can}"
            problems.warning(key, f"{bad} cannot be used in `{key}`; it is ignored", hint)
            continue
        missing = sorted(set(locale.plural_form.tags) - set(forms)) if isinstance(given, dict) else []
        if missing:
            problems.warning(
                key,
                f"`{key}` has no form for {', '.join(missing)}, which {locale.english_name} uses; `other` stands in",
                "add the missing forms",
            )
        kept[key] = given if isinstance(given, dict) else (given if isinstance(wanted, str) else {"other": given})
    return kept


def _unwritable(texts: Iterable[str], allowed: set[str]) -> str:
    """Why a text cannot be filled in as the hub fills messages (a stray brace, `{}`, a format spec), or "".
    Tried with every value it may use, as plain text and as HTML."""
    values = {name: "1" for name in allowed}
    for text in texts:
        try:
            names = placeholders(text)
            values.update({name: "1" for name in names - allowed})  # unknown names are reported apart
            text.format_map(values)
            Markup(escape(text)).format(**values)
        except (ValueError, IndexError, KeyError, TypeError, AttributeError) as error:
            return str(error) or type(error).__name__
    return ""


def _example(wanted: Text) -> str:
    return wanted if isinstance(wanted, str) else str({k: v for k, v in wanted.items() if k in ("one", "other")})
