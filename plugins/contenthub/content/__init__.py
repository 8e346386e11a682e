"""Reading posts: front matter, dates and excerpts into `Post` objects."""
