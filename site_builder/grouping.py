"""Group validated papers by tag and by theme, and order them for display."""

from __future__ import annotations

import functools
import heapq
import itertools
from collections import Counter
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
class Groups:  # not slots: `_position` is cached on the instance
    """Every way the site slices the list, computed once per build."""

    papers: list[Paper]  # newest first
    by_tag: dict[str, list[Paper]]  # every declared tag, newest first within
    themes: list[ThemeGroup]  # in the order themes.yml declares them

    @functools.cached_property
    def _position(self) -> dict[str, int]:
        """Each paper's place in `papers` (newest first), computed once per build."""
        return {p.slug: i for i, p in enumerate(self.papers)}

    @functools.cached_property
    def _slugs_by_tag(self) -> dict[str, list[str]]:
        return {tag: [p.slug for p in papers] for tag, papers in self.by_tag.items()}

    def related(self, paper: Paper, limit: int = 5) -> list[Paper]:
        """Papers sharing the most tags with `paper`, then the newest."""
        slugs_by_tag = self._slugs_by_tag
        shared = Counter(itertools.chain.from_iterable(slugs_by_tag.get(t, ()) for t in paper.tags))
        del shared[paper.slug]
        position = self._position
        best = heapq.nsmallest(limit, shared, key=lambda slug: (-shared[slug], position[slug]))
        return [self.papers[position[slug]] for slug in best]


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
