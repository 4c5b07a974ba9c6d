"""The /archive/ page's data: papers by the month they were added, newest month first.

`months(papers)` groups the papers, `month_index` groups the months by year; the pages
themselves are made by `pages.SitePages.archive_pages`. Plain Python: no engine, no templates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .grouping import newest_first
from .model import Paper

__all__ = ["Month", "months", "month_index", "MONTH_NAMES"]


# English names, not the machine's locale: the site is in English wherever it is built.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


@dataclass(frozen=True)
class Month:
    """One month of additions: `key` "2026-11" (the anchor), `label` "November 2026"."""

    key: str
    label: str
    papers: list[Paper]  # newest first, ties by title

    @property
    def year(self) -> int:
        return int(self.key[:4])


@dataclass(frozen=True)
class MonthCount:
    """A month as the archive's index shows it: where, and how many papers."""

    key: str
    label: str
    count: int

    @property
    def short_label(self) -> str:
        """"Nov": the month in the index, where the year is said once per row."""
        return self.label[:3]  # the label is "November 2026"


def months(papers: Iterable[Paper]) -> list[Month]:
    """The months in which papers were added, newest first, each with its papers newest
    first (ties by title, as every listing of the site). Months without papers are left
    out."""
    by_key: dict[str, list[Paper]] = {}
    for paper in newest_first(papers):
        by_key.setdefault(f"{paper.added.year:04d}-{paper.added.month:02d}", []).append(paper)
    return [Month(key, f"{MONTH_NAMES[int(key[5:]) - 1]} {key[:4]}", listed)
            for key, listed in sorted(by_key.items(), reverse=True)]


def month_index(all_months: list[Month]) -> list[tuple[int, list[MonthCount]]]:
    """The months grouped by year, newest year first, as the page's navigation shows them.

    Counts, not papers: so a page showing the index changes only when a count does."""
    years: dict[int, list[MonthCount]] = {}
    for month in all_months:
        years.setdefault(month.year, []).append(
            MonthCount(month.key, month.label, len(month.papers)))
    return sorted(years.items(), reverse=True)

