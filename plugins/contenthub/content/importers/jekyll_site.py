"""Where a Jekyll site published its posts: the permalink style and the timezone its `_config.yml` sets
(Jekyll's defaults when it sets none), and a post's permalink filled in as Jekyll fills it, so that the
old address of every post, not only of those with their own `permalink`, can be redirected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from ...text import slugify
from .incoming import SiteSettings

STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
"""Jekyll's named permalink styles; `date` is its default."""
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


@dataclass
class JekyllSites(SiteSettings):
    """The site of each Jekyll post file: the nearest folder above its `_posts` with a `_config.yml` (read
    once), else the folder holding its `_posts`. A post found in no `_posts` folder has no site."""

    HINT = "old addresses of posts without a `permalink` assume Jekyll's default style, `date`"
    _read: dict[Path, tuple[str, tzinfo | None]] = field(default_factory=dict)

    def of(self, post: Path) -> JekyllSite | None:
        parents = post.absolute().parents
        posts_folder = next((folder for folder in parents if folder.name == "_posts"), None)
        if posts_folder is None:
            return None
        root = next((folder for folder in posts_folder.parents if (folder / "_config.yml").is_file()), None)
        if root is None:
            return JekyllSite(posts_folder.parent, None)
        if root not in self._read:
            self._read[root] = self._settings(root / "_config.yml")
        permalink, zone = self._read[root]
        return JekyllSite(root, permalink, zone, posts_folder.parent.relative_to(root).parts)

    def _settings(self, config: Path) -> tuple[str, tzinfo | None]:
        """The permalink template and the timezone `_config.yml` sets; Jekyll's defaults for what it cannot
        say (and a problem saying why)."""
        try:
            settings: Any = yaml.safe_load(config.read_text(encoding="utf-8-sig")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            mark = getattr(error, "problem_mark", None)
            why = getattr(error, "problem", None) or getattr(error, "strerror", None) or "not valid YAML"
            self.problem(config, mark.line + 1 if mark else None, "", f"cannot be read ({why})")
            return STYLES["date"], None
        if not isinstance(settings, dict):
            self.problem(config, 1, "", "is not a mapping of settings")
            return STYLES["date"], None
        collections = settings.get("collections")
        posts = collections.get("posts") if isinstance(collections, dict) else None
        permalink = posts.get("permalink") if isinstance(posts, dict) and "permalink" in posts else None
        permalink = permalink if permalink is not None else settings.get("permalink", "date")
        if not isinstance(permalink, str) or not permalink.strip():
            self.problem(config, None, "permalink", f"expected a style or a template, got `{permalink}`")
            permalink = "date"
        return STYLES.get(permalink.strip(), permalink.strip()), self.zone(config, "timezone", settings.get("timezone"))


def fill_permalink(template: str, when: datetime | date, title: str, categories: list[str]) -> str:
    """A permalink's placeholders (`/:year/:month/:title/`) filled in, as Jekyll fills them, and escaped as
    a URL; a placeholder it does not know stays as written."""
    day = when.date() if isinstance(when, datetime) else when
    clock = when if isinstance(when, datetime) else datetime(day.year, day.month, day.day)
    iso_year, iso_week, iso_day = day.isocalendar()
    parts = {
        "year": f"{day:%Y}", "short_year": f"{day:%y}", "month": f"{day:%m}", "i_month": str(day.month),
        "short_month": f"{day:%b}", "long_month": f"{day:%B}", "day": f"{day:%d}", "i_day": str(day.day),
        "y_day": f"{day:%j}", "w_year": str(iso_year), "week": f"{iso_week:02d}", "w_day": str(iso_day),
        "short_day": f"{day:%a}", "long_day": f"{day:%A}", "hour": f"{clock:%H}", "minute": f"{clock:%M}",
        "second": f"{clock:%S}", "title": title, "slug": slugify(title), "output_ext": ".html",
        "categories": "/".join(dict.fromkeys(category.lower() for category in categories)),
        "slugified_categories": "/".join(dict.fromkeys(slugify(category) for category in categories)),
    }  # fmt: skip
    filled = _PLACEHOLDER.sub(lambda found: parts.get(found.group(1), found.group(0)), template)
    return quote(re.sub(r"/{2,}", "/", filled), safe="/:@!$&'()*+,;=~")  # as Jekyll escapes it: `%20`
