"""Shared fixtures: a small reading list written into a temporary folder."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

THEMES_YML = """\
themes:
  negatives:
    title: Negative sampling
    description: How negatives are chosen.
    tags: [hard-negatives, false-negatives]
  alignment:
    title: Alignment and preferences
    description: Learning from what people prefer.
    tags: [preference-optimization, unlearning, hard-negatives]
tags:
  hard-negatives: Negatives close to the positives.
  false-negatives: Unlabelled positives taken for negatives.
  preference-optimization: Optimizing for preferred outputs.
  unlearning: Removing what a model learned.
"""

# The front matter of PRODUCT.md's example, every field given (without the '---' lines).
CONTRACT_EXAMPLE = """\
title: "An Example Paper: Learning What Not to Generate"
tags: [unlearning, preference-optimization]
added: 2026-11-23
authors: [Ada Example, Alan Sample]
published: 2024-04-08
venue: Example Conference 2024
arxiv: "2404.00001"
doi: 10.48550/arXiv.2404.00001
url: https://arxiv.org/abs/2404.00001
pdf: https://arxiv.org/pdf/2404.00001
code: https://github.com/example/learning-what-not-to-generate
project: https://example.org/project-page
data: https://example.org/dataset
"""


def paper_text(title: str, tags: list[str], added: str = "2026-11-01", body: str = "Abstract.",
               **fields: str) -> str:
    """The text of a paper file with the given fields (values written as YAML as given)."""
    lines = ["---", f'title: "{title}"', f"tags: [{', '.join(tags)}]", f"added: {added}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n---\n" + body + "\n"


class ListFolder:
    """A reading list on disk: `root/papers/`, `root/docs/`, `root/mkdocs.yml`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.papers = root / "papers"
        self.papers.mkdir(parents=True, exist_ok=True)
        (self.papers / "themes.yml").write_text(THEMES_YML, encoding="utf-8")

    def write(self, slug: str, text: str) -> Path:
        path = self.papers / f"{slug}.md"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def add(self, slug: str, title: str, tags: list[str], **fields: str) -> Path:
        return self.write(slug, paper_text(title, tags, **fields))

    def write_site_config(self) -> None:
        (self.root / "docs").mkdir(exist_ok=True)
        (self.root / "docs" / "index.md").write_text("# Test list\n\nHello.\n", encoding="utf-8")
        (self.root / "mkdocs.yml").write_text(
            "site_name: Test list\n"
            "theme:\n  name: material\n  font: false\n"
            "plugins:\n  - search\n  - reading-list\n",
            encoding="utf-8",
        )


@pytest.fixture
def reading_list_dir(tmp_path: Path) -> ListFolder:
    """An empty reading list with the fixture taxonomy."""
    return ListFolder(tmp_path)


@pytest.fixture
def small_list(reading_list_dir: ListFolder) -> ListFolder:
    """Three valid papers."""
    d = reading_list_dir
    d.add("hard-negative-mixing", "Hard Negative Mixing for Contrastive Learning",
          ["hard-negatives"], added="2026-11-01", authors="[Ada Example, Alan Sample]",
          published="2020", arxiv='"2010.01028"')
    d.add("negative-preference-optimization", "Negative Preference Optimization",
          ["unlearning", "preference-optimization"], added="2026-11-03",
          url="https://example.org/npo")
    d.add("false-negatives-in-retrieval", "False Negatives in Retrieval",
          ["false-negatives", "hard-negatives"], added="2026-11-02")
    return d


TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="session")
def real_list():
    """The repository's own reading list, as loaded (it must load without errors)."""
    from site_builder.loading import load_reading_list

    result = load_reading_list(REPO / "papers")
    assert result.errors == []
    return result.reading_list
