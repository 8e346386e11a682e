"""Outside feeds, one job a module: subscriptions → fetch (bytes) → parse → clean → store → curate.

- store (feeds/cache): `cache` (a source's entries), `cache_file` (its JSON file), `health` (how fetching
  went), `atomic` (files written whole)
- curate: `rules` (keep/block), `classify` (facet values), `periods` (what roundup files ask for), `stories`
  (entries as the pages show them)
- around them: `config` and `options` (the settings), `refresh` and `workers` (a refresh), `library` (what a
  build reads), `draft` (a roundup draft)
"""
