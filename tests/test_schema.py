"""The JSON Schema of a paper's front matter: shipped up to date, and agreeing with check."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import frontmatter
import pytest
from jsonschema import Draft202012Validator

from conftest import CONTRACT_EXAMPLE
from site_builder.loading import load_taxonomy, parse_paper_text
from site_builder.schema import SCHEMA_PATH, paper_schema, schema_text, write_schema

REPO = Path(__file__).resolve().parent.parent

SEED_PAPERS = sorted((REPO / "papers").glob("*.md"))


GOOD = 'title: "A Paper"\ntags: [unlearning]\nadded: 2026-11-01\n'


def as_json(value: object) -> object:
    """What an editor's YAML-to-JSON step gives: dates become ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def front_matter(yaml_text: str) -> dict:
    return as_json(frontmatter.loads(f"---\n{yaml_text}---\n").metadata)


def schema_errors(instance: dict, schema: dict | None = None) -> list[str]:
    validator = Draft202012Validator(schema or paper_schema(),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(instance)]


def check_problems(yaml_text: str, tmp_path: Path) -> list[str]:
    taxonomy, _ = load_taxonomy(REPO / "papers" / "themes.yml")
    _, problems = parse_paper_text(tmp_path / "a-paper.md", f"---\n{yaml_text}---\n", taxonomy,
                                   today=dt.date(2026, 11, 24))
    return [str(p) for p in problems]


def test_shipped_schema_file_is_the_generated_schema():
    assert SCHEMA_PATH == REPO / "site_builder" / "schema" / "paper.json"
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == paper_schema()
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: python -m site_builder.schema")


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = paper_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    taxonomy, _ = load_taxonomy(REPO / "papers" / "themes.yml")
    Draft202012Validator.check_schema(paper_schema(taxonomy))


def test_schema_describes_every_field_with_an_example():
    properties = paper_schema()["properties"]
    assert list(properties) == ["title", "tags", "added", "authors", "published", "venue",
                                "arxiv", "doi", "url", "pdf", "code", "project", "data"]
    assert paper_schema()["required"] == ["title", "tags", "added"]
    assert properties["added"]["description"] == "When the paper joined this list (YYYY-MM-DD)."
    example = {name: spec["examples"][0] for name, spec in properties.items()}
    assert example["arxiv"] == "2404.00001"
    assert example["tags"] == ["unlearning", "preference-optimization"]
    assert schema_errors(example) == []


@pytest.mark.parametrize("path", SEED_PAPERS, ids=lambda p: p.name)
def test_schema_accepts_every_seed_paper(path: Path):
    metadata = as_json(frontmatter.loads(path.read_text(encoding="utf-8")).metadata)
    taxonomy, _ = load_taxonomy(REPO / "papers" / "themes.yml")
    assert schema_errors(metadata) == []
    assert schema_errors(metadata, paper_schema(taxonomy)) == []


def test_there_are_seed_papers_to_check():
    assert len(SEED_PAPERS) == 32


def test_schema_accepts_the_contract_example():
    assert schema_errors(front_matter(CONTRACT_EXAMPLE)) == []


@pytest.mark.parametrize("published", ["2024", '"2024"', "2024-04-08", '"2024-04-08"'])
def test_published_may_be_a_date_or_a_year_quoted_or_not(published: str, tmp_path: Path):
    text = GOOD + f"published: {published}\n"
    assert schema_errors(front_matter(text)) == []
    assert check_problems(text, tmp_path) == []


INVALID = {
    "unknown key": GOOD + "tag: [unlearning]\n",
    "missing title": "tags: [unlearning]\nadded: 2026-11-01\n",
    "missing tags": 'title: "A Paper"\nadded: 2026-11-01\n',
    "blank title": 'title: "   "\ntags: [unlearning]\nadded: 2026-11-01\n',
    "empty tags": 'title: "A Paper"\ntags: []\nadded: 2026-11-01\n',
    "tag twice": 'title: "A Paper"\ntags: [unlearning, unlearning]\nadded: 2026-11-01\n',
    "tag not a slug": 'title: "A Paper"\ntags: [Unlearning]\nadded: 2026-11-01\n',
    "tags not a list": 'title: "A Paper"\ntags: unlearning\nadded: 2026-11-01\n',
    "added not a date": 'title: "A Paper"\ntags: [unlearning]\nadded: 1 Nov 2026\n',
    "added not a real date": 'title: "A Paper"\ntags: [unlearning]\nadded: "2026-02-30"\n',
    "published month name": GOOD + "published: April 2024\n",
    "empty authors": GOOD + "authors: []\n",
    "blank author": GOOD + 'authors: [Ada Example, " "]\n',
    "bad arxiv id": GOOD + 'arxiv: "arXiv:2404.00001"\n',
    "arxiv url for id": GOOD + "arxiv: https://arxiv.org/abs/2404.00001\n",
    "doi without 10.": GOOD + "doi: doi.org/10.1000/xyz\n",
    "ftp url": GOOD + "url: ftp://example.org/paper.pdf\n",
    "relative url": GOOD + "code: github.com/example/code\n",
    "url with a space": GOOD + "pdf: https://example.org/a paper.pdf\n",
}


@pytest.mark.parametrize("text", INVALID.values(), ids=INVALID.keys())
def test_schema_rejects_what_check_rejects(text: str, tmp_path: Path):
    assert schema_errors(front_matter(text)) != []
    assert check_problems(text, tmp_path) != []


def test_check_accepts_the_valid_base_of_the_invalid_fixtures(tmp_path: Path):
    assert schema_errors(front_matter(GOOD)) == []
    assert check_problems(GOOD, tmp_path) == []


def test_with_a_taxonomy_tags_are_offered_and_limited_to_the_declared_ones(small_list):
    taxonomy, _ = load_taxonomy(small_list.papers / "themes.yml")
    schema = paper_schema(taxonomy)
    assert schema["properties"]["tags"]["items"]["enum"] == [
        "hard-negatives", "false-negatives", "preference-optimization", "unlearning"]
    assert "enum" not in paper_schema()["properties"]["tags"]["items"]
    undeclared = front_matter('title: "A Paper"\ntags: [contrastive-learning]\nadded: 2026-11-01\n')
    assert schema_errors(undeclared) == []
    assert schema_errors(undeclared, schema) != []
    assert schema_errors(front_matter(GOOD), schema) == []


def test_write_schema_and_the_module_command_write_the_generic_schema(tmp_path: Path):
    written = write_schema(tmp_path / "out" / "paper.json")
    assert written.read_text(encoding="utf-8") == schema_text()
    target = tmp_path / "cli.json"
    run = subprocess.run([sys.executable, "-m", "site_builder.schema", str(target)],
                         capture_output=True, text=True, check=True)
    assert str(target) in run.stdout
    assert json.loads(target.read_text(encoding="utf-8")) == paper_schema()
