"""Check a whole MkDocs site's hub content without building it (used by `contenthub check`)."""

from __future__ import annotations

import logging
import os

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import InclusionLevel, get_files

from ..content.hub import PostSource, is_post, missing_posts_dir, read_posts, unreadable
from ..model import Diagnostic, Post
from ..settings import load_settings
from .config_lines import config_locator

PLUGIN = "contenthub/taxonomy"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


class SiteError(Exception):
    """The site itself cannot be loaded: a missing or invalid mkdocs.yml, or no taxonomy plugin."""


def check_site(config_file: str) -> tuple[list[Post], list[Diagnostic]]:
    """Every post the site's taxonomy accepts, and every problem with the settings and the posts."""
    if not os.path.isfile(config_file):
        raise SiteError(f"{config_file}: no such file; pass the site's mkdocs.yml with --config-file")
    # MkDocs reports config problems through its log; collect them instead of printing them.
    heard = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(heard)
    propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(config_file)
    except (ConfigurationError, Abort) as error:
        reasons = "; ".join(heard.errors) or str(error)
        raise SiteError(f"{config_file}: {reasons}") from None
    finally:
        logger.removeHandler(heard)
        logger.propagate = propagate
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SiteError(f"{config_file}: the `{PLUGIN}` plugin is not enabled; add it under `plugins:`")
    file, base, locate = config_locator(config, PLUGIN)
    settings, diagnostics = load_settings(plugin.config, file=file, base=base, locate=locate)
    diagnostics[:0] = [Diagnostic(file, None, "", warning) for warning in heard.warnings]
    missing = missing_posts_dir(config.docs_dir, settings.posts_dir, file, locate((*base, "posts_dir")))
    if missing:
        diagnostics.append(missing)
    sources: list[PostSource] = []
    for page in get_files(config).documentation_pages(inclusion=InclusionLevel.is_in_serve):
        if is_post(page.src_uri, settings.posts_dir):
            try:
                sources.append(PostSource(page.src_uri, page.content_string, page.url))
            except (OSError, ValueError) as error:
                diagnostics.append(unreadable(page.src_uri, error))
    posts, found = read_posts(sources, settings.taxonomy, settings.post_options)
    return posts, diagnostics + found
