"""The hub's settings, checked: the taxonomy, the timezone and the coverage facets."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .content.posts import PostOptions
from .messages import Messages, load_messages
from .model import Diagnostic, Severity
from .taxonomy import Locate, Taxonomy, load_taxonomy
from .yamlpos import PathStep

DEFAULTS: dict[str, Any] = {
    "posts_dir": "posts",
    "timezone": "UTC",
    "related_count": 5,
    "per_page": 20,
    "excerpt_length": 300,
    "facets_page": "facets",
    "knowledge_base_page": "knowledge-base",
}
"""Option defaults, shared with the plugin's typed config."""

MAX_FACETS = 31
"""The knowledge base's script keeps one bit per facet in a 32-bit integer."""

RESERVED_FACET_IDS = {
    "search": "the knowledge base's text query (and the search plugin's folder)",
    "sort": "the knowledge base's sort order",
    "q": "the query Material's search opens its overlay for",
    "assets": "the theme's folder of scripts and styles",
}
"""Facet ids are URL folders and query keys, so these are taken."""

PAGE_OPTIONS = ("posts_dir", "facets_page", "knowledge_base_page")
FOLDER_OPTIONS = ("posts_dir", "roundups_dir")
"""The folders whose every page is a post (roundups are posts too)."""
_PAGE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*$")


@dataclass(frozen=True)
class HubSettings:
    posts_dir: str
    facets_page: str
    knowledge_base_page: str
    taxonomy: Taxonomy
    post_options: PostOptions
    coverage: tuple[str, str] | None
    related_count: int
    per_page: int
    """Posts on each page of a listing (a value's page, the roundups index); 0 puts them all on one."""
    messages: Messages
    """Every text a reader sees, in the site's language."""

    @property
    def paths(self) -> dict[str, str]:
        """The folders and pages the hub claims, by option name."""
        return {key: getattr(self, key) for key in PAGE_OPTIONS}


def load_settings(
    options: Mapping[str, Any],
    *,
    file: str = "mkdocs.yml",
    base: Sequence[PathStep] = (),
    locate: Locate | None = None,
    theme_language: str | None = None,
) -> tuple[HubSettings, list[Diagnostic]]:
    """Check the taxonomy plugin's options; `base` is where they sit in `file`. The pages speak the
    plugin's `language`, else the theme's."""
    where = locate or (lambda _path: None)

    def problem(key: PathStep | tuple[PathStep, ...], message: str, hint: str, severity: Severity) -> Diagnostic:
        path = (*base, *(key if isinstance(key, tuple) else (key,)))
        return Diagnostic(file, where(path), ".".join(map(str, path)), message, hint, severity)

    def option(key: str) -> Any:
        found = options.get(key)
        return DEFAULTS[key] if found is None else found

    taxonomy, diagnostics = load_taxonomy(options.get("facets"), file=file, base=(*base, "facets"), locate=locate)

    zone_name = str(option("timezone"))
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        hint = "use an IANA name such as `UTC`, `Europe/London` or `America/New_York`"
        diagnostics.append(problem("timezone", f"unknown timezone `{zone_name}`", hint, Severity.ERROR))
        zone = ZoneInfo("UTC")

    coverage = _coverage(options.get("coverage"), taxonomy)
    if isinstance(coverage, str):
        diagnostics.append(problem("coverage", coverage, _coverage_hint(taxonomy), Severity.WARNING))
        coverage = None

    # A bad path is an error, and the default stands in for it so the rest can still be checked.
    facet_ids = {facet.id for facet in taxonomy.facets}
    paths: dict[str, str] = {}
    for key in PAGE_OPTIONS:
        path = str(option(key)).strip("/")
        clash = path_problem(key, path, DEFAULTS[key], facet_ids, paths)
        if clash:
            diagnostics.append(problem(key, *clash, Severity.ERROR))
            path = DEFAULTS[key]
        paths[key] = path

    for facet in taxonomy.facets:
        if facet.id in RESERVED_FACET_IDS:
            message = f"facet id `{facet.id}` is taken by {RESERVED_FACET_IDS[facet.id]}"
            diagnostics.append(problem(("facets", facet.id), message, "rename the facet", Severity.ERROR))

    if len(taxonomy.facets) > MAX_FACETS:
        message = f"{len(taxonomy.facets)} facets declared; the knowledge base handles at most {MAX_FACETS}"
        hint = "merge facets, or use values within fewer facets"
        diagnostics.append(problem("facets", message, hint, Severity.ERROR))

    for key in ("related_count", "excerpt_length", "per_page"):
        if int(option(key)) < 0:
            diagnostics.append(problem(key, "must not be negative", "use 0 or more", Severity.ERROR))

    own_language = options.get("language")
    messages, found = load_messages(
        own_language if own_language is not None else theme_language,
        options.get("strings"),
        file=file,
        language_at=(*base, "language") if own_language is not None else ("theme", "language"),
        strings_at=(*base, "strings"),
        locate=locate,
    )
    diagnostics.extend(found)

    settings = HubSettings(
        taxonomy=taxonomy,
        posts_dir=paths["posts_dir"],
        facets_page=paths["facets_page"],
        knowledge_base_page=paths["knowledge_base_page"],
        post_options=PostOptions(zone, zone_name, max(0, int(option("excerpt_length")))),
        coverage=coverage,
        related_count=max(0, int(option("related_count"))),
        per_page=max(0, int(option("per_page"))),
        messages=messages,
    )
    return settings, diagnostics


