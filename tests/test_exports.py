"""`papers.json` and `papers.bib`: every paper, every field, as the records say."""

from __future__ import annotations

import dataclasses
import json
import re

import bibtexparser

from conftest import CONTRACT_EXAMPLE, REPO, ListFolder
from site_builder.bibtex import citation_keys
from site_builder.exports import papers_json
from site_builder.pages import SitePages
from site_builder.grouping import newest_first
from site_builder.loading import load_reading_list
from site_builder.model import Paper

# Every Paper field a reader of the JSON gets, and the extra keys the export adds.
PAPER_FIELDS = [f.name for f in dataclasses.fields(Paper) if f.name not in {"path", "lines"}]
EXPORT_KEYS = {"page", "bibtex_key"}


def load(folder: ListFolder):
    result = load_reading_list(folder.papers)
    assert result.problems == []
    return result.reading_list


def as_json(value):
    """A Paper field as the JSON export writes it."""
    if isinstance(value, tuple):
        return list(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_every_paper_and_every_field_of_the_real_list(real_list):
    data = json.loads(papers_json(real_list))
    keys = citation_keys(real_list.papers)
    assert data["version"] == 1
    assert data["updated"] == max(p.added for p in real_list.papers).isoformat()
    expected = newest_first(real_list.papers)
    assert [p["slug"] for p in data["papers"]] == [p.slug for p in expected]
    for record, p in zip(data["papers"], expected):
        assert set(record) == set(PAPER_FIELDS) | EXPORT_KEYS
        for name in PAPER_FIELDS:
            assert record[name] == as_json(getattr(p, name)), (p.slug, name)
        assert record["page"] == f"papers/{p.slug}/"
        assert record["bibtex_key"] == keys[p.slug]


def test_absent_fields_are_null_and_lists_stay_lists(small_list: ListFolder):
    data = json.loads(papers_json(load(small_list)))
    by_slug = {p["slug"]: p for p in data["papers"]}
    bare = by_slug["false-negatives-in-retrieval"]
    assert bare["authors"] == []
    assert bare["tags"] == ["false-negatives", "hard-negatives"]
    for name in ("published", "venue", "arxiv", "doi", "url", "pdf", "code", "project", "data"):
        assert bare[name] is None
    assert by_slug["hard-negative-mixing"]["published"] == "2020"  # a year stays a year
    assert by_slug["hard-negative-mixing"]["arxiv"] == "2010.01028"


def test_page_urls_follow_the_site_configuration(small_list: ListFolder):
    reading_list = load(small_list)
    pages = [p["page"] for p in json.loads(papers_json(
        reading_list, site_url="https://example.org/list", directory_urls=False))["papers"]]
    assert pages[0] == "https://example.org/list/papers/negative-preference-optimization.html"


def test_the_same_papers_give_the_same_file(small_list: ListFolder):
    first = papers_json(load(small_list))
    assert papers_json(load(small_list)) == first
    assert json.loads(first)["updated"] == "2026-11-03"


def test_an_empty_list_is_still_a_valid_file(reading_list_dir: ListFolder):
    assert json.loads(papers_json(load(reading_list_dir))) == {
        "version": 1, "updated": None, "papers": []}


def test_text_comes_through_exactly(reading_list_dir: ListFolder):
    body = 'Ünïcode "quotes" </script> \\ and\n\nnotes with `code`.'
    reading_list_dir.add("odd", 'Odd \\"Title\\" </script> Ω', ["unlearning"],
                         authors='["Ada Example", "Jörg K. H. Franke"]', body=body)
    text = papers_json(load(reading_list_dir))
    (record,) = json.loads(text)["papers"]
    assert record["title"] == 'Odd "Title" </script> Ω'
    assert record["authors"] == ["Ada Example", "Jörg K. H. Franke"]
    assert record["body"] == body
    assert "Ω" in text  # UTF-8, not \u escapes


def test_the_published_exports_agree_with_each_other(real_list):
    files = {f.path: f.content for f in SitePages(real_list).files()
             if f.path in ("papers.json", "papers.bib")}
    assert len(files) == 2
    json_keys = {p["slug"]: p["bibtex_key"] for p in json.loads(files["papers.json"])["papers"]}
    library = bibtexparser.parse_string(files["papers.bib"])
    assert library.failed_blocks == []
    assert sorted(e.key for e in library.entries) == sorted(json_keys.values())
    assert len(library.entries) == len(real_list.papers)


def test_data_page_documents_every_key_and_its_example_is_real(reading_list_dir: ListFolder):
    """docs/data.md lists every key the file has, and its example is what the export writes
    for the contract's example paper (without code, project and data links)."""
    page = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", page, re.M))
    assert documented == {"version", "updated", "papers"} | set(PAPER_FIELDS) | EXPORT_KEYS
    example = json.loads(re.search(r"```json\n(.*?)```", page, re.S).group(1))
    front_matter = "".join(line + "\n" for line in CONTRACT_EXAMPLE.splitlines()
                           if not line.startswith(("code:", "project:", "data:")))
    reading_list_dir.write("an-example-paper-learning-what-not-to-generate",
                           f"---\n{front_matter}---\n{example['papers'][0]['body']}")
    assert json.loads(papers_json(load(reading_list_dir))) == example
