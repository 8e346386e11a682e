"""The import, start to end: the files found, read by their kind's reader, named, routed to the facets,
checked against the site's URLs and composed; and the old URLs as a redirect map. Nothing here writes:
the command does."""

from __future__ import annotations

import mimetypes
import os
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ...markdown.standalone import page_url, walk_docs
from ...model import Diagnostic, Severity
from ...taxonomy import Taxonomy
from ...text import unique_name
from ..frontmatter import declared_slug
from ..markdown_code import blank_code
from ..posts import PostOptions
from ..syntax_check import MarkdownSettings, SyntaxCheck
from .assets import Assets
from .compose import Composed, compose
from .facets import Router
from .incoming import ImportFile, Incoming
from .jekyll import NAME, OTHER_FORMATS, post_key, read_jekyll, wanted_name
from .jekyll_site import JekyllSites, excluded
from .pelican import MARKDOWN, UNSUPPORTED, read_pelican
from .pelican_site import PelicanSites
from .plain_text import TextOptions, read_text

_TEXT = (".txt", ".text", "")
_ROOT_LINK = re.compile(r"(\{filename\}|\|filename\|)/(?P<path>[^\s)\"'>#?]+)")
_OWN_PAGES = ("index", "readme")
"""The names of a folder's own page, which no post takes."""


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
    posts_dir: str = "posts"
    hub_pages: Collection[str] = ()
    """The paths (no `.md`) of the pages the plugins make: no post may take their URLs."""
    use_directory_urls: bool = True
    code_dir: Path | None = None
    """The folder `{% include_code %}` reads (the taxonomy plugin's `code_dir`, in the docs folder)."""
    checks_paths: bool = True
    """Whether MkDocs warns of a relative link to no file (`validation: links: not_found`)."""
    markdown: MarkdownSettings = ((), {})
    """The site's `markdown_extensions` and their settings: a post is checked as it will build."""


@dataclass
class Plan:
    posts: list[Composed] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    """Problems with the files that made no post (a reST file, an unreadable one), and with the options."""
    redirects: dict[str, str] = field(default_factory=dict)
    """mkdocs-redirects' `redirect_maps`: an old page → the imported post, both under the docs folder."""
    copies: dict[str, Path] = field(default_factory=dict)
    """The files the posts link (images…) to copy: by their path under the docs folder, from the old blog."""


def find_files(paths: Iterable[str], kind: str) -> tuple[list[ImportFile], list[Diagnostic]]:
    """The files to import, in a stable order; a folder is walked, keeping the files of its kind."""
    files: list[ImportFile] = []
    problems: list[Diagnostic] = []
    seen: set[Path] = set()
    """Each file once, however many of the sources given hold it (`_posts` and a post in it)."""
    for given in paths:
        path = Path(given)
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
            message = "is no regular file or folder (a pipe, a device?)" if path.exists() else "no such file or folder"
            problems.append(Diagnostic(given, None, "", message, severity=Severity.ERROR))
            continue
        if kind == "jekyll" and path.is_dir() and path.name != "_posts":
            posts = [
                (where, relative)
                for where, relative in found
                if "_posts" in relative.split("/")[:-1] and not excluded(relative)
            ]
            if posts or (path / "_config.yml").is_file():
                found = posts  # a Jekyll site: its posts are in `_posts` folders (`news/_posts` too), not its pages
        for where, relative in found:
            if where.resolve() in seen or not where.is_file():  # a pipe named `x.md` would be read for ever
                continue
            if path.is_dir() and path.resolve() not in where.resolve().parents:
                message = "a symbolic link out of the folder given; it is not imported"
                problems.append(Diagnostic(str(where), None, "", message, "copy the file in", Severity.WARNING))
                continue
            seen.add(where.resolve())
            # Its path made absolute and plain once: the old sites' folders are compared with it
            file = ImportFile(
                Path(os.path.normpath(where.absolute())), str(where) if path.is_dir() else given, relative
            )
            problem = _unsupported(file, kind, explicit=path.is_file())
            if problem is None:
                files.append(file)
            elif problem.message:
                problems.append(problem)
    return files, problems


def _hidden(folder: Path) -> bool:
    """A folder no blog publishes from: `.git`, Jekyll's `_site`, `_layouts`, `_includes`… (a `_` folder
    that holds a `_posts`, as Jekyll's `collections_dir: _col` does, is read)."""
    parts = folder.parts
    posts = max((n for n, part in enumerate(parts) if part == "_posts"), default=-1)
    return any(part.startswith(".") or (part.startswith("_") and n > posts) for n, part in enumerate(parts))


