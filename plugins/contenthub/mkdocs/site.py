"""A MkDocs site's hub, read without building it: for the `contenthub` commands."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files

from ..content.clashes import Claim
from ..content.files import PostSource, missing_posts_dir, unreadable
from ..content.frontmatter import split_front_matter
from ..content.links import endless_walk
from ..content.syntax_check import MarkdownSettings, SyntaxCheck
from ..hub import Hub
from ..ingest.config import RoundupSettings, load_roundup_settings, register_roundups
from ..ingest.periods import RoundupSpec, read_roundup
from ..model import Diagnostic, Post
from ..settings import load_settings
from ..syndication.feeds import register_syndication
from .config_lines import config_locator
from .files import authors_page, drop_bad_links, page_claims, place_by_slug

TAXONOMY = "contenthub/taxonomy"
ROUNDUPS = "contenthub/roundups"
SYNDICATION = "contenthub/syndication"


class SiteError(Exception):
    """The site itself cannot be loaded: a missing or invalid mkdocs.yml, or a plugin it needs is off."""


@dataclass
class Site:
    config_file: str
    root: Path
    docs_dir: Path
    hub: Hub
    """Made and extended as a build makes it, by the same code (see `contenthub.hub`)."""
    roundups: RoundupSettings | None
    config: Any = field(default=None, repr=False)

    @property
    def checks_paths(self) -> bool:
        """Whether MkDocs warns of a relative link to no file (`validation: links: not_found`, by default)."""
        return bool(self.config.validation.links.not_found >= logging.WARNING)

    @property
    def markdown(self) -> MarkdownSettings:
        """The site's `markdown_extensions` and their settings, as MkDocs hands them to Python-Markdown."""
        return list(self.config.markdown_extensions), dict(self.config.mdx_configs)

    @property
    def code_dir(self) -> str:
        """Where `{% include_code %}` reads, under the docs folder (the taxonomy plugin's `code_dir`)."""
        return str(self.config.plugins[TAXONOMY].config.code_dir)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The problems in the settings: MkDocs' own warnings about the config, then the plugins'."""
        return self.hub.settings_problems


def load_site(config_file: str) -> Site:
    """The site's settings, with every problem in them (MkDocs' own warnings about the config included)."""
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
    taxonomy = config.plugins.get(TAXONOMY)
    if taxonomy is None:
        raise SiteError(f"{config_file}: the `{TAXONOMY}` plugin is not enabled; add it under `plugins:`")
    file, base, locate = config_locator(config, TAXONOMY)
    language = config.theme.get("language")
    settings, problems = load_settings(taxonomy.config, file=file, base=base, locate=locate, theme_language=language)
    warnings = [Diagnostic(file, None, "", warning) for warning in heard.warnings]
    hub = Hub(settings, [*warnings, *problems])
    missing = missing_posts_dir(config.docs_dir, settings.posts_dir, file, locate((*base, "posts_dir")))
    if missing:
        hub.settings_problems.append(missing)
    root = Path(config.config_file_path).parent
    roundups = None
    if (plugin := config.plugins.get(ROUNDUPS)) is not None:
        file, base, locate = config_locator(config, ROUNDUPS)
        roundups, found = load_roundup_settings(
            plugin.config, settings.taxonomy, root, file=file, base=base, locate=locate, hub_paths=settings.paths
        )
        hub.settings_problems.extend(found)
        register_roundups(hub, roundups, config.site_name)
    if (syndication := config.plugins.get(SYNDICATION)) is not None:
        register_syndication(hub, syndication.config.feeds_page)
    return Site(config_file, root, Path(config.docs_dir), hub, roundups, config)


def read_site_posts(site: Site) -> list[Post]:
    """Every post the taxonomy accepts (roundups included), read into the site's hub as a build reads
    them: its problems are the hub's."""
    hub = site.hub
    endless = endless_walk(site.config.docs_dir)
    if endless:
        hub.problems.extend(endless)  # MkDocs' own walk would never end
        return []
    files = get_files(site.config)
    hub.problems.extend(drop_bad_links(files, site.config.docs_dir))
    post_files = set()
    for page in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
        if hub.is_post(page.src_uri):
            post_files.add(page.src_uri)
            try:
                text = page.content_string
            except (OSError, ValueError) as error:
                hub.problems.append(unreadable(page.src_uri, error))
                page.inclusion = InclusionLevel.EXCLUDED  # as a build leaves it out
                continue
            if (problem := place_by_slug(page, text)) is not None:
                hub.problems.append(problem)
            hub.read(PostSource(page.src_uri, text, page.url), draft=page.inclusion.is_excluded())
    claims = page_claims(files, post_files, hub.posts, drafts=False) + _hub_page_claims(site, files)
    _, dropped = hub.derive(claims)
    return [post for post in hub.posts if post.src_uri not in dropped]


