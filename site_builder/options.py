"""Command-line values read the same way by every `site-builder` command."""

from __future__ import annotations

import re
from collections.abc import Iterable


def split_tags(texts: Iterable[str] | str | None) -> list[str]:
    """Tags from `--tags` text: separated by commas, spaces or both, each once, in order.

    A tag slug has no spaces, so `--tags "a, b"`, `--tags "a b"`, `--tags a,b` and
    `--tags a --tags b` all give ["a", "b"]; a tag repeated is kept once.
    """
    if texts is None:
        return []
    texts = (texts,) if isinstance(texts, str) else texts
    tags = (tag for text in texts for tag in re.split(r"[,\s]+", text) if tag)
    return list(dict.fromkeys(tags))