def _unsupported(file: ImportFile, kind: str, *, explicit: bool) -> Diagnostic | None:
    """Why a file is not imported: a problem for a format the kind has and the import cannot read, a
    silent skip (an empty message) for files of no post format at all (images, a theme's files)."""
    suffix = PurePosixPath(file.relative).suffix.lower()
    if kind == "pelican" and suffix in UNSUPPORTED:
        message = f"{UNSUPPORTED[suffix]} articles are not supported; it is not imported"
        return Diagnostic(file.shown, None, "", message, "convert it to Markdown (pandoc does)", Severity.ERROR)
    if kind == "jekyll" and suffix in OTHER_FORMATS and "_posts" in file.path.parts:
        message = f"{OTHER_FORMATS[suffix]} posts are not supported; it is not imported"
        return Diagnostic(file.shown, None, "", message, "convert it to Markdown (pandoc does)", Severity.ERROR)
    if kind == "pelican" and "pages" in file.relative.split("/")[:-1]:
        message = "a Pelican page, not an article: it is not imported"
        return Diagnostic(file.shown, None, "", message, "copy it into the docs folder as a page", Severity.WARNING)
    wanted = {"jekyll": (*MARKDOWN, ".mkdn"), "pelican": MARKDOWN, "text": _TEXT}[kind]
    if explicit:
        return None
    dated = NAME.match(file.path.name)
    if kind == "jekyll" and suffix in wanted and not (dated and dated.group("date")):
        message = "no date in its name (2009-01-08-title.md), so Jekyll does not publish it; it is not imported"
        hint = "give its name a date, or import the file by name with a `date:` in its front matter"
        return Diagnostic(file.shown, None, "", message, hint, Severity.WARNING)
    return None if suffix in wanted else Diagnostic(file.shown, None, "", "")


def plan_import(files: list[ImportFile], options: ImportOptions, taxonomy: Taxonomy, docs_dir: Path) -> Plan:
    plan = Plan()
    assets = Assets(options.target)
    incoming = _read(files, options, plan, assets)
    assets.check(docs_dir)
    existing = walk_docs(docs_dir)
    names = {post.name for post in incoming if post.name}
    router = Router(taxonomy, options.maps)
    imported = [*(f"{options.target}/{name}" for name in names), *assets.copies]
    syntax = SyntaxCheck(
        [*existing, *imported],
        taxonomy,
        options.post_options,
        options.code_dir,
        paths=options.checks_paths,
        markdown=options.markdown,
    )
    urls = _Urls(existing, docs_dir, options)
    for post in incoming:
        if options.kind == "pelican":
            post.body = _rooted_links(post.body, names, options.target)
        src_uri = f"{options.target}/{post.name}" if post.name else ""
        if post.name:
            urls.claim(post, src_uri)
        composed = compose(post, src_uri, router.route(post, options.values), taxonomy, options.post_options, syntax)
        if composed.text is not None and (docs_dir / src_uri).exists():
            composed.text = None
            message = f"a file is there already; it is not overwritten, and {post.file.shown} is not imported"
            hint = "move that file, or import into another folder with --to"
            composed.problems.append(Diagnostic(src_uri, None, "", message, hint, Severity.ERROR))
        plan.posts.append(composed)
    for key in router.unused():
        message = f"`--map {key}=…`: no post has the key `{key}`"
        plan.problems.append(Diagnostic("--map", None, "", message, "check its spelling against the posts"))
    plan.problems += _links_to_drafts(plan.posts)
    written = {id(composed.incoming) for composed in plan.posts if composed.text is not None}
    plan.copies = {  # the files only posts that are written link stay in the old blog
        copy: source
        for copy, source in assets.copies.items()
        if any(id(post) in written for post in assets.linked.get(copy, []))
    }
    pages = [
        (composed, old) for composed in plan.posts if composed.text is not None for old in composed.incoming.old_urls()
    ]
    for composed, old in pages:
        _redirect(plan, composed, old, urls, options.use_directory_urls)
    _html_pages(plan, [old for _, old in pages], options.use_directory_urls)
    return plan


