"""Posts from another blog, for `contenthub import`: one reader per kind turns a source file into
`Incoming` posts (`jekyll.py`, `pelican.py`, `plain_text.py`, sharing `incoming.py`), the old site's
settings giving their old addresses (`jekyll_site.py`, `pelican_site.py`); `assets.py` finds the files
they link, to copy; `facets.py` routes their tags to the taxonomy; `compose.py` writes each with
python-frontmatter and reads it back as a build does (`content/syntax_check.py`); `plan.py` runs them in
order, and maps the old URLs. Nothing here writes a file: the command does."""

KINDS = ("jekyll", "pelican", "text")
"""What `contenthub import` reads, each by its module's reader."""
