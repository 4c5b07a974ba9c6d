"""Options of the `reading-list` MkDocs plugin, as set under `plugins:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ReadingListConfig(base.Config):
    papers_dir = c.Type(str, default="papers")
    """The folder of paper files and `themes.yml`, relative to mkdocs.yml."""

    nav = c.Type(bool, default=True)
    """Build a small navigation (home, papers, themes, tags, docs pages) when mkdocs.yml
    has no `nav:`. Paper and tag pages are never listed in the navigation."""

    parallel = c.Optional(c.Type(bool))
    """`false`: render every page in this process. Unset or `true`: render in a second
    process while MkDocs works, where that can help (Linux, two or more cores, not under
    `mkdocs serve`, whose rebuilds render only what changed)."""