def path_problem(
    key: str, path: str, example: str, facet_ids: Collection[str], taken: Mapping[str, str]
) -> tuple[str, str] | None:
    """What is wrong with the folder or page path option `key`, as (message, hint), or None.

    `taken` maps the options already read to their paths. The same path twice is a clash, and so is a
    path inside or around one of the `FOLDER_OPTIONS`, whose every page the hub reads as a post.
    """
    if not _PAGE_PATH.match(path):
        return f"`{path}` is not a usable folder path", f"use letters, digits, `-`, `_` and `/`, like `{example}`"
    if path.split("/")[0] in facet_ids:
        message = f"`{path}` is inside the `{path.split('/')[0]}/` folder, where that facet's value pages go"
        return message, "choose another path, or rename the facet"
    for other, used in taken.items():
        if used == path:
            return f"`{path}` is also `{other}`", "give each its own path"
        if other in FOLDER_OPTIONS and _claims(other, used, key, path):
            return f"`{path}` is inside `{other}` (`{used}`), whose pages are all posts", "put them side by side"
        if key in FOLDER_OPTIONS and _claims(key, path, other, used):
            return f"`{other}` (`{used}`) is inside `{path}`, whose pages would all be posts", "put them side by side"
    return None


def _claims(option: str, folder: str, other: str, path: str) -> bool:
    """Whether the folder option `option`, at `folder`, makes posts of the option `other` at `path`. The
    posts folder's own index page is no post, so a hub page may be `posts/index` (but no folder: that
    would hold posts; and the roundups folder's index is the page that lists them)."""
    index_page = option == "posts_dir" and other not in FOLDER_OPTIONS and path == f"{folder}/index"
    return path.startswith(f"{folder}/") and not index_page


def _coverage(raw: Any, taxonomy: Taxonomy) -> tuple[str, str] | str | None:
    """The two coverage facets, None for no matrix, or a message saying what is wrong.

    Left unset, the matrix crosses the first two facets; an empty list turns it off.
    """
    if raw is None:
        ids = [facet.id for facet in taxonomy.facets]
        return (ids[0], ids[1]) if len(ids) >= 2 else None
    if raw == []:
        return None
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        return "needs exactly two facet ids (rows, then columns); the coverage matrix is left out"
    for facet_id in raw:
        if not taxonomy.has_facet(facet_id):
            known = [facet.id for facet in taxonomy.facets]
            close = difflib.get_close_matches(str(facet_id), known, n=1)
            guess = f" (did you mean `{close[0]}`?)" if close else ""
            return f"`{facet_id}` is not a declared facet{guess}; the coverage matrix is left out"
    if raw[0] == raw[1]:
        return "needs two different facets; the coverage matrix is left out"
    return (raw[0], raw[1])


def _coverage_hint(taxonomy: Taxonomy) -> str:
    ids = [facet.id for facet in taxonomy.facets]
    example = f"`coverage: [{ids[0]}, {ids[1]}]`" if len(ids) > 1 else "two facets"
    return f"write {example}; declared facets: {', '.join(ids) or 'none'}"
