"""mkdocs-contenthub: a faceted knowledge hub for MkDocs.

The core (everything outside `contenthub.mkdocs`) never imports MkDocs; the plugins there are thin adapters.
"""

__version__ = "0.1.0"
