"""The typed records everything else reads: papers, the taxonomy, and problems found."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located at a file and line."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.field}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class Paper:
    """One validated paper file."""

    slug: str
    path: Path
    title: str
    tags: tuple[str, ...]
    added: dt.date
    body: str = ""
    authors: tuple[str, ...] = ()
    published: str | None = None  # "YYYY-MM-DD" or "YYYY", as written
    venue: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    pdf: str | None = None
    code: str | None = None
    project: str | None = None
    data: str | None = None
    # Line of each front-matter key, so whole-list checks can point at it.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def year(self) -> int | None:
        """The publication year, if known."""
        return int(self.published[:4]) if self.published else None

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


@dataclass(frozen=True)
class Theme:
    """A themed index: a title, a description, and the tags it gathers."""

    slug: str
    title: str
    description: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    """The themes and tags declared in `papers/themes.yml`."""

    path: Path
    themes: dict[str, Theme]
    tag_descriptions: dict[str, str]
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def tags(self) -> tuple[str, ...]:
        """Every declared tag, in the order the themes first name them."""
        return tuple(dict.fromkeys(t for theme in self.themes.values() for t in theme.tags))

    def themes_of(self, tag: str) -> tuple[Theme, ...]:
        return tuple(theme for theme in self.themes.values() if tag in theme.tags)


@dataclass(frozen=True)
class ReadingList:
    """Every valid paper and the taxonomy: what pages, feeds and exports are made from."""

    papers: tuple[Paper, ...]
    taxonomy: Taxonomy


@dataclass(frozen=True)
class GeneratedFile:
    """A file published as it is (stylesheet, schema, feed, export), at a site path."""

    path: str
    content: str
