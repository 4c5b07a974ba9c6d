"""Group validated papers by tag and by theme, and order them for display."""

from __future__ import annotations

import functools
import math
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
class ThemeCount:
    """A theme with how many papers and tags it gathers."""

    theme: Theme
    papers: int
    tags: int


@dataclass(frozen=True)
class Counts:
    """What a listing shows of the list as a whole: how many papers the list, each tag and
    each theme has. Listings read these rather than the groups, so a listing need be
    rendered again only when these or its own papers change (`mkdocs serve`)."""

    papers: int
    tags: dict[str, int]  # every declared tag, in declared order
    themes: tuple[ThemeCount, ...]  # in declared order


@dataclass(frozen=True)
class Groups:  # not slots: the lookups below are cached on the instance
    """Every way the site slices the list, computed once per build."""

    papers: list[Paper]  # newest first
    by_tag: dict[str, list[Paper]]  # every declared tag, newest first within
    themes: list[ThemeGroup]  # in the order themes.yml declares them

    @functools.cached_property
    def counts(self) -> Counts:
        """How many papers the list, each tag and each theme has."""
        return Counts(len(self.papers), {tag: len(listed) for tag, listed in self.by_tag.items()},
                      tuple(ThemeCount(g.theme, len(g.papers), len(g.by_tag))
                            for g in self.themes))

    @functools.cached_property
    def _related_index(self) -> _RelatedIndex:
        return _RelatedIndex(self.papers, self.by_tag)

    def tag_weight(self, tag: str) -> float:
        """How much sharing `tag` says about two papers: more, the rarer the tag."""
        return self._related_index.weights.get(tag, 0.0)

    def related(self, paper: Paper, limit: int = 5) -> list[Paper]:
        """The papers sharing the most with `paper`: the summed weight of the tags they
        share (a rarer tag counts more), then the newest."""
        return [self.papers[i] for i in self._related_index.best(paper, limit)]


class _RelatedIndex:
    """Finds a paper's related papers without scoring every paper that shares a tag.

    Two papers score by the set of tags they share, so for each paper the candidates are
    taken by shared set, best set first: for a set S, the newest papers whose tags meet
    the paper's in exactly S. Papers holding all of S are listed once per build for every
    S that some paper has, newest first; the search stops as soon as no set left can beat
    what was found. This keeps a build linear in the number of papers, where counting
    every paper that shares a tag grows with its square.
    """

    def __init__(self, papers: list[Paper], by_tag: dict[str, list[Paper]]) -> None:
        total = max(len(papers), 1)
        self.bits = {tag: 1 << i for i, tag in enumerate(by_tag)}
        self.weights = {tag: math.log(1 + total / max(len(listed), 1))
                        for tag, listed in by_tag.items()}
        self.bit_weights = [self.weights[tag] for tag in by_tag]  # bit i is tag i
        self.masks = [self._mask(p.tags) for p in papers]
        self.position = {p.slug: i for i, p in enumerate(papers)}
        # For every set of tags some paper has: the papers holding all of it, newest first.
        self.holding: dict[int, list[int]] = {}
        for i, mask in enumerate(self.masks):
            for subset in _subsets(mask):
                self.holding.setdefault(subset, []).append(i)

    def _mask(self, tags) -> int:
        mask = 0
        for tag in tags:
            mask |= self.bits.get(tag, 0)
        return mask

    def _score(self, mask: int) -> float:
        score = 0.0
        while mask:
            low = mask & -mask
            score += self.bit_weights[low.bit_length() - 1]
            mask ^= low
        return score

    def best(self, paper: Paper, limit: int) -> list[int]:
        me = self.position[paper.slug]
        mine = self.masks[me]
        shared_sets = sorted(((round(self._score(s), 9), s) for s in _subsets(mine)),
                             reverse=True)
        found: list[tuple[float, int]] = []
        for score, shared in shared_sets:
            # Scores are found best first, so found[limit - 1] holds the limit-th best.
            if len(found) >= limit and score < found[limit - 1][0]:
                break
            taken = 0
            for other in self.holding.get(shared, ()):
                if other != me and self.masks[other] & mine == shared:
                    found.append((score, other))
                    taken += 1
                    if taken == limit:
                        break
        found.sort(key=lambda f: (-f[0], f[1]))
        return [i for _, i in found[:limit]]


def _subsets(mask: int) -> list[int]:
    """Every non-empty subset of the bits of `mask`."""
    subsets = []
    subset = mask
    while subset:
        subsets.append(subset)
        subset = (subset - 1) & mask
    return subsets


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
