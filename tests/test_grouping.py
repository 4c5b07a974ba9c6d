"""Grouping: the slices of the list that the tag, theme, index and paper pages show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY
from site_builder.grouping import group, newest_first
from site_builder.loading import load_reading_list, load_taxonomy
from site_builder.model import Paper, ReadingList


def paper(slug: str, title: str, tags: tuple[str, ...], added: str) -> Paper:
    return Paper(slug=slug, path=Path(f"papers/{slug}.md"), title=title, tags=tags,
                 added=dt.date.fromisoformat(added))


@pytest.fixture
def reading_list(reading_list_dir) -> ReadingList:
    """Papers over the fixture taxonomy; `false-negatives` has none."""
    taxonomy, problems = load_taxonomy(reading_list_dir.papers / "themes.yml")
    assert problems == []
    papers = (
        paper("mixing", "Mixing Hard Negatives", ("hard-negatives",), "2026-11-01"),
        paper("npo", "Negative Preference Optimization", ("unlearning", "preference-optimization"),
              "2026-11-03"),
        # Same day as `npo`: ties are broken by title, case-insensitively.
        paper("dpo", "direct Preference Optimization", ("preference-optimization",), "2026-11-03"),
        paper("forget", "Forgetting Hard Negatives", ("hard-negatives", "unlearning"),
              "2026-11-02"),
        paper("zeta", "Zeta", ("hard-negatives", "preference-optimization", "unlearning"),
              "2026-10-01"),
    )
    return ReadingList(papers=papers, taxonomy=taxonomy)


def slugs(papers) -> list[str]:
    return [p.slug for p in papers]


def test_papers_newest_added_first_ties_by_title(reading_list):
    assert slugs(group(reading_list).papers) == ["dpo", "npo", "forget", "mixing", "zeta"]


def test_newest_first_does_not_depend_on_input_order(reading_list):
    expected = slugs(newest_first(reading_list.papers))
    assert slugs(newest_first(reversed(reading_list.papers))) == expected


def test_by_tag_has_exactly_the_papers_with_each_tag_newest_first(reading_list):
    by_tag = group(reading_list).by_tag
    assert {tag: slugs(papers) for tag, papers in by_tag.items()} == {
        "hard-negatives": ["forget", "mixing", "zeta"],
        "false-negatives": [],
        "preference-optimization": ["dpo", "npo", "zeta"],
        "unlearning": ["npo", "forget", "zeta"],
    }


def test_by_tag_lists_every_declared_tag_even_without_papers(reading_list):
    by_tag = group(reading_list).by_tag
    assert list(by_tag) == list(reading_list.taxonomy.tags)
    assert by_tag["false-negatives"] == []


def test_by_tag_matches_paper_tags_for_any_paper(reading_list):
    by_tag = group(reading_list).by_tag
    for p in reading_list.papers:
        for tag, papers in by_tag.items():
            assert (p in papers) == (tag in p.tags)


def test_theme_groups_in_declared_order_with_tags_in_declared_order(reading_list):
    themes = group(reading_list).themes
    assert [g.theme.slug for g in themes] == ["negatives", "alignment"]
    negatives, alignment = themes
    assert list(negatives.by_tag) == ["hard-negatives", "false-negatives"]
    assert list(alignment.by_tag) == ["preference-optimization", "unlearning", "hard-negatives"]
    assert {t: slugs(ps) for t, ps in alignment.by_tag.items()} == {
        "preference-optimization": ["dpo", "npo", "zeta"],
        "unlearning": ["npo", "forget", "zeta"],
        "hard-negatives": ["forget", "mixing", "zeta"],
    }
    assert negatives.by_tag["false-negatives"] == []


def test_theme_papers_lists_each_paper_once_newest_first(reading_list):
    negatives, alignment = group(reading_list).themes
    assert slugs(negatives.papers) == ["forget", "mixing", "zeta"]
    # `zeta` and `forget` carry several of the theme's tags but appear once.
    assert slugs(alignment.papers) == ["dpo", "npo", "forget", "mixing", "zeta"]


def test_related_ranks_by_shared_tags_then_newest_and_excludes_the_paper(reading_list):
    groups = group(reading_list)
    by_slug = {p.slug: p for p in reading_list.papers}
    # zeta shares 2 tags with npo and forget, 1 with dpo and mixing.
    assert slugs(groups.related(by_slug["zeta"])) == ["npo", "forget", "dpo", "mixing"]
    # forget shares hard-negatives and unlearning with zeta, one tag with npo and mixing.
    assert slugs(groups.related(by_slug["forget"])) == ["zeta", "npo", "mixing"]
    for p in reading_list.papers:
        assert p.slug not in slugs(groups.related(p))


def test_related_respects_the_limit_and_omits_papers_sharing_no_tag(reading_list):
    groups = group(reading_list)
    by_slug = {p.slug: p for p in reading_list.papers}
    assert slugs(groups.related(by_slug["zeta"], limit=2)) == ["npo", "forget"]
    assert "dpo" not in slugs(groups.related(by_slug["mixing"]))


def test_empty_list_groups_to_empty_tags_and_themes(reading_list):
    groups = group(ReadingList(papers=(), taxonomy=reading_list.taxonomy))
    assert groups.papers == []
    assert all(papers == [] for papers in groups.by_tag.values())
    assert all(g.papers == [] for g in groups.themes)


def test_grouping_the_loaded_fixture_list(small_list):
    result = load_reading_list(small_list.papers, today=TODAY)
    assert result.problems == []
    groups = group(result.reading_list)
    assert slugs(groups.papers) == ["negative-preference-optimization",
                                    "false-negatives-in-retrieval", "hard-negative-mixing"]
    assert slugs(groups.by_tag["hard-negatives"]) == ["false-negatives-in-retrieval",
                                                      "hard-negative-mixing"]


def test_a_shared_rare_tag_counts_more_than_a_shared_common_one(reading_list_dir):
    taxonomy, _ = load_taxonomy(reading_list_dir.papers / "themes.yml")
    common = [paper(f"common-{i}", f"Common {i}", ("hard-negatives",), "2026-10-01")
              for i in range(6)]
    papers = (
        paper("me", "Me", ("hard-negatives", "false-negatives"), "2026-11-01"),
        # Newer, but shares only hard-negatives, which seven papers have.
        paper("common-newest", "Common newest", ("hard-negatives",), "2026-11-05"),
        # Older, but shares false-negatives, which only two papers have.
        paper("rare", "Rare", ("false-negatives",), "2026-09-01"),
        *common,
    )
    groups = group(ReadingList(papers=papers, taxonomy=taxonomy))
    assert groups.tag_weight("false-negatives") > groups.tag_weight("hard-negatives")
    assert slugs(groups.related(papers[0], limit=2)) == ["rare", "common-newest"]


def test_related_papers_match_scoring_every_paper(reading_list_dir):
    # The index finds the best papers without scoring them all; check it against doing so.
    taxonomy, _ = load_taxonomy(reading_list_dir.papers / "themes.yml")
    import random
    rng = random.Random(3)
    tags = list(taxonomy.tags)
    papers = tuple(paper(f"p{i}", f"P {i}", tuple(rng.sample(tags, rng.randint(1, 3))),
                         f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}")
                   for i in range(150))
    groups = group(ReadingList(papers=papers, taxonomy=taxonomy))
    position = {p.slug: i for i, p in enumerate(groups.papers)}
    for me in papers:
        scores = {q.slug: round(sum(groups.tag_weight(t) for t in set(me.tags) & set(q.tags)), 9)
                  for q in papers if q.slug != me.slug and set(me.tags) & set(q.tags)}
        expected = sorted(scores, key=lambda s: (-scores[s], position[s]))[:5]
        assert slugs(groups.related(me)) == expected, me.slug
