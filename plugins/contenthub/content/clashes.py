"""One page per URL: posts that would be published where another page is.

Two files can give one URL (`posts/dup.md` and `posts/dup/index.md` are both `posts/dup/`), and the one
written last would replace the other without a word. Every page of the site is a claim on its URL; of
the claims on one URL, a page that is not a post keeps it (the hub's own pages are linked from
everywhere, and the author's pages are not the hub's to drop), else the first post by file path, which
no build order or file system changes. The other posts are left out of the hub and of the site.

A listing's later pages (`<listing>/page/2/` and on) are the hub's too, though how many there are is only
known once the posts are: so a post at the URL of any later page (`page/N.md`, N from 2) is left out the
same way, whatever the count, and an author's page there is reported (the hub's page replaces it).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from itertools import groupby
from typing import NamedTuple

from ..model import Diagnostic


class Claim(NamedTuple):  # a tuple: a build makes one for every page, and tuples are quick to make
    url: str
    src_uri: str
    post: bool
    """A post's file, read into the hub or not: it gives way to any other page."""
    made_by: str = ""
    """The plugin that makes the page, when no file of the author's holds it."""

    def named(self) -> str:
        return f"`{self.src_uri}` (a page {self.made_by} makes)" if self.made_by else f"`{self.src_uri}`"


def url_clashes(claims: Iterable[Claim], listings: Collection[str] = ()) -> tuple[set[str], list[Diagnostic]]:
    """The post files to leave out so that every URL has one page, and a problem for each, in file order.
    `listings`: the paths (no `.md`) of the pages whose later pages the hub makes."""
    dropped: set[str] = set()
    problems: list[Diagnostic] = []
    claims = list(claims)
    if listings:
        # By URL: `page/2.md` and `page/2/index.md` are both `page/2/`, and without directory URLs only
        # the first is `page/2.html`.
        later = re.compile(rf"({'|'.join(map(re.escape, listings))})/page/([2-9]|[1-9]\d+)(?:/|\.html)")
        for claim in claims:
            if "page/" not in claim.url or (found := later.fullmatch(claim.url)) is None:
                continue
            listing, number = found.groups()
            where = f"is where the hub puts page {number} of the listing `{listing}` when it has that many"
            if claim.post:
                dropped.add(claim.src_uri)
                message = f"{where}; this post is left out of the hub and the site"
            else:
                message = f"{where}; the hub's page replaces this one then"
            problems.append(Diagnostic(claim.src_uri, None, "", message, f"move it out of `{listing}/page/`"))
        claims = [claim for claim in claims if claim.src_uri not in dropped]
    if len({claim.url for claim in claims}) == len(claims):
        return dropped, problems  # the usual case, without sorting every page
    for url, group in groupby(sorted(claims, key=lambda c: (c.url, c.post, c.src_uri)), key=lambda c: c.url):
        kept, *others = group
        for other in others:
            if not other.post:
                continue  # two pages of the author's: not the hub's to choose between
            dropped.add(other.src_uri)
            if kept.post:
                why, hint = "is kept, as the first by file path", "rename or move one of them"
            else:
                why, hint = "keeps it, as a page that is not a post", "rename or move the post"
            message = (
                f"{kept.named()} has the same URL, `{url}`, and {why}; this post is left out of the hub and the site"
            )
            problems.append(Diagnostic(other.src_uri, None, "", message, hint))
    return dropped, sorted(problems, key=lambda d: d.file)
