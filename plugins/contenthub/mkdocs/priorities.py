"""In which order the hub's plugins handle one MkDocs event: higher runs first (MkDocs' default is 0).

The taxonomy comes first, as the others read the hub it derives; roundups add their posts and pages
before syndication puts every post in the feeds; and the taxonomy freezes what they all loaded last.
"""

HUB_PAGES = 10
"""The other plugins' pages (the feeds page, the roundups index) join the files before the taxonomy reads
the posts: it gives every URL one page, and under --dirty it does so in `on_files`."""
TAXONOMY_MARKDOWN = 50
"""The taxonomy reads each post before other plugins rewrite its Markdown, so excerpts are the author's."""
ROUNDUPS = -10
"""Roundups' settings and files, after the taxonomy's."""
SYNDICATION_CONFIG = -20
"""Syndication's settings, after the roundups' (which add a feed series)."""
ROUNDUPS_PAGES = -40
"""Roundups' pages and entries, before syndication reads the pages for the feeds."""
SYNDICATION = -50
"""Feeds and their links, once every page holds what it shows."""
THEME_TEXT = -90
"""Front matter the theme prints, escaped once every other plugin has read it as written."""
LAST = -100
"""After every other handler, such as the freeze at the end of `on_env`."""
