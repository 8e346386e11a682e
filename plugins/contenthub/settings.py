"""The hub's settings, checked: the taxonomy, the timezone and the coverage facets."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .content.posts import PostOptions
from .messages import Messages, load_messages
from .model import Diagnostic
from .options import Count, Locate, Option, Problems, Text, did_you_mean
from .taxonomy import Taxonomy, read_taxonomy
from .yamlpos import PathStep

OPTIONS: dict[str, Option[Any]] = {
    "posts_dir": Text("posts"),
    "timezone": Text("UTC"),
    "related_count": Count(5),
    "excerpt_length": Count(300),
    "per_page": Count(20),
    "facets_page": Text("facets"),
    "knowledge_base_page": Text("knowledge-base"),
    "tag_facet": Text(""),
    "category_facet": Text(""),
}
"""The options checked here, besides the facets, the coverage, the language and the strings. A count of 0
shows no related posts, makes no excerpt, puts a listing on one page."""
DEFAULTS: dict[str, Any] = {key: spec.default for key, spec in OPTIONS.items()}
"""Option defaults, shared with the plugin's typed config."""
COUNTS = ("related_count", "excerpt_length", "per_page")

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
    problems = Problems(file, base, locate)

    def option(key: str) -> Any:
        return problems.read(options, key, OPTIONS[key])

    taxonomy = read_taxonomy(options.get("facets"), problems.under("facets"))

    zone_name = option("timezone")
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        hint = "use an IANA name such as `UTC`, `Europe/London` or `America/New_York`"
        problems.error("timezone", f"unknown timezone `{zone_name}`", hint)
        zone = ZoneInfo("UTC")

    coverage = _coverage(options.get("coverage"), taxonomy)
    if isinstance(coverage, str):
        problems.warning("coverage", coverage, _coverage_hint(taxonomy))
        coverage = None

    # A bad path is an error, and the default stands in for it so the rest can still be checked.
    facet_ids = {facet.id for facet in taxonomy.facets}
    paths: dict[str, str] = {}
    for key in PAGE_OPTIONS:
        path = option(key).strip("/")
        clash = path_problem(key, path, DEFAULTS[key], facet_ids, paths)
        if clash:
            problems.error(key, *clash)
            path = DEFAULTS[key]
        paths[key] = path

    for facet in taxonomy.facets:
        if facet.id in RESERVED_FACET_IDS:
            message = f"facet id `{facet.id}` is taken by {RESERVED_FACET_IDS[facet.id]}"
            problems.error(("facets", facet.id), message, "rename the facet")

    if len(taxonomy.facets) > MAX_FACETS:
        message = f"{len(taxonomy.facets)} facets declared; the knowledge base handles at most {MAX_FACETS}"
        hint = "merge facets, or use values within fewer facets"
        problems.error("facets", message, hint)

    counts = {key: option(key) for key in COUNTS}

    # Pelican's `Tags` and `Category`, and `{tag}` and `{category}` links: the facet read from `tags`,
    # and the first facet, unless the settings name others.
    ids = [facet.id for facet in taxonomy.facets]
    pelican = {
        "tag_facet": next((facet.id for facet in taxonomy.facets if facet.key == "tags"), None),
        "category_facet": ids[0] if ids else None,
    }
    for key in pelican:
        named = option(key)
        if named and named in ids:
            pelican[key] = named
        elif named:
            hint = did_you_mean(named, ids) or f"declared facets: {', '.join(ids)}"
            problems.warning(key, f"`{named}` is not a declared facet; the default is used", hint)

    own_language = options.get("language")
    messages, found = load_messages(
        own_language if own_language is not None else theme_language,
        options.get("strings"),
        file=file,
        language_at=(*base, "language") if own_language is not None else ("theme", "language"),
        strings_at=(*base, "strings"),
        locate=locate,
    )
    problems.found.extend(found)

    settings = HubSettings(
        taxonomy=taxonomy,
        posts_dir=paths["posts_dir"],
        facets_page=paths["facets_page"],
        knowledge_base_page=paths["knowledge_base_page"],
        post_options=PostOptions(
            zone, zone_name, counts["excerpt_length"], pelican["category_facet"], pelican["tag_facet"]
        ),
        coverage=coverage,
        related_count=counts["related_count"],
        per_page=counts["per_page"],
        messages=messages,
    )
    return settings, problems.found


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
            guess = did_you_mean(str(facet_id), [facet.id for facet in taxonomy.facets])
            return (
                f"`{facet_id}` is not a declared facet{f' ({guess})' if guess else ''}; the coverage matrix is left out"
            )
    if raw[0] == raw[1]:
        return "needs two different facets; the coverage matrix is left out"
    return (raw[0], raw[1])


def _coverage_hint(taxonomy: Taxonomy) -> str:
    ids = [facet.id for facet in taxonomy.facets]
    example = f"`coverage: [{ids[0]}, {ids[1]}]`" if len(ids) > 1 else "two facets"
    return f"write {example}; declared facets: {', '.join(ids) or 'none'}"
