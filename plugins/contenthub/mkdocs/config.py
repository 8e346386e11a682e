"""Typed options of the plugins, as they are written in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..ingest.config import ROUNDUP_DEFAULTS
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
    per_page = c.Type(int, default=DEFAULTS["per_page"])
    """Posts on each page of a value's listing and of the roundups index; 0 for one page with them all."""
    excerpt_length = c.Type(int, default=DEFAULTS["excerpt_length"])
    facets_page = c.Type(str, default=DEFAULTS["facets_page"])
    """Path of the facet overview page."""
    knowledge_base_page = c.Type(str, default=DEFAULTS["knowledge_base_page"])
    """Path of the filterable knowledge base page."""
    language = c.Optional(c.Type(str))
    """The language of the hub's texts and dates (`de`, `pt-BR`); the theme's `language` when left out."""
    strings = c.Optional(c.Type(dict))
    """The site's own wording for any of the hub's texts, by key (see locales/en.yml)."""
    extensions = c.Type(bool, default=True)
    """The hub's Markdown extensions (contenthub.markdown) in every page: Pelican-style links and more."""
    tag_facet = c.Type(str, default="")
    """The facet Pelican's `Tags` and `{tag}` links go to; the one read from `tags` when left out."""
    category_facet = c.Type(str, default="")
    """The facet Pelican's `Category` and `{category}` links go to; the first facet when left out."""
    code_dir = c.Type(str, default="code")
    """The folder of the docs folder that `{% include_code PATH %}` reads PATH from."""


class SyndicationConfig(base.Config):
    max_items = c.Type(int, default=50)
    """Items per feed, newest first."""
    content = c.Choice(("full", "excerpt"), default="full")
    """Each item carries the post's full text, or its excerpt and a "read more" link."""
    feeds_page = c.Type(str, default="feeds")
    """Path of the page that lists every feed."""


class RoundupsConfig(base.Config):
    subscriptions = c.Type(str, default=ROUNDUP_DEFAULTS["subscriptions"])
    """The OPML file of the outside feeds, relative to mkdocs.yml."""
    cache = c.Type(str, default=ROUNDUP_DEFAULTS["cache"])
    """The folder of fetched entries, one JSON file per source, relative to mkdocs.yml."""
    roundups_dir = c.Type(str, default=ROUNDUP_DEFAULTS["roundups_dir"])
    """The docs folder of roundup files; its index page lists them."""
    group_by = c.Type(str, default=ROUNDUP_DEFAULTS["group_by"])
    """Group a roundup's entries by `source`, or by a facet id."""
    around_the_web = c.Type(int, default=ROUNDUP_DEFAULTS["around_the_web"])
    """Recent outside entries on each facet value page ("From around the web"); 0 for none."""
    refresh_on_build = c.Type(bool, default=ROUNDUP_DEFAULTS["refresh_on_build"])
    """Fetch the feeds at every build. Off: builds never touch the network."""
    keep_entries = c.Optional(c.Type(int))
    """Entries kept per source, newest first (besides those a roundup picked); 200 when left out."""
    keep = c.Optional(c.Type(int))
    """The old name of `keep_entries`: it still works, with a warning."""
    max_age_days = c.Type(int, default=ROUNDUP_DEFAULTS["max_age_days"])
    connect_timeout = c.Type((int, float), default=ROUNDUP_DEFAULTS["connect_timeout"])
    timeout = c.Type((int, float), default=ROUNDUP_DEFAULTS["timeout"])
    parse_timeout = c.Type((int, float), default=ROUNDUP_DEFAULTS["parse_timeout"])
    concurrency = c.Type(int, default=ROUNDUP_DEFAULTS["concurrency"])
    """Feeds fetched at once."""
    rules = c.Optional(c.Type(dict))
    """`keep` and `block` rules (regexes over title, content, author, categories), global or per source."""
