"""Slugs: the permanent identity and URL of a paper, made from its title."""

from __future__ import annotations

import re
import unicodedata

from .fields import SLUG_MAX_LENGTH


def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """Lowercase ASCII words of `text` joined by '-', cut at a word boundary to fit."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > 0 else max_length].strip("-")
    return slug
