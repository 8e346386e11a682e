"""The MkDocs adapters: the only package that imports MkDocs."""
