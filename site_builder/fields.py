"""The fields of a paper's front matter and the rule each follows.

The validator (`loading`), the JSON Schema (`schema`) and the file writer (`writing`) all
read this one table, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from .model import Paper

SLUG_MAX_LENGTH = 80
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
YEAR_PATTERN = r"^[1-9][0-9]{3}$"
# New style (0704.0001 onwards: YYMM.NNNN, from 2015 YYMM.NNNNN) and old style
# (archive[.SUBJECT]/YYMMNNN), each with an optional version.
ARXIV_PATTERN = (
    r"^(?:[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/[0-9]{7})(?:v[0-9]+)?$"
)
DOI_PATTERN = r"^10\.[0-9]{4,9}(?:\.[0-9]+)*/\S+$"
URL_PATTERN = r"^https?://[^\s/?#<>\"]+[^\s<>\"]*$"

# One line of text with something in it: titles, venues, names, descriptions.
ONE_LINE_TEXT_PATTERN = r"^[^\n\r]*\S[^\n\r]*$"
TEXT_MAX_LENGTH = 500  # a title, not an abstract; also keeps duplicate matching cheap

# Where arXiv keeps a paper's page and PDF.
ARXIV_ABS_URL = "https://arxiv.org/abs/{}"
ARXIV_PDF_URL = "https://arxiv.org/pdf/{}"

SLUG_RE = re.compile(SLUG_PATTERN)
DATE_RE = re.compile(DATE_PATTERN)
YEAR_RE = re.compile(YEAR_PATTERN)
ARXIV_RE = re.compile(ARXIV_PATTERN)
DOI_RE = re.compile(DOI_PATTERN)
URL_RE = re.compile(URL_PATTERN)


def iso_date(text: str) -> dt.date | None:
    """The date `text` writes as YYYY-MM-DD, or None when it is not a real one."""
    if not DATE_RE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # such as 2024-02-30
        return None


class Kind(enum.Enum):
    """What sort of value a field holds."""

    TEXT = "text"
    TAGS = "tags"
    DATE = "date"
    DATE_OR_YEAR = "date or year"
    NAMES = "names"
    ARXIV = "arxiv"
    DOI = "doi"
    URL = "url"


@dataclass(frozen=True)
class Field:
    """One front-matter key: its kind, whether it is required, and how to explain it."""

    name: str
    kind: Kind
    required: bool
    description: str
    example: str


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("title", Kind.TEXT, True, "The paper's title, as the source gives it.",
              '"An Example Paper: Learning What Not to Generate"'),
        Field("tags", Kind.TAGS, True, "Tags declared in papers/themes.yml.",
              "[unlearning, preference-optimization]"),
        Field("added", Kind.DATE, True, "When the paper joined this list (YYYY-MM-DD).",
              "2026-11-23"),
        Field("authors", Kind.NAMES, False, "The authors' names, in the paper's order.",
              "[Ada Example, Alan Sample]"),
        Field("published", Kind.DATE_OR_YEAR, False, "Publication date (YYYY-MM-DD) or year.",
              "2024-04-08"),
        Field("venue", Kind.TEXT, False, "Where it appeared.", "Example Conference 2024"),
        Field("arxiv", Kind.ARXIV, False, "arXiv identifier, e.g. 2404.05868 or cs/0112017.",
              '"2404.00001"'),
        Field("doi", Kind.DOI, False, "DOI, starting with 10.", "10.48550/arXiv.2404.00001"),
        Field("url", Kind.URL, False, "The paper's page.", "https://arxiv.org/abs/2404.00001"),
        Field("pdf", Kind.URL, False, "The PDF.", "https://arxiv.org/pdf/2404.00001"),
        Field("code", Kind.URL, False, "Source code.", "https://github.com/example/code"),
        Field("project", Kind.URL, False, "Project page.", "https://example.org/project-page"),
        Field("data", Kind.URL, False, "Dataset.", "https://example.org/dataset"),
    )
}

REQUIRED_FIELDS = tuple(name for name, f in FIELDS.items() if f.required)
LINK_FIELDS = tuple(name for name, f in FIELDS.items() if f.kind is Kind.URL)

# What a reader sees on a paper's link buttons, in this order.
LINK_LABELS = {
    "url": "Paper",
    "pdf": "PDF",
    "arxiv": "arXiv",
    "doi": "DOI",
    "code": "Code",
    "project": "Project page",
    "data": "Data",
}


def link_urls(paper: Paper) -> dict[str, str | None]:
    """Where each of a paper's links goes, as the site writes it, in LINK_LABELS' order:
    its arXiv id as the arXiv page, its DOI as a doi.org address; None where it has none."""
    return {
        "url": paper.url,
        "pdf": paper.pdf,
        "arxiv": ARXIV_ABS_URL.format(paper.arxiv) if paper.arxiv else None,
        "doi": f"https://doi.org/{quote(paper.doi, safe='/:;()')}" if paper.doi else None,
        "code": paper.code,
        "project": paper.project,
        "data": paper.data,
    }
