"""`site-builder check`: duplicates, unused tags and empty themes, output formats, exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner, Result

from conftest import REPO, ListFolder
from site_builder.checks import DuplicateIndex
from site_builder.cli import cli
from site_builder.model import Paper, Problem
from site_builder.reporting import github_line

# ::error file=PATH,line=N,title=FIELD::MESSAGE
ANNOTATION_RE = re.compile(
    r"^::(?P<severity>error|warning) file=(?P<file>[^,]*),line=(?P<line>\d+),"
    r"title=(?P<title>[^:]*)::(?P<message>.*)$")


@pytest.fixture
def in_list(reading_list_dir: ListFolder, monkeypatch: pytest.MonkeyPatch) -> ListFolder:
    """An empty list, as the working directory (so problems show `papers/...` paths)."""
    monkeypatch.chdir(reading_list_dir.root)
    return reading_list_dir


@pytest.fixture
def in_small_list(small_list: ListFolder, monkeypatch: pytest.MonkeyPatch) -> ListFolder:
    """Three valid papers using every declared tag, as the working directory."""
    monkeypatch.chdir(small_list.root)
    return small_list


def run_check(*args: str) -> Result:
    result = CliRunner().invoke(cli, ["check", *args])
    # Whatever happens, the command ends with an exit code, never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if "warning:" not in line]


def add_pair(folder: ListFolder, first: dict[str, str], second: dict[str, str],
             first_title: str = "Hard Negative Mixing for Contrastive Learning",
             second_title: str = "A Different Paper About Retrieval") -> None:
    folder.add("a", first_title, ["hard-negatives"], **first)
    folder.add("b", second_title, ["hard-negatives"], **second)


# --- duplicates ----------------------------------------------------------------------------


def test_same_arxiv_id_ignoring_version_is_reported_at_the_later_file(in_list):
    add_pair(in_list, {"arxiv": '"2404.05868"'}, {"arxiv": '"2404.05868v2"'})
    result = run_check()
    assert result.exit_code == 1
    assert error_lines(result) == [
        "papers/b.md:5: arxiv: same arXiv paper as papers/a.md (2404.05868; keep one file)"]


def test_two_versions_of_one_arxiv_paper_are_the_same_paper(in_list):
    add_pair(in_list, {"arxiv": '"2404.05868v1"'}, {"arxiv": '"2404.05868v3"'})
    result = run_check()
    assert result.exit_code == 1
    assert "papers/b.md:5: arxiv: same arXiv paper as papers/a.md" in result.stdout


def test_different_arxiv_ids_are_different_papers(in_list):
    add_pair(in_list, {"arxiv": '"2404.05868"'}, {"arxiv": '"2404.05869"'})
    result = run_check()
    assert result.exit_code == 0
    assert error_lines(result) == []


def test_arxiv_doi_is_the_same_paper_as_the_arxiv_id(in_list):
    add_pair(in_list, {"arxiv": '"2404.05868"'}, {"doi": "10.48550/arXiv.2404.05868"})
    result = run_check()
    assert result.exit_code == 1
    assert error_lines(result) == [
        "papers/b.md:5: doi: same arXiv paper as papers/a.md (2404.05868; keep one file)"]


def test_same_doi_ignoring_case(in_list):
    add_pair(in_list, {"doi": "10.1145/ABC.123"}, {"doi": "10.1145/abc.123"})
    result = run_check()
    assert result.exit_code == 1
    assert error_lines(result) == [
        "papers/b.md:5: doi: same DOI as papers/a.md (10.1145/abc.123; keep one file)"]


@pytest.mark.parametrize("second", [
    "hard negative mixing for contrastive learning",
    "Hard Negative Mixing for Contrastive Learning.",
    "Hard  Negative-Mixing  for Contrastive  Learning",
    "Hard Negative Mixing: for Contrastive Learning",
    "HARD NEGATIVE MIXING FOR CONTRASTIVE LEARNING",
])
def test_same_title_after_dropping_case_and_punctuation(in_list, second):
    add_pair(in_list, {}, {}, second_title=second)
    result = run_check()
    assert result.exit_code == 1
    assert error_lines(result) == [
        "papers/b.md:2: title: same title as papers/a.md (keep one file; if they are "
        "different papers, add each one's arxiv id or doi)"]


def test_same_title_written_with_and_without_hyphen_and_accent(in_list):
    add_pair(in_list, {}, {}, first_title="Pre-training Naïve Encoders",
             second_title="Pretraining Naive Encoders")
    result = run_check()
    assert result.exit_code == 1
    assert "papers/b.md:2: title: same title as papers/a.md" in result.stdout


@pytest.mark.parametrize("second", [
    "Hard Negative Mixing for Contrastive Leaning",  # a typo
    "Hard Negative Mixing for the Contrastive Learning",  # a word added
    "Hard Negatives Mixing for Contrastive Learning",  # a word changed
])
def test_near_identical_title_is_a_warning_naming_both_files_and_the_other_title(in_list, second):
    # Alike titles may be two different papers, so this warns; --strict makes it fail.
    add_pair(in_list, {}, {}, second_title=second)
    result = run_check()
    assert result.exit_code == 0
    assert error_lines(result) == []
    assert [line for line in result.stdout.splitlines() if line.startswith("papers/b.md")] == [
        "papers/b.md:2: warning: title: nearly the same title as papers/a.md ('Hard Negative "
        "Mixing for Contrastive Learning'; keep one file; if they are different papers, add "
        "each one's arxiv id or doi)"]
    assert run_check("--strict").exit_code == 1


@pytest.mark.parametrize("first, second", [
    ("Negative Preference Optimization", "Direct Preference Optimization"),
    ("Qwen2 Technical Report", "Qwen2.5 Technical Report"),
    ("Attention Is All You Need", "Attention Is Not All You Need"),
    ("Deep Learning, Part I", "Deep Learning, Part II"),
    ("Debiased Contrastive Learning", "Debiased Contrastive Learning of Visual Representations"),
])
def test_similar_but_different_titles_stay_clean(in_list, first, second):
    add_pair(in_list, {}, {}, first_title=first, second_title=second)
    result = run_check()
    assert result.exit_code == 0, result.stdout
    assert error_lines(result) == []


def test_different_identifiers_keep_alike_titles_apart(in_list):
    # Two real, different papers could be named like this: their identifiers tell them apart.
    add_pair(in_list, {"arxiv": '"2010.01028"'}, {"arxiv": '"2011.00001"'},
             second_title="Hard Negative Mining for Contrastive Learning")
    in_list.add("c", "Hard Negative Mixing for Contrastive Learning", ["hard-negatives"],
                doi="10.1000/one")
    in_list.add("d", "Hard Negative Mixing for Contrastive Learning", ["hard-negatives"],
                doi="10.1000/two")
    result = run_check()
    # c and d have different DOIs, but each has the same title as a (which has no DOI).
    assert error_lines(result) == [
        "papers/c.md:2: title: same title as papers/a.md (keep one file; if they are "
        "different papers, add each one's arxiv id or doi)",
        "papers/d.md:2: title: same title as papers/a.md (keep one file; if they are "
        "different papers, add each one's arxiv id or doi)",
    ]


def test_every_later_copy_is_reported_against_the_first(in_list):
    for slug in ("c", "a", "b"):
        in_list.add(slug, f"Paper {slug}", ["hard-negatives"], arxiv='"cs/0112017"')
    result = run_check()
    assert result.exit_code == 1
    assert error_lines(result) == [
        "papers/b.md:5: arxiv: same arXiv paper as papers/a.md (cs/0112017; keep one file)",
        "papers/c.md:5: arxiv: same arXiv paper as papers/a.md (cs/0112017; keep one file)",
    ]


def test_duplicate_index_for_entries_that_are_not_files_yet(small_list):
    """What `site-builder import` relies on: find, then add what it writes."""
    from site_builder.loading import load_reading_list

    papers = load_reading_list(small_list.papers).reading_list.papers
    index = DuplicateIndex(papers)
    assert len(index) == 3

    match = index.find("Some Other Title", arxiv="2010.01028v3")
    assert match is not None
    assert match.paper.slug == "hard-negative-mixing"
    assert (match.field, match.reason) == ("arxiv", "same arXiv paper (2010.01028)")

    match = index.find("negative preference-optimization")
    assert match is not None and match.paper.slug == "negative-preference-optimization"
    assert index.find("Retrieval Without Negatives", arxiv=None, doi=None) is None
    assert index.find(None) is None

    new = Paper(slug="new", path=small_list.papers / "new.md", title="A New Paper",
                tags=("hard-negatives",), added=dt.date(2026, 11, 1), doi="10.1000/XYZ")
    assert index.find(new.title, new.arxiv, new.doi) is None
    index.add(new)
    match = index.find("Unrelated", doi="10.1000/xyz")
    assert match is not None and match.paper is new and match.reason == "same DOI (10.1000/xyz)"


# --- warnings ------------------------------------------------------------------------------

# Fixture taxonomy lines: theme negatives 2, theme alignment 6; tag descriptions
# hard-negatives 11, false-negatives 12, preference-optimization 13, unlearning 14.


def test_unused_tags_and_empty_themes_are_warnings(in_list):
    in_list.add("a", "False Negatives in Retrieval", ["false-negatives"])
    result = run_check()
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "papers/themes.yml:6: warning: themes.alignment: has no papers "
        "(tag a paper with one of its tags, or remove the theme)",
        "papers/themes.yml:11: warning: tags.hard-negatives: is used by no paper "
        "(tag a paper with it, or remove it from the themes)",
        "papers/themes.yml:13: warning: tags.preference-optimization: is used by no paper "
        "(tag a paper with it, or remove it from the themes)",
        "papers/themes.yml:14: warning: tags.unlearning: is used by no paper "
        "(tag a paper with it, or remove it from the themes)",
    ]
    assert result.stderr.strip() == "4 warnings in 1 paper"


def test_unused_tag_without_description_is_shown_at_its_theme(in_list):
    (in_list.papers / "themes.yml").write_text(
        "themes:\n"
        "  negatives:\n"
        "    title: Negative sampling\n"
        "    tags: [hard-negatives, false-negatives]\n"
        "tags:\n"
        "  hard-negatives: Negatives close to the positives.\n", encoding="utf-8")
    in_list.add("a", "Hard Negatives", ["hard-negatives"])
    result = run_check()
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "papers/themes.yml:2: warning: tags.false-negatives: is used by no paper "
        "(tag a paper with it, or remove it from the themes)"]


def test_strict_turns_warnings_into_errors(in_list):
    in_list.add("a", "False Negatives in Retrieval", ["false-negatives"])
    result = run_check("--strict", "--format", "github")
    assert result.exit_code == 1
    annotations = [ANNOTATION_RE.match(line) for line in result.stdout.splitlines()]
    assert [(a["severity"], a["line"]) for a in annotations] == [
        ("error", "6"), ("error", "11"), ("error", "13"), ("error", "14")]


# --- exit codes ----------------------------------------------------------------------------


def test_clean_list_exits_0_with_a_summary(in_small_list):
    result = run_check()
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "no problems in 3 papers"


def test_invalid_paper_exits_1_with_every_problem(in_small_list):
    in_small_list.write("bad", "---\ntitle: ''\ntags: [nope]\nadded: 2026-02-30\n---\n")
    result = run_check()
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "papers/bad.md:2: title: is blank (write title: \"An Example Paper: Learning What "
        "Not to Generate\")",
        "papers/bad.md:3: tags: 'nope' is not declared in papers/themes.yml "
        "(declare it under a theme in papers/themes.yml)",
        "papers/bad.md:4: added: '2026-02-30' is not a real date (check the month and day)",
    ]
    assert result.stderr.strip() == "3 errors in 4 papers"


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "'xml' is not one of"),
    (["--papers-dir", "elsewhere"], "elsewhere: folder not found"),
    (["papers/missing.md"], "papers/missing.md: no such file"),
    (["mkdocs.yml"], "mkdocs.yml: is not in papers/"),
    (["papers/notes.txt"], "papers/notes.txt: is not a paper file"),
    (["docs"], "docs: is a folder"),
])
def test_usage_errors_exit_2_with_a_clear_message(in_small_list, args, message):
    (in_small_list.root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (in_small_list.papers / "notes.txt").write_text("notes\n", encoding="utf-8")
    (in_small_list.root / "docs").mkdir()
    result = run_check(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_taxonomy_is_a_problem_not_a_crash(in_small_list):
    (in_small_list.papers / "themes.yml").unlink()
    result = run_check()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("papers/themes.yml:1: file: is missing")


# --- output formats ------------------------------------------------------------------------


def test_github_format_is_parsed_back_to_file_line_and_message(in_small_list):
    in_small_list.add("mixing-copy", "Another Title", ["hard-negatives"], arxiv='"2010.01028v2"')
    in_small_list.add("odd-date", "Odd Date", ["false-negatives"], added="2026-99-01")
    result = run_check("--format", "github")
    assert result.exit_code == 1
    annotations = [ANNOTATION_RE.match(line) for line in result.stdout.splitlines()]
    assert all(annotations), result.stdout
    assert [a.groupdict() for a in annotations] == [
        {"severity": "error", "file": "papers/mixing-copy.md", "line": "5", "title": "arxiv",
         "message": "same arXiv paper as papers/hard-negative-mixing.md "
                    "(2010.01028; keep one file)"},
        {"severity": "error", "file": "papers/odd-date.md", "line": "4", "title": "added",
         "message": "'2026-99-01' is not a real date (check the month and day)"},
    ]


def test_github_format_escapes_properties_and_message():
    problem = Problem("papers/a,b:c.md", 7, "tags", "100% wrong\r\nsecond line", "a, b: c",
                      severity="warning")
    assert github_line(problem) == (
        "::warning file=papers/a%2Cb%3Ac.md,line=7,title=tags::"
        "100%25 wrong%0D%0Asecond line (a, b: c)")


def test_json_format(in_small_list):
    in_small_list.add("z-copy", "Negative Preference Optimization!", ["false-negatives"])
    (in_small_list.papers / "themes.yml").write_text(
        (in_small_list.papers / "themes.yml").read_text(encoding="utf-8").replace(
            "false-negatives]", "false-negatives, reward-modeling]"), encoding="utf-8")
    result = run_check("--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report == {
        "problems": [
            {"path": "papers/themes.yml", "line": 2, "field": "tags.reward-modeling",
             "message": "is used by no paper",
             "hint": "tag a paper with it, or remove it from the themes",
             "severity": "warning"},
            {"path": "papers/z-copy.md", "line": 2, "field": "title",
             "message": "same title as papers/negative-preference-optimization.md",
             "hint": "keep one file; if they are different papers, add each one's arxiv id "
                     "or doi",
             "severity": "error"},
        ],
        "errors": 1,
        "warnings": 1,
        "papers": 4,
    }


# --- PATHS ---------------------------------------------------------------------------------


def test_paths_check_only_the_given_files(in_small_list):
    in_small_list.write("broken", "---\ntitle: Broken\n---\n")
    in_small_list.add("fine", "A Fine New Paper", ["hard-negatives"])
    result = run_check("papers/fine.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "no problems in 1 paper"

    result = run_check("papers/fine.md", "papers/broken.md")
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {"papers/broken.md"}


def test_the_papers_folder_as_path_checks_the_whole_list(in_small_list):
    in_small_list.write("broken", "---\ntitle: Broken\n---\n")
    result = run_check("papers")
    assert result.exit_code == 1
    assert result.stderr.strip() == "2 errors in 4 papers"


def test_paths_still_check_against_the_taxonomy_and_the_whole_list(in_small_list):
    in_small_list.add("a-new", "A New Paper", ["hard-negatives", "made-up"])
    in_small_list.add("z-copy", "Another Copy", ["hard-negatives"], arxiv='"2010.01028"')
    result = run_check("papers/z-copy.md", "papers/a-new.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "papers/a-new.md:3: tags: 'made-up' is not declared in papers/themes.yml "
        "(declare it under a theme in papers/themes.yml)",
        "papers/z-copy.md:5: arxiv: same arXiv paper as papers/hard-negative-mixing.md "
        "(2010.01028; keep one file)",
    ]


def test_a_given_file_that_an_unchecked_later_file_copies_is_reported(in_small_list):
    # Checking only the earlier file of a pair still shows the pair, in the file checked.
    in_small_list.add("z-copy", "Another Copy", ["hard-negatives"], arxiv='"2010.01028"')
    result = run_check("papers/hard-negative-mixing.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "papers/hard-negative-mixing.md:7: arxiv: same arXiv paper as papers/z-copy.md "
        "(2010.01028; keep one file)"]


def test_paths_leave_taxonomy_warnings_out_unless_themes_yml_is_given(in_list):
    in_list.add("a", "False Negatives in Retrieval", ["false-negatives"])
    assert run_check("papers/a.md").stdout == ""
    result = run_check("papers/themes.yml", "--strict")
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 4


# --- done when -----------------------------------------------------------------------------


def test_five_planted_problems_give_five_annotations(in_small_list):
    in_small_list.add("undeclared-tag", "Undeclared Tag", ["hard-negatives", "no-such-tag"])
    in_small_list.add("bad-date", "Bad Date", ["hard-negatives"], added="2026-13-01")
    in_small_list.add("unknown-key", "Unknown Key", ["hard-negatives"], tag="unlearning")
    in_small_list.add("mixing-copy", "Mixing, Again", ["hard-negatives"],
                      arxiv='"2010.01028v2"')
    in_small_list.write("no-title", "---\ntags: [unlearning]\nadded: 2026-11-01\n---\nText.\n")
    result = run_check("--format", "github")
    assert result.exit_code == 1
    annotations = [ANNOTATION_RE.match(line) for line in result.stdout.splitlines()]
    assert all(annotations), result.stdout
    assert [(a["severity"], a["file"], a["line"], a["title"]) for a in annotations] == [
        ("error", "papers/bad-date.md", "4", "added"),
        ("error", "papers/mixing-copy.md", "5", "arxiv"),
        ("error", "papers/no-title.md", "1", "title"),
        ("error", "papers/undeclared-tag.md", "3", "tags"),
        ("error", "papers/unknown-key.md", "5", "tag"),
    ]
    assert "hard-negative-mixing.md" in annotations[1]["message"]
    assert result.stderr.strip() == "5 errors in 8 papers"


def test_the_repository_list_is_clean(monkeypatch):
    monkeypatch.chdir(REPO)
    result = run_check()
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    count = len(list((REPO / "papers").glob("*.md")))
    assert result.stderr.strip() == f"no problems in {count} papers"
