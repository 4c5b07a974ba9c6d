"""The data behind the filterable list of every paper (`/papers/`), kept compact.

The list page itself shows the newest papers as cards and pages through the rest, so it
works without JavaScript and stays light at any size. Its filter (tags, words, sorting)
runs in the reader's browser over `papers/filter.json`, fetched when the reader first
filters: one short row per paper, tags as numbers into one list of tag names. Words are
matched in titles and authors from this file and in abstracts from the search index the
site already has, so no paper's abstract is sent twice.
"""

from __future__ import annotations

import json
import re

from .model import Paper

FILTER_DATA = "papers/filter.json"
FILTER_DATA_VERSION = 1

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")


def shorten(text: str, length: int) -> str:
    """`text` cut at a word boundary to about `length` characters."""
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def first_sentence(text: str, limit: int = 240) -> str:
    """The first sentence of plain text, cut at a word near `limit` if it runs longer."""
    text = " ".join(text.split())
    return shorten(_SENTENCE_END.split(text, maxsplit=1)[0], limit)


def filter_data(papers: list[Paper], tags: list[str], first_sentences: dict[str, str]) -> str:
    """`papers/filter.json`: every paper as one row, newest addition first.

    A row is `[slug, title, authors, venue, year, added, published, tag numbers,
    first sentence, links]`, where `links` names the link buttons the paper has.
    """
    number = {tag: i for i, tag in enumerate(tags)}
    rows = [[paper.slug, paper.title, list(paper.authors), paper.venue or "",
             paper.year or 0, paper.added.isoformat(), paper.published or "",
             [number[t] for t in paper.tags if t in number],
             first_sentences.get(paper.slug, ""),
             "".join(code for code, present in (("p", paper.pdf), ("c", paper.code))
                     if present)]
            for paper in papers]
    return json.dumps({"version": FILTER_DATA_VERSION, "tags": tags, "papers": rows},
                      ensure_ascii=False, separators=(",", ":"))
