"""Syndication: the hub's own feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) and their OPML list."""
