"""The import, start to end: the source files found, read by their kind's reader, named, routed to the
facets and composed; and the old URLs as a redirect map. Nothing here writes: the command does."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from ...markdown.standalone import walk_docs
from ...model import Diagnostic, Severity
from ...taxonomy import Taxonomy
from ...text import unique_name
from ..posts import PostOptions
from .compose import Composed, compose
from .facets import Router
from .incoming import Incoming, Source
from .jekyll import NAME, post_key, read_jekyll, wanted_name
from .links import LinkCheck
from .pelican import MARKDOWN, UNSUPPORTED, read_pelican
from .plain_text import TextOptions, read_text

KINDS = ("jekyll", "pelican", "text")
_TEXT = (".txt", ".text", "")
_ROOT_LINK = re.compile(r"(\{filename\}|\|filename\|)/(?P<path>[^\s)\"'>#?]+)")


@dataclass(frozen=True)
class ImportOptions:
    kind: str
    target: str
    """The folder written to, under the docs folder (inside the posts folder)."""
    post_options: PostOptions
    text: TextOptions
    maps: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, list[str]] = field(default_factory=dict)
    """Labels by facet id that every post gets (`--market B2B`), besides those of its tags."""
    use_directory_urls: bool = True


@dataclass
class Plan:
    posts: list[Composed] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    """Problems with the sources that made no post (a reST file, an unreadable one)."""
    redirects: dict[str, str] = field(default_factory=dict)
    """mkdocs-redirects' `redirect_maps`: an old page → the imported post, both under the docs folder."""


def find_sources(paths: Iterable[str], kind: str) -> tuple[list[Source], list[Diagnostic]]:
    """The files to import, in a stable order; a folder is walked, keeping the files of its kind."""
    sources: list[Source] = []
    problems: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        if kind == "jekyll" and (path / "_posts").is_dir():
            path = path / "_posts"  # a Jekyll site's folder: its posts are there, its pages are not posts
        if path.is_file():
            found = [(path, path.name)]
        elif path.is_dir():
            found = sorted(
                (Path(folder, name), Path(folder, name).relative_to(path).as_posix())
                for folder, folders, names in os.walk(path)
                for name in names
                if not name.startswith(".") and not _hidden(Path(folder).relative_to(path))
            )
        else:
            problems.append(Diagnostic(given, None, "", "no such file or folder", severity=Severity.ERROR))
            continue
        for file, relative in found:
            source = Source(file, str(file) if path.is_dir() else given, relative)
            problem = _unsupported(source, kind, explicit=path.is_file())
            if problem is None:
                sources.append(source)
            elif problem.message:
                problems.append(problem)
    return sources, problems


def _hidden(folder: Path) -> bool:
    """A folder no blog publishes from: `.git`, Jekyll's `_site`, `_layouts`, `_includes`…"""
    return any(part.startswith((".", "_")) and part != "_posts" for part in folder.parts)


def _unsupported(source: Source, kind: str, *, explicit: bool) -> Diagnostic | None:
    """Why a file is not imported: a problem for a format the kind has and the import cannot read, a
    silent skip (an empty message) for files of no post format at all (images, a theme's files)."""
    suffix = PurePosixPath(source.relative).suffix.lower()
    if kind == "pelican" and suffix in UNSUPPORTED:
        message = f"{UNSUPPORTED[suffix]} articles are not supported; it is not imported"
        return Diagnostic(source.shown, None, "", message, "convert it to Markdown (pandoc does)", Severity.ERROR)
    if kind == "pelican" and source.relative.split("/")[0] == "pages":
        message = "a Pelican page, not an article: it is not imported"
        return Diagnostic(source.shown, None, "", message, "copy it into the docs folder as a page", Severity.WARNING)
    wanted = {"jekyll": (*MARKDOWN, ".mkdn"), "pelican": MARKDOWN, "text": _TEXT}[kind]
    if explicit:
        return None
    dated = NAME.match(source.path.name)
    if kind == "jekyll" and suffix in wanted and not (dated and dated.group("date")):
        message = "no date in its name (2009-01-08-title.md), so Jekyll does not publish it; it is not imported"
        hint = "give its name a date, or import the file by name with a `date:` in its front matter"
        return Diagnostic(source.shown, None, "", message, hint, Severity.WARNING)
    return None if suffix in wanted else Diagnostic(source.shown, None, "", "")


