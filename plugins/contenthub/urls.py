"""Site-relative URLs, as MkDocs gives them ('' for the home page, 'a/b/' or 'a/b.html' for others)."""

from __future__ import annotations


def depth(page_url: str) -> int:
    """How many folders deep a page's output sits: 0 for '' and 'a.html', 2 for 'a/b/'."""
    return page_url.count("/")


def relative_url(target: str, page_url: str) -> str:
    """The link from the page at `page_url` to `target`, so sites work from any path prefix.

    Links climb to the site root and descend again: every page at the same depth gets the same text,
    which lets listings be rendered once and shared.
    """
    link = "../" * depth(page_url) + target
    return link or "./"
