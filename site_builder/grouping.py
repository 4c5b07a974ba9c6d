"""Group validated papers by tag and by theme, and order them for display."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .model import Paper, ReadingList, Theme


def newest_first(papers: Iterable[Paper]) -> list[Paper]:
    """Papers by date added, newest first; ties by title so the order is stable."""
    return sorted(sorted(papers, key=lambda p: p.title.casefold()),
                  key=lambda p: p.added, reverse=True)


@dataclass(frozen=True)
class ThemeGroup:
    """A theme with its papers, grouped under each of the theme's tags."""

    theme: Theme
    by_tag: dict[str, list[Paper]]  # every tag of the theme, in declared order
    papers: list[Paper]  # each paper once, newest first


@dataclass(frozen=True)
class Groups:
    """Every way the site slices the list, computed once per build."""

    papers: list[Paper]  # newest first
    by_tag: dict[str, list[Paper]]  # every declared tag, newest first within
    themes: list[ThemeGroup]  # in the order themes.yml declares them

    def related(self, paper: Paper, limit: int = 5) -> list[Paper]:
        """Papers sharing the most tags with `paper`, then the newest."""
        shared: dict[str, int] = {}
        for tag in paper.tags:
            for other in self.by_tag.get(tag, ()):
                if other.slug != paper.slug:
                    shared[other.slug] = shared.get(other.slug, 0) + 1
        order = {p.slug: i for i, p in enumerate(self.papers)}
        best = sorted(shared, key=lambda slug: (-shared[slug], order[slug]))[:limit]
        by_slug = {p.slug: p for p in self.papers if p.slug in shared}
        return [by_slug[slug] for slug in best]


def group(reading_list: ReadingList) -> Groups:
    """Group the reading list by tag and by theme."""
    papers = newest_first(reading_list.papers)
    by_tag: dict[str, list[Paper]] = {tag: [] for tag in reading_list.taxonomy.tags}
    for paper in papers:
        for tag in paper.tags:
            by_tag.setdefault(tag, []).append(paper)
    themes = []
    for theme in reading_list.taxonomy.themes.values():
        theme_by_tag = {tag: by_tag.get(tag, []) for tag in theme.tags}
        in_theme = {p.slug for tag_papers in theme_by_tag.values() for p in tag_papers}
        themes.append(ThemeGroup(theme, theme_by_tag, [p for p in papers if p.slug in in_theme]))
    return Groups(papers=papers, by_tag=by_tag, themes=themes)
