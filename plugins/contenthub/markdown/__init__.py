"""Python-Markdown extensions: the per-page syntax of the hub, for any host that runs Python-Markdown.

They import neither MkDocs nor the plugins, so they run under MkDocs, ProperDocs and any other host
that hands a page's Markdown to Python-Markdown. The taxonomy plugin enables them with the build's hub;
elsewhere they are listed by name in `markdown_extensions`.

- `contenthub.markdown.links`: Pelican's intra-site links (`{filename}post.md`, `{static}`, `{index}`,
  `{tag}`, `{category}`) and a link to any facet value (`{market}B2B`), checked at build.
- `contenthub.markdown.listings`: `{% posts … %}`, the latest posts on any page.
- `contenthub.markdown.embeds`: Pelican's liquid-tag embeds, private by default.
- `contenthub.markdown.include_code`: `{% include_code … %}`, a file of the code folder as a code block.

`page.py` holds what they share; `standalone.py` reads the hub for hosts without the plugins.
"""