def _read(files: list[ImportFile], options: ImportOptions, plan: Plan, assets: Assets) -> list[Incoming]:
    """Every post of the files, each with a file name no other post of the import has, its links to the
    old blog's files pointed at their copies."""
    zone = options.post_options.timezone
    taken = set(_OWN_PAGES)
    jekyll_sites, pelican_sites = JekyllSites(), PelicanSites()
    sites = {file: jekyll_sites.of(file) for file in files} if options.kind == "jekyll" else {}
    # What a Jekyll site excludes Jekyll never read: it takes no name, and no link leads to it
    files = [file for file in files if (site := sites.get(file)) is None or site.reads(file.path)]
    names = {file: _unique(wanted_name(file), taken) for file in files} if options.kind == "jekyll" else {}
    posts = {post_key(file.relative): names[file] for file in names if NAME.match(file.path.name)}
    found: list[Incoming] = []
    for file in files:
        text = _text(file, plan)
        if text is None:
            continue
        if options.kind == "jekyll":  # named first: `{% post_url %}` links name the posts imported with them
            jekyll = sites[file]
            found.append(read_jekyll(file, text, names[file], posts, zone, jekyll))
            if jekyll is not None:
                target = f"{options.target}/{found[-1].name}"
                assets.link(found[-1], target, jekyll.root, rooted_only=True, baseurl=jekyll.baseurl)
        elif options.kind == "pelican":  # its folders kept: relative `{filename}` links still work
            folder, _, name = file.relative.rpartition("/")
            prefix = f"{folder}/" if folder else ""
            taken.update(prefix + page for page in _OWN_PAGES)
            pelican = pelican_sites.of(file)
            found.append(read_pelican(file, text, prefix + _unique(name, taken, prefix), zone, pelican))
            # The links' root: the site's content folder (PATH), else the folder the file was found in.
            inside = pelican is not None and pelican.content in file.path.absolute().parents
            root = pelican.content if pelican is not None and inside else file.source_folder
            assets.link(found[-1], f"{options.target}/{found[-1].name}", root, rooted_only=False)
        else:
            for post in read_text(file, text, options.text):
                post.name = _unique(post.name, taken) if post.name else ""
                found.append(post)
    plan.problems.extend([*jekyll_sites.problems, *pelican_sites.problems])
    return found


_POST_LINK = re.compile(r"(?:\{filename\}|\|filename\|)(?P<path>[^\s)\"'>#?]+)")


def _links_to_drafts(posts: list[Composed]) -> list[Diagnostic]:
    """A problem for each published post that links an imported post written as a draft: the link would
    lead to a page the site does not have (and neither the hub nor MkDocs says so at build)."""
    drafts = {post.src_uri for post in posts if post.draft and post.text is not None}
    found = []
    for post in posts:
        if post.draft or post.text is None or not drafts:
            continue
        for link in _POST_LINK.finditer(blank_code(post.text)):
            path = link.group("path")
            target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else
                                        posixpath.join(posixpath.dirname(post.src_uri), path))  # fmt: skip
            if target in drafts:
                message = f"links to {target}, written as a draft: the link leads nowhere until it is published"
                hint = "fix that post and publish it, or take the link out"
                found.append(Diagnostic(post.src_uri, None, "", message, hint))
    return found


def _unique(name: str, taken: set[str], prefix: str = "") -> str:
    """`name.md`, or `name-2.md`… when another post of the import has it (or it names the folder's page)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.lower() if stem.lower() in _OWN_PAGES else stem or "post"
    return unique_name(prefix + stem, taken).removeprefix(prefix) + ".md"


def _text(file: ImportFile, plan: Plan) -> str | None:
    try:
        text = file.path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"cannot read the file (not UTF-8: {error.reason} at byte {error.start}); it is not imported"
        plan.problems.append(Diagnostic(file.shown, None, "", message, "save it as UTF-8", Severity.ERROR))
        return None
    except OSError as error:
        message = f"cannot read the file ({error.strerror or error}); it is not imported"
        hint = "check that it exists (a link may lead nowhere) and that you may read it"
        plan.problems.append(Diagnostic(file.shown, None, "", message, hint, Severity.ERROR))
        return None
    return text.replace("\r\n", "\n")


def _rooted_links(body: str, imported: set[str], target: str) -> str:
    """Pelican links from the content folder's root to posts imported with them, made from the docs
    folder's (`{filename}/notes/a.md` → `{filename}/posts/notes/a.md`); code left as written."""
    out, position = [], 0
    for found in _ROOT_LINK.finditer(blank_code(body)):
        if found.group("path") in imported:
            out += [body[position : found.end(1)], f"/{target}"]
            position = found.end(1)
    return "".join([*out, body[position:]])


