"""Where a Jekyll site published its posts: what its `_config.yml` sets (the permalink style, the timezone,
`baseurl`, `collections_dir`, `exclude`; Jekyll's defaults where it sets nothing), and a post's permalink
filled in, slugified and sanitized as Jekyll does it, so that the old address of every post, not only of
those with their own `permalink`, can be redirected."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from .incoming import ImportFile, SiteSettings, key_lines

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
"""Jekyll's named permalink styles; `date` is its default."""
EXCLUDED = ("node_modules", "vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby", "gemfiles")
"""The folders Jekyll never reads, whatever `_config.yml` says."""
_PLACEHOLDER = re.compile(r":([a-z_]+)")


@dataclass(frozen=True)
class JekyllSite:
    """The settings of the Jekyll site a post comes from."""

    root: Path
    """The site's folder: root-relative links (`/assets/chart.png`) name its files."""
    permalink: str | None
    """The template of a post's URL when its front matter has no `permalink`; None when no `_config.yml`
    was found, so no URL is guessed."""
    zone: tzinfo | None = None
    """The site's `timezone`: its dates without an offset were written in it, and its URLs' days are its."""
    categories: tuple[str, ...] = ()
    """The folders above `_posts` (`news/_posts/…`), which Jekyll makes the post's first categories."""
    baseurl: str = ""
    """The site's `baseurl` (`/blog`): a link written with it names the file without it."""
    exclude: tuple[str, ...] = ()
    """The site's `exclude`: folders and files Jekyll never read."""
    collections_dir: str = ""

    def reads(self, file: Path) -> bool:
        """Whether Jekyll read the file (it is in none of the folders the site excludes)."""
        path = Path(os.path.normpath(file.absolute()))
        if self.root not in path.parents:
            return True
        relative = path.relative_to(self.root).as_posix()
        if self.collections_dir and not relative.startswith(f"{self.collections_dir}/"):
            return False  # with `collections_dir`, Jekyll reads the posts there only
        return not excluded(relative, self.exclude)


@dataclass(frozen=True)
class _Config:
    permalink: str = STYLES["date"]
    zone: tzinfo | None = None
    baseurl: str = ""
    collections_dir: str = ""
    exclude: tuple[str, ...] = ()


@dataclass
class JekyllSites(SiteSettings):
    """The site of each Jekyll post file: the nearest folder above its `_posts` with a `_config.yml`, no
    higher than the folder given (read once), else the folder holding its `_posts`. A post in no `_posts`
    folder has no site."""

    HINT = "the import assumes Jekyll's default for it"
    _read: dict[Path, _Config] = field(default_factory=dict)

    def of(self, file: ImportFile) -> JekyllSite | None:
        path = Path(os.path.normpath(file.path.absolute()))  # problems name `blog/_config.yml`, not `x/../blog/…`
        posts_folder = next((folder for folder in path.parents if folder.name == "_posts"), None)
        if posts_folder is None:
            return None
        given = file.source_folder
        top = given if given != posts_folder and given in posts_folder.parents else posts_folder.parent
        candidates = [posts_folder.parent, *(f for f in posts_folder.parent.parents if top in (f, *f.parents))]
        root = next((folder for folder in candidates if (folder / "_config.yml").is_file()), None)
        if root is None:
            return JekyllSite(posts_folder.parent, None)
        if root not in self._read:
            self._read[root] = self._settings(root / "_config.yml")
        config = self._read[root]
        folders = posts_folder.parent.relative_to(root).parts
        inside = config.collections_dir.split("/") if config.collections_dir else []
        if list(folders[: len(inside)]) == inside:
            folders = folders[len(inside) :]  # `collections_dir` holds the posts; it is no category
        return JekyllSite(
            root, config.permalink, config.zone, folders, config.baseurl, config.exclude, config.collections_dir
        )

    def _settings(self, config: Path) -> _Config:
        """What `_config.yml` sets; Jekyll's defaults for what it cannot say (and a problem saying why)."""
        try:
            text = config.read_text(encoding="utf-8-sig")
            settings: Any = yaml.safe_load(text) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
            # ValueError: a value YAML reads as a date that is no day (`launched: 2020-02-30`)
            mark = getattr(error, "problem_mark", None)
            why = getattr(error, "problem", None) or getattr(error, "strerror", None) or str(error) or "not YAML"
            self.problem(config, mark.line + 1 if mark else None, "", f"cannot be read ({why})")
            return _Config()
        if not isinstance(settings, dict):
            self.problem(config, 1, "", "is not a mapping of settings")
            return _Config()
        lines = key_lines(text, 1)
        collections = settings.get("collections")
        posts = collections.get("posts") if isinstance(collections, dict) else None
        permalink = posts.get("permalink") if isinstance(posts, dict) else None
        permalink = permalink or settings.get("permalink") or "date"  # empty: Jekyll's default, as Jekyll reads it
        if not isinstance(permalink, str):
            self.problem(
                config, lines.get("permalink"), "permalink", f"expected a style or a template, got `{permalink}`"
            )
            permalink = "date"
        paths = {key: settings.get(key) or "" for key in ("baseurl", "collections_dir")}
        for key, value in paths.items():
            if not isinstance(value, str):
                self.problem(config, lines.get(key), key, f"expected a path, got `{value}`")
                paths[key] = ""
        exclude = settings.get("exclude")
        return _Config(
            STYLES.get(permalink.strip(), permalink.strip()),
            self.zone(config, "timezone", settings.get("timezone"), lines.get("timezone")),
            "/" + paths["baseurl"].strip("/") if paths["baseurl"].strip("/") else "",
            paths["collections_dir"].strip("/"),
            tuple(str(item).strip("/") for item in exclude) if isinstance(exclude, list) else (),
        )


