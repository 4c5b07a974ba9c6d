"""Publish a curated reading list of research papers: loading, validation and pages.

Everything here except `plugin` is plain Python; MkDocs is the engine that publishes it.
"""

__version__ = "0.1.0"
