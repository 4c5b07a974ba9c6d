"""The seed papers carry exactly the metadata their sources state (tests/data/metadata.tsv,
a copy of ../shared/seed/metadata.tsv) and nothing invented."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import REPO
from site_builder.loading import load_reading_list

METADATA = Path(__file__).parent / "data" / "metadata.tsv"


def rows() -> list[dict[str, str]]:
    with METADATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def seed_papers():
    result = load_reading_list(REPO / "papers")
    assert result.problems == []
    return {p.title: p for p in result.reading_list.papers}


@pytest.mark.parametrize("row", rows(), ids=lambda row: row["arxiv"] or row["title"][:30])
def test_a_seed_paper_has_the_metadata_its_sources_give(row, seed_papers):
    paper = seed_papers[row["title"]]
    authors = tuple(n.strip() for n in row["authors"].split(";") if n.strip())
    assert paper.authors == authors
    assert paper.published == (row["published"] or None)
    assert paper.venue == (row["venue"] or None)  # an empty cell stays absent
    assert paper.arxiv == (row["arxiv"] or None)
    assert paper.pdf == (f"https://arxiv.org/pdf/{row['arxiv']}" if row["arxiv"] else None)
    # No link that only repeats the arXiv page the arxiv field already gives.
    assert not (paper.url or "").startswith("https://arxiv.org/abs/")


def test_every_seed_paper_is_in_the_metadata(seed_papers):
    assert {row["title"] for row in rows()} == set(seed_papers)
