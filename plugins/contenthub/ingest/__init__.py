"""Outside feeds: subscriptions → fetch (bytes) → parse → clean → store (feeds/cache) → curate."""
