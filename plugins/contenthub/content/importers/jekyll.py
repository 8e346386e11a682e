"""Jekyll posts: `_posts/2009-01-08-slug.md`, YAML front matter read with python-frontmatter, and the Liquid
Jekyll runs in the body turned into what the hub reads (fenced code, `{filename}` links, root-relative URLs)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from datetime import date as date_type
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ...markdown.embeds import OTHERS, TAGS
from ..frontmatter import read_front_matter
from ..markdown_code import code_ranges
from .incoming import DATE_HINT, ImportFile, Incoming, file_name, key_lines, read_date
from .jekyll_site import JekyllSite, fill_permalink

NAME = re.compile(r"^(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})-)?(?P<slug>.+)\.(?:md|markdown|mkd|mkdn|mdown)$", re.I)
"""A post's file: `2009-01-08-slug.md` (or `2009-1-8-slug.md`, as Jekyll reads it) in `_posts/`, or
`slug.md` in `_drafts/`."""
OTHER_FORMATS = {".html": "HTML", ".htm": "HTML", ".textile": "Textile"}
"""Posts Jekyll publishes that this import does not read: reported by name, never half converted."""
_BOUNDARY = re.compile(r"^-{3}[ \t]*$", re.M)
_LIQUID = re.compile(r"\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}|\{\{-?\s*(?P<expr>[^}]*?)\s*-?\}\}", re.S)
_END_RAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_END_COMMENT = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_SITE_ROOT = re.compile(r"site\.(?:url|baseurl)")
_KEPT = frozenset((*TAGS, *OTHERS))
"""Liquid tags the hub's Markdown extensions read as Pelican's liquid_tags did: kept as written."""


def post_key(name: str) -> str:
    """What `{% post_url %}` names a post by: its file name without the extension."""
    return name.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def wanted_name(file: ImportFile) -> str:
    """The file to write: the slug of the Jekyll file name, the date left to the front matter."""
    found = NAME.match(file.relative.rsplit("/", 1)[-1])
    return file_name(found.group("slug") if found else "")


def read_jekyll(
    file: ImportFile, text: str, name: str, posts: Mapping[str, str], zone: tzinfo, site: JekyllSite | None = None
) -> Incoming:
    """The post, to be written as `name`, with its problems (a file that is no Jekyll post carries only that);
    `site` is the Jekyll site it comes from, when its `_config.yml` was found."""
    incoming = Incoming(file, name, {}, "")
    bounds = list(_BOUNDARY.finditer(text))[:2]
    if len(bounds) < 2 or bounds[0].start() != 0:
        hint = "Jekyll copies a file without `---` front matter as it is; give it front matter to import it"
        incoming.problem(1, "", "no front matter, so Jekyll does not read it as a post; it is not imported", hint)
        return incoming
    header = text[bounds[0].end() + 1 : bounds[1].start()]
    incoming.lines = key_lines(header, 2)
    try:
        meta = YAMLHandler().load(header) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or "not valid YAML"
        incoming.problem(line, "", f"the front matter cannot be read ({problem}); it is not imported")
        return incoming
    except ValueError:  # a value YAML reads as a date, and no day of the calendar: the hub's reader says where
        front, _ = read_front_matter(file.shown, text)
        for key, value in front.unbuilt.items():
            incoming.problem(
                value.line, key, f"cannot read `{value.text}` ({value.why}); it is not imported", DATE_HINT
            )
        if not front.unbuilt:
            incoming.problem(2, "", "a value of the front matter cannot be read; it is not imported")
        return incoming
    if not isinstance(meta, dict):
        incoming.problem(2, "", "the front matter is not a mapping of keys to values; it is not imported")
        return incoming
    _front_matter(incoming, meta, site.zone if site and site.zone else zone)
    _old_url(incoming, meta, site)
    after = text[bounds[1].end() + 1 :]
    body = after.lstrip("\n")
    body_line = text.count("\n", 0, bounds[1].start()) + 2 + len(after) - len(body)
    incoming.body, incoming.body_line = _liquid(incoming, body, body_line, posts), body_line
    return incoming


def _front_matter(incoming: Incoming, meta: dict[str, Any], zone: tzinfo) -> None:
    """Jekyll's keys in the hub's: `excerpt` is the description, `published: false` a draft, a `permalink`
    the old URL; tags and categories wait for the taxonomy."""
    found = NAME.match(incoming.file.relative.rsplit("/", 1)[-1])
    lines, out = incoming.lines, incoming.meta
    title = meta.get("title")
    slug = found.group("slug") if found else ""
    if title is not None and not _is_word(title):
        incoming.problem(lines.get("title"), "title", f"expected text, got {type(title).__name__}", "write `title: …`")
        title = None
    out["title"] = str(title).strip() if title not in (None, "") else slug.replace("-", " ").strip().capitalize()
    if title in (None, ""):
        incoming.notes.append(f"no title: made from the file name, `{out['title']}`")
    date: datetime | date_type | None = None
    if "date" in meta:
        # YAML's own timestamp without an offset (`2021-01-03 23:30:00`) Jekyll reads as UTC; text, in the zone
        naive = isinstance(meta["date"], datetime) and meta["date"].tzinfo is None
        date = read_date(meta["date"].replace(tzinfo=UTC) if naive else meta["date"], zone)
        if date is None:
            incoming.problem(lines.get("date"), "date", f"cannot read `{meta['date']}` as a date", DATE_HINT)
    elif found and found.group("date"):
        date = read_date(found.group("date"), zone)
        if date is None:
            incoming.problem(1, "date", f"the file name's date, {found.group('date')}, is no day of the calendar")
    else:
        hint = "add `date: 2009-01-08` to its front matter, or a date to its name (2009-01-08-title.md)"
        incoming.problem(1, "date", "the post has no date; it is not imported", hint)
    if date is not None:
        out["date"] = date
    for key, raw in meta.items():
        if key in ("title", "date"):
            continue
        if key in ("tags", "categories", "category"):
            # Jekyll splits a string of `tags` or `categories` on spaces; `category` is one, spaces and all
            split = isinstance(raw, str) and key in ("tags", "categories")
            words = raw.split() if split else raw if isinstance(raw, list) else [raw]
            if not all(_is_word(word) or word is None for word in words):
                hint = f"write `{key}: [one, two]`"
                incoming.problem(lines.get(key), key, "expected a list of words; they are not imported", hint)
                continue
            incoming.words.setdefault(key, []).extend(str(w).strip() for w in words if w is not None and str(w).strip())
        elif key in ("excerpt", "description") and not _is_word(raw):
            incoming.problem(lines.get(key), key, f"expected text, got {type(raw).__name__}; it is not imported")
        elif key in ("excerpt", "description"):
            if "description" not in meta or key == "description":
                out["description"] = str(raw).strip()
            else:
                incoming.notes.append("`excerpt` dropped: `description` says it")
        elif key == "published":
            if raw is False:
                out["draft"] = True
        elif key == "hidden":
            if raw is True:
                out["status"] = "hidden"
        elif key == "permalink" and isinstance(raw, str) and raw.strip():
            incoming.old_url = raw.strip()  # its placeholders filled in once the categories are known
        elif key == "permalink":  # empty: the site's style, as Jekyll reads it
            if raw is not None and raw != "":
                incoming.notes.append(f"`permalink: {raw}` is no address: the site's style is used")
        elif key == "layout":
            incoming.notes.append(f"`layout: {raw}` dropped: the theme lays out every post")
        elif key == "author" and isinstance(raw, list):
            out["authors"] = [str(name) for name in raw]
        else:
            out[key] = raw
    if "hidden" in incoming.words.get("tags", []):
        incoming.words["tags"].remove("hidden")
        out["status"] = "hidden"
        incoming.notes.append("tag `hidden` read as `status: hidden`: built, but left out of listings and feeds")


def _is_word(raw: Any) -> bool:
    return isinstance(raw, str | int | float) and not isinstance(raw, bool)


def _old_url(incoming: Incoming, meta: dict[str, Any], site: JekyllSite | None) -> None:
    """Where Jekyll published the post: its own `permalink`, else the site's style (a post Jekyll never
    published, `published: false`, had no address), placeholders filled in."""
    permalink = incoming.old_url
    if permalink is None and site is not None and site.permalink and not incoming.meta.get("draft"):
        permalink = site.permalink
    when = incoming.meta.get("date")
    if permalink is None or not isinstance(when, date_type):
        return
    if site is not None and site.zone is not None and isinstance(when, datetime):
        when = when.astimezone(site.zone)  # Jekyll's URLs name the site's day, whatever the offset written
    file_name = incoming.file.relative.rsplit("/", 1)[-1]
    found = NAME.match(file_name)
    title = str(meta["slug"]) if _is_word(meta.get("slug")) else found.group("slug") if found else ""
    words = incoming.words
    # As Jekyll orders them: the folders above `_posts`, `categories`, then `category`
    categories = [*(site.categories if site else ()), *words.get("categories", []), *words.get("category", [])]
    incoming.old_url = fill_permalink(permalink, when, title, file_name.rsplit(".", 1)[0], categories)
    if incoming.old_url is None:
        incoming.notes.append(f"permalink `{permalink}` has placeholders Jekyll does not know: no old address")


def _liquid(incoming: Incoming, body: str, first_line: int, posts: Mapping[str, str]) -> str:
    """The body with Jekyll's Liquid done as the hub does it; any other Liquid reported and left as written."""
    out: list[str] = []
    position = 0
    fence: int | None = None
    """The line of the `{% highlight %}` open, if one is."""
    while (found := _LIQUID.search(body, position)) is not None:
        out.append(body[position : found.start()])
        position = found.end()
        tag, args, expr = found.group("tag"), (found.group("args") or "").strip(), found.group("expr")
        line = first_line + body.count("\n", 0, found.start())
        if tag in ("raw", "comment"):
            end = (_END_RAW if tag == "raw" else _END_COMMENT).search(body, position)
            if end is None:
                incoming.problem(
                    line, "", f"`{{% {tag} %}}` has no `{{% end{tag} %}}`; the rest of the post is read as its text"
                )
            inside = body[position : end.start() if end else len(body)]
            out.append(_kept_as_text(inside) if tag == "raw" else "<!--" + inside.replace("--", "- -") + "-->")
            position = end.end() if end else len(body)
        elif tag == "highlight" and fence is None:
            fence = line
            language = args.split()[0] if args else ""
            out.append(_own_line(out, f"```{language}", body, position))
        elif tag == "endhighlight" and fence is not None:
            fence = None
            out.append(_own_line(out, "```", body, position))
        elif tag in ("post_url", "link") and (target := posts.get(post_key(args))):
            out.append("{filename}" + target)
        elif expr is not None and _SITE_ROOT.fullmatch(expr):
            follows = body[position : position + 2]
            out.append("" if follows.startswith(("/", "{{", "{%")) else "/")
        elif tag in _KEPT:
            out.append(found.group(0))
        else:
            out.append(found.group(0))
            written = found.group(0)
            if tag in ("post_url", "link"):
                message = f"`{written}`: no post `{post_key(args)}` among those imported; it is left as written"
                hint = "import that post too, or link to its page in the hub"
            else:
                message = f"`{written}`: Liquid the hub does not run; it is left as written"
                hint = "replace it with Markdown, or with an embed such as `{% youtube ID %}`"
            incoming.problem(line, "", message, hint)
    out.append(body[position:])
    if fence is not None:
        incoming.problem(fence, "", "`{% highlight %}` has no `{% endhighlight %}`; the code block runs to the end")
        out.append(_own_line(out, "```", "", 0))
    return "".join(out)


def _kept_as_text(raw: str) -> str:
    """What `{% raw %}` shows as written: outside code, `{%` as a character reference, so that no liquid tag
    of the hub's (`{% youtube … %}`) runs where Jekyll showed the text."""
    out, position = [], 0
    for start, end in code_ranges(raw):
        out += [raw[position:start].replace("{%", "{&#37;"), raw[start:end]]
        position = end
    return "".join([*out, raw[position:].replace("{%", "{&#37;")])


def _own_line(out: list[str], fence: str, body: str, position: int) -> str:
    """A code fence on a line of its own, wherever the tag stood in its line."""
    before = "" if not out or not out[-1] or out[-1].endswith("\n") else "\n"
    after = "" if body[position : position + 1] in ("\n", "") else "\n"
    return before + fence + after