def plan_import(sources: list[Source], options: ImportOptions, taxonomy: Taxonomy, docs_dir: Path) -> Plan:
    plan = Plan()
    zone = options.post_options.timezone
    taken = {"index", "readme"}  # the posts folder's own page, whatever the case
    incoming: list[Incoming] = []
    if options.kind == "jekyll":  # names first: `{% post_url %}` links name the posts imported with them
        names = {source: _unique(wanted_name(source), taken) for source in sources}
        posts = {post_key(source.relative): names[source] for source in sources if NAME.match(source.path.name)}
    for source in sources:
        text = _text(source, plan)
        if text is None:
            continue
        if options.kind == "jekyll":
            incoming.append(read_jekyll(source, text, names[source], posts, zone))
        elif options.kind == "pelican":
            incoming.append(read_pelican(source, text, zone))
        else:
            for post in read_text(source, text, options.text):
                post.name = _unique(post.name, taken) if post.name else ""
                incoming.append(post)
    imported = {post.name for post in incoming}
    router = Router(taxonomy, options.maps)
    links = LinkCheck([*walk_docs(docs_dir), *(f"{options.target}/{name}" for name in imported if name)], taxonomy,
                      options.post_options)  # fmt: skip
    for post in incoming:
        if options.kind == "pelican":
            post.body = _ROOT_LINK.sub(lambda found: _rooted(found, imported, options.target), post.body)
        src_uri = f"{options.target}/{post.name}" if post.name else ""
        routed = router.route(post, options.values)
        composed = compose(post, src_uri, routed, taxonomy, options.post_options, links)
        if composed.text is not None and (docs_dir / src_uri).exists():
            composed.text = None
            message = "a file is there already; it is not overwritten, and this post is not imported"
            hint = "move that file, or import into another folder with --to"
            composed.problems.append(Diagnostic(src_uri, None, "", message, hint, Severity.ERROR))
        plan.posts.append(composed)
        if composed.text is not None:
            for old in post.old_urls():
                _redirect(plan, composed, old, docs_dir, options.use_directory_urls)
    return plan


def _unique(name: str, taken: set[str]) -> str:
    """`name.md`, or `name-2.md`… when another post of the import has it (or it names the folder's page)."""
    stem = name.removesuffix(".md")
    return unique_name(stem.lower() if stem.lower() in ("index", "readme") else stem or "post", taken) + ".md"


def _text(source: Source, plan: Plan) -> str | None:
    try:
        text = source.path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"cannot read the file (not UTF-8: {error.reason} at byte {error.start}); it is not imported"
        plan.problems.append(Diagnostic(source.shown, None, "", message, "save it as UTF-8", Severity.ERROR))
        return None
    except OSError as error:
        message = f"cannot read the file ({error.strerror or error}); it is not imported"
        hint = "check that it exists (a link may lead nowhere) and that you may read it"
        plan.problems.append(Diagnostic(source.shown, None, "", message, hint, Severity.ERROR))
        return None
    return text.replace("\r\n", "\n")


def _rooted(found: re.Match[str], imported: set[str], target: str) -> str:
    """A Pelican link from the content folder's root, to a post imported with it: from the docs folder's."""
    path = found.group("path")
    return f"{found.group(1)}/{target}/{path}" if path in imported else found.group(0)


def _redirect(plan: Plan, composed: Composed, old: str, docs_dir: Path, use_directory_urls: bool) -> None:
    """The old URL as mkdocs-redirects names a page: the Markdown file that would have been built there;
    never over a page of the site, nor over another post's old URL."""
    path = urlsplit(old).path.lstrip("/")
    if path.endswith((".html", ".htm")):
        if use_directory_urls:
            message = f"the old URL `{old}` ends in .html, which mkdocs-redirects serves only without directory URLs"
            hint = "set `use_directory_urls: false`, or redirect it on the web server"
            plan.problems.append(Diagnostic(composed.src_uri, None, "redirect_from", message, hint))
            return
        key = path.rsplit(".", 1)[0] + ".md"
    elif not path or path.endswith("/"):
        key = f"{path}index.md"
    else:
        key = f"{path}/index.md"
    pages = {key, key.removesuffix("/index.md") + ".md", key.removesuffix("index.md") + "README.md"}
    taken = plan.redirects.get(key) or next((page for page in sorted(pages) if (docs_dir / page).is_file()), None)
    if taken is not None:
        message = f"the old URL `{old}` is `{taken}`'s too; it is left out of the redirect map"
        hint = "redirect it by hand, to the page it should lead to"
        plan.problems.append(Diagnostic(composed.src_uri, None, "redirect_from", message, hint, Severity.ERROR))
        return
    plan.redirects[key] = composed.src_uri