class _Urls:
    """Who has each URL of the site: its pages (a post at its `slug`), the plugins' pages, and the posts
    imported so far. An imported post at a taken URL is a problem, so it is written as a draft: published,
    one of the two would be left out of the site."""

    def __init__(self, existing: list[str], docs_dir: Path, options: ImportOptions) -> None:
        self.directory_urls = options.use_directory_urls
        self.owners: dict[str, str] = {}
        for path in options.hub_pages:
            self.owners.setdefault(page_url(f"{path}.md", self.directory_urls), f"{path}.md (the hub's page)")
        for src_uri in existing:
            if not src_uri.endswith(".md"):
                continue
            slug = None
            if src_uri.startswith(f"{options.posts_dir}/"):
                try:
                    text = (docs_dir / src_uri).read_text(encoding="utf-8-sig", errors="replace")
                except OSError:
                    text = ""  # `contenthub check` says why it cannot be read; its file's name gives its URL
                slug, _ = declared_slug(src_uri, text)
            self.owners.setdefault(self.url(src_uri, slug), src_uri)

    def url(self, src_uri: str, slug: str | None) -> str:
        placed = posixpath.join(posixpath.dirname(src_uri), f"{slug}.md") if slug else src_uri
        return page_url(placed, self.directory_urls)

    def claim(self, post: Incoming, src_uri: str) -> None:
        url = self.url(src_uri, post.slug())
        owner = self.owners.setdefault(url, src_uri)
        if owner != src_uri:
            hint = "give it another `slug:`, or import it into another folder with --to"
            post.problem(post.lines.get("slug"), "slug" if "slug" in post.meta else "", f"its URL, `{url}`, is "
                         f"`{owner}`'s; published, one of them would be left out of the site", hint)  # fmt: skip

    def owner(self, key: str) -> str | None:
        return self.owners.get(page_url(key, self.directory_urls))


_HTML = (".html", ".htm")


def _is_file(path: str) -> bool:
    """Whether an old URL names a file that is no page (`sitemap.xml`, `feed.json`), by its type: a dot in a
    slug (`python-3.12-released`) makes no file."""
    kind, _ = mimetypes.guess_type("x" + PurePosixPath(path).suffix.lower()) if not path.endswith("/") else (None, None)
    return kind is not None and kind != "text/html"


def _html_pages(plan: Plan, old_urls: list[str], use_directory_urls: bool) -> None:
    """One problem for all the old URLs that end in `.html` (every post of a Jekyll site in its default
    style): mkdocs-redirects makes `page/index.html` of them under directory URLs, never `page.html`."""
    html = [old for old in old_urls if PurePosixPath(urlsplit(old).path).suffix.lower() in _HTML]
    if html and use_directory_urls:
        some = "`" + "`, `".join(html[:2]) + "`" + (f" and {len(html) - 2} more" if len(html) > 2 else "")
        message = f"{some} end in .html, which mkdocs-redirects serves only without directory URLs"
        hint = "set `use_directory_urls: false`, or redirect them on the web server; each post lists its own"
        plan.problems.append(Diagnostic("redirect_maps", None, "", message, hint))


def _redirect(plan: Plan, composed: Composed, old: str, urls: _Urls, use_directory_urls: bool) -> None:
    """The old URL as mkdocs-redirects names a page: the Markdown file that would have been built there;
    never over a page of the site, an imported post or another post's old URL."""
    path = unquote(urlsplit(old.replace("\\", "/")).path)  # a browser reads `\` as `/`
    # `.` and `..` dropped, as Jekyll sanitizes its URLs: no redirect is ever written outside the site
    path = "/".join(part for part in path.split("/") if part not in (".", "..")).lstrip("/")
    suffix = PurePosixPath(path).suffix.lower()
    if _is_file(path):
        message = f"the old URL `{old}` is no page (a `{suffix}` file): mkdocs-redirects redirects pages only"
        hint = "redirect it on the web server, if it is still asked for"
        plan.problems.append(Diagnostic(composed.src_uri, None, "redirect_from", message, hint))
        return
    if suffix in _HTML:
        if use_directory_urls:
            return  # said once for all of them, by _html_pages
        key = path.rsplit(".", 1)[0] + ".md"
    elif not path or path.endswith("/"):
        key = f"{path}index.md"
    else:
        key = f"{path}/index.md"
    taken = plan.redirects.get(key) or urls.owner(key)
    if taken == composed.src_uri:
        return  # the post is at its old address: nothing to redirect
    if taken is not None:
        message = f"the old URL `{old}` is `{taken}`'s; it is left out of the redirect map"
        hint = "redirect it by hand, to the page it should lead to"
        plan.problems.append(Diagnostic(composed.src_uri, None, "redirect_from", message, hint, Severity.ERROR))
        return
    plan.redirects[key] = composed.src_uri
