"""Typed options of the plugins, as they are written in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..settings import DEFAULTS


class TaxonomyConfig(base.Config):
    posts_dir = c.Type(str, default=DEFAULTS["posts_dir"])
    """Folder under docs/ whose Markdown files are posts."""
    timezone = c.Type(str, default=DEFAULTS["timezone"])
    """IANA timezone for dates written without an offset."""
    strict = c.Type(bool, default=False)
    """Fail the build on any content problem, as `mkdocs build --strict` does."""
    facets = c.Optional(c.Type(dict))
    """Facet id -> facet settings; market, channel and audience when left out."""
    coverage = c.Optional(c.ListOfItems(c.Type(str)))
    """The two facets of the coverage matrix on the facets page (rows, then columns); the first two
    facets when left out, none when empty."""
    related_count = c.Type(int, default=DEFAULTS["related_count"])
    excerpt_length = c.Type(int, default=DEFAULTS["excerpt_length"])
    facets_page = c.Type(str, default=DEFAULTS["facets_page"])
    """Path of the facet overview page."""
    knowledge_base_page = c.Type(str, default=DEFAULTS["knowledge_base_page"])
    """Path of the filterable knowledge base page."""


class SyndicationConfig(base.Config):
    max_items = c.Type(int, default=50)
    """Items per feed, newest first."""
    content = c.Choice(("full", "excerpt"), default="full")
    """Each item carries the post's full text, or its excerpt and a "read more" link."""
    feeds_page = c.Type(str, default="feeds")
    """Path of the page that lists every feed."""
