"""The order of the hub's work across the three plugins, event by event, in one place.

MkDocs runs each event's handlers by priority, higher first (its default is 0); the numbers below set
that order. A build goes:

- `on_config`: the taxonomy makes the build's hub (`contenthub.hub.Hub`) and shares it; then roundups
  and syndication register on it what they add: roundups a folder of posts, their index page and a feed
  series; syndication the feeds page, and feeds on every hub page.
- `on_files`: the taxonomy puts every planned page in the site (the author's own, or a generated one),
  finds the posts and reads them once; under --dirty it reads them whole and derives the hub already.
  Then roundups and syndication mark what --dirty must rebuild.
- `on_page_markdown`: the taxonomy keeps each post's front matter and Markdown first, before any other
  plugin rewrites them; roundups read each roundup's period, picks and exclusions.
- `on_env`: the taxonomy reads the posts into the hub and derives it; roundups put the outside entries in
  the hub and their pages; syndication writes the feeds, now that every page is rendered; the taxonomy
  escapes the front matter the theme prints, reports every problem of the build at once, and freezes
  what is loaded.
- `on_page_context` and `on_post_page`: each plugin puts its part into the pages it shows.
"""

TAXONOMY_MARKDOWN = 50
"""The taxonomy reads each post before other plugins rewrite its Markdown, so excerpts are the author's."""
ROUNDUPS = -10
"""Roundups' settings and files, after the taxonomy has made the hub."""
SYNDICATION_CONFIG = -20
"""Syndication's settings, after the roundups' (which add a feed series)."""
ROUNDUPS_PAGES = -40
"""Roundups' pages and entries, before syndication reads the pages for the feeds."""
SYNDICATION = -50
"""Feeds and their links, once every page holds what it shows."""
THEME_TEXT = -90
"""Front matter the theme prints, escaped once every other plugin has read it as written."""
REPORT = -95
"""Every problem of the build, reported at once, once every plugin has added its own."""
LAST = -100
"""After every other handler, such as the freeze at the end of `on_env`."""