def excluded(relative: str, site_exclude: tuple[str, ...] = ()) -> bool:
    """Whether Jekyll reads no file at `relative` (a path in the site's folder), as its entry filter tells:
    a name starting with `#` or `~` or ending with `~` (a backup), its own exclusions, and the site's
    `exclude`, each a glob or the start of a path (`skip` also leaves out `skipme/`)."""
    parts = relative.split("/")
    for depth in range(1, len(parts) + 1):
        entry, name = "/".join(parts[:depth]), parts[depth - 1]
        if name.startswith(("#", "~")) or name.endswith("~"):
            return True
        if any(fnmatch.fnmatchcase(entry, rule) or entry.startswith(rule) for rule in (*EXCLUDED, *site_exclude)):
            return True
    return False


def jekyll_slug(text: str, *, pretty: bool = False, cased: bool = False) -> str:
    """Jekyll's `slugify`: every run of characters other than letters and digits (and, `pretty`, the URL
    marks `._~!$&'()+,;=@`) becomes one hyphen; lower case unless `cased`."""
    runs = r"(?:[^\w._~!$&'()+,;=@]|_)+" if pretty else r"[\W_]+"
    slug = re.sub(r"^-|-$", "", re.sub(runs, "-", text))
    return slug if cased else slug.lower()


def fill_permalink(template: str, when: datetime | date, slug: str, name: str, categories: list[str]) -> str | None:
    """A permalink's placeholders (`/:year/:month/:title/`) filled in as Jekyll fills them (`slug`: the
    post's `slug`, or its file name's, which `:title` and `:slug` spell; `name`: its file name), sanitized
    and escaped as Jekyll does it; None when the template names a placeholder Jekyll does not know."""
    day = when.date() if isinstance(when, datetime) else when
    clock = when if isinstance(when, datetime) else datetime(day.year, day.month, day.day)
    iso_year, iso_week, iso_day = day.isocalendar()
    parts = {
        "year": f"{day:%Y}", "short_year": f"{day:%y}", "month": f"{day:%m}", "i_month": str(day.month),
        "short_month": f"{day:%b}", "long_month": f"{day:%B}", "day": f"{day:%d}", "i_day": str(day.day),
        "y_day": f"{day:%j}", "w_year": str(iso_year), "week": f"{iso_week:02d}", "w_day": str(iso_day),
        "short_day": f"{day:%a}", "long_day": f"{day:%A}", "hour": f"{clock:%H}", "minute": f"{clock:%M}",
        "second": f"{clock:%S}", "output_ext": ".html", "collection": "posts",
        "title": jekyll_slug(slug, pretty=True, cased=True), "slug": jekyll_slug(slug), "name": jekyll_slug(name),
        "categories": "/".join(dict.fromkeys(category.lower() for category in categories)),
        "slugified_categories": "/".join(dict.fromkeys(jekyll_slug(category) for category in categories)),
    }  # fmt: skip
    unknown: list[str] = []

    def part(found: re.Match[str]) -> str:
        key = found.group(1)
        if key in parts:
            return parts[key]
        if key.endswith("_") and key[:-1] in parts:  # `:month_:day`: Jekyll tries the key without its `_`
            return parts[key[:-1]] + "_"
        unknown.append(key)
        return found.group(0)

    filled = _PLACEHOLDER.sub(part, template)
    if unknown:
        return None
    sanitized = re.sub(r"/{2,}", "/", ("/" + filled).replace("..", "/").replace("./", ""))  # Jekyll's sanitize_url
    return quote(sanitized, safe="/:@!$&'()*+,;=~")  # and its escape_path: `%20`