def _hub_page_claims(site: Site, files: Files) -> list[Claim]:
    """The pages the plugins make where the author wrote none, at the URLs a build gives them; and the
    hub told where each is, as a build tells it."""
    config = site.config
    claims = []
    for page in site.hub.planned:
        file = authors_page(files, page.path)
        if file is None:
            file = File(f"{page.path}.md", config.docs_dir, config.site_dir, config.use_directory_urls)
            claims.append(Claim(file.url, file.src_uri, post=False, made_by=page.made_by))
        site.hub.place_page(page, file.src_uri, file.url)
    return claims


def read_roundup_specs(docs_dir: Path, roundups_dir: str) -> tuple[list[RoundupSpec], list[Diagnostic]]:
    """What every roundup file asks for: its period, picks and exclusions."""
    folder = docs_dir / roundups_dir
    specs: list[RoundupSpec] = []
    diagnostics: list[Diagnostic] = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        src_uri = f"{roundups_dir}/{path.relative_to(folder).as_posix()}"
        if src_uri == f"{roundups_dir}/index.md":
            continue
        try:
            front, problem = split_front_matter(src_uri, path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as error:
            diagnostics.append(unreadable(src_uri, error))
            continue
        if problem is not None:
            diagnostics.append(problem)
            continue
        spec, found = read_roundup(src_uri, front.meta, front.line)
        diagnostics.extend(found)
        if spec is not None:
            specs.append(spec)
    return specs, diagnostics


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


def check_pages(site: Site) -> list[Diagnostic]:
    """What a build would report in the Markdown of the pages it converts (drafts aside): links, embeds,
    listings and `include_code`, checked by the hub's own extensions, as `contenthub check` reads them.
    Call it after `read_site_posts`, which says which posts are drafts."""
    if not site.config.plugins[TAXONOMY].config.extensions or endless_walk(site.config.docs_dir):
        return []  # without the extensions nothing is checked; a walk without end, read_site_posts says
    files = get_files(site.config)
    drop_bad_links(files, site.config.docs_dir)  # as read_site_posts does, which reports them
    drafts = {post.src_uri for post in site.hub.posts if post.draft}
    made = [f"{page.path}.md" for page in site.hub.planned]
    settings = site.hub.settings
    syntax = SyntaxCheck([*(file.src_uri for file in files), *made], settings.taxonomy, settings.post_options,
                         site.docs_dir / site.code_dir, paths=site.checks_paths, markdown=site.markdown)  # fmt: skip
    found: list[Diagnostic] = []
    for page in files.documentation_pages(inclusion=InclusionLevel.is_included):
        if page.src_uri in drafts:
            continue
        try:
            text = page.content_string
        except (OSError, ValueError) as error:  # a post's, read_site_posts says; a page's, a build stops at
            found += [] if site.hub.is_post(page.src_uri) else [unreadable(page.src_uri, error)]
            continue
        front, _ = split_front_matter(page.src_uri, text)  # as MkDocs reads it: the text whole if it cannot
        found += syntax.problems(page.src_uri, text, front.body)
    return found
