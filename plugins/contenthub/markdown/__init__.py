"""Python-Markdown extensions: the per-page syntax of the hub, for any host that runs Python-Markdown.

They import neither MkDocs nor the plugins, so they run under MkDocs, ProperDocs and any other host
that hands a page's Markdown to Python-Markdown. The taxonomy plugin enables them with the build's hub;
elsewhere they are listed by name in `markdown_extensions`.

- `contenthub.markdown.links`: Pelican's intra-site links (`{filename}post.md`, `{static}`, `{index}`,
  `{tag}`, `{category}`) and a link to any facet value (`{market}B2B`), checked at build.
"""
