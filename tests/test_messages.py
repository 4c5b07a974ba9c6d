"""Messages for common mistakes, and `--tags` read the same way by every command (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.loading import _explain_yaml_error, load_taxonomy, parse_paper_text
from site_builder.options import split_tags

from conftest import THEMES_YML

TAXONOMY_PATH = Path("papers/themes.yml")


@pytest.fixture
def taxonomy(tmp_path):
    path = tmp_path / "themes.yml"
    path.write_text(THEMES_YML, encoding="utf-8")
    taxonomy, problems = load_taxonomy(path)
    assert problems == []
    return taxonomy


def problems_of(front_matter: str, taxonomy) -> list[str]:
    text = "---\n" + front_matter + "---\nAbstract.\n"
    paper, problems = parse_paper_text(Path("papers/p.md"), text, taxonomy)
    assert paper is None
    return [str(p) for p in problems]


# Each mistake, the front matter that makes it, and the one line it gives.
MISTAKES = {
    "tab indentation": (
        "title: A Paper\ntags:\n\t- unlearning\nadded: 2026-11-01\n",
        "papers/p.md:4: yaml: a tab character indents this line "
        "(indent with spaces: YAML does not allow tabs)"),
    "tab before a key": (
        "title: A Paper\n\ttags: [unlearning]\nadded: 2026-11-01\n",
        "papers/p.md:3: yaml: a tab character indents this line "
        "(indent with spaces: YAML does not allow tabs)"),
    "unquoted colon": (
        "title: Chain of Hindsight: Aligning Models\ntags: [unlearning]\nadded: 2026-11-01\n",
        "papers/p.md:2: yaml: the value of title has ': ' in it, which YAML reads as a new "
        "field (put the value in quotes: title: \"Chain of Hindsight: Aligning Models\")"),
    "unclosed double quote": (
        'title: "A Paper\ntags: [unlearning]\nadded: 2026-11-01\n',
        'papers/p.md:2: yaml: the " opened on this line is never closed (end the value with ")'),
    "unclosed single quote": (
        "title: 'A Paper\ntags: [unlearning]\nadded: 2026-11-01\n",
        "papers/p.md:2: yaml: the ' opened on this line is never closed (end the value with ')"),
    "text after the closing quote": (
        'title: "A" Paper\ntags: [unlearning]\nadded: 2026-11-01\n',
        'papers/p.md:2: yaml: the value of title goes on after its closing quote '
        '(put the value in quotes: title: "A\\" Paper")'),
    "unclosed list": (
        "title: A Paper\ntags: [unlearning, hard-negatives\nadded: 2026-11-01\n",
        "papers/p.md:3: yaml: the list opened with '[' on this line is not closed "
        "(end it with ']' on the same line, items separated by commas)"),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_yaml_mistakes_are_explained_in_words(taxonomy, mistake):
    front_matter, line = MISTAKES[mistake]
    assert problems_of(front_matter, taxonomy) == [line]


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m != "text after the closing quote"])
def test_pure_python_yaml_errors_get_the_same_explanation(mistake):
    """PyYAML without libyaml words its errors differently; the explanation is the same."""
    front_matter, line = MISTAKES[mistake]
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(front_matter, Loader=yaml.SafeLoader)
    number, message, hint = _explain_yaml_error(front_matter, caught.value)
    assert f"papers/p.md:{number + 1}: yaml: {message} ({hint})" == line


def test_tag_for_tags_suggests_the_closest_declared_tags(taxonomy):
    assert problems_of("title: A Paper\ntag: [unlearnig, hard-negative]\nadded: 2026-11-01\n",
                       taxonomy) == [
        "papers/p.md:1: tags: is missing (add a line 'tags: [unlearning, hard-negatives]')",
        "papers/p.md:3: tag: unknown field (did you mean 'tags'?)",
    ]


def test_missing_tags_suggest_declared_tags_not_a_fixed_example(taxonomy):
    assert problems_of("title: A Paper\nadded: 2026-11-01\n", taxonomy) == [
        "papers/p.md:1: tags: is missing (add a line 'tags: [hard-negatives, false-negatives]')"]


def test_tags_written_as_text_are_suggested_as_a_list(taxonomy):
    assert problems_of("title: A Paper\ntags: unlearning, hard-negatives\nadded: 2026-11-01\n",
                       taxonomy) == [
        "papers/p.md:3: tags: must be a list (write tags: [unlearning, hard-negatives])"]


# --- `--tags`, the same everywhere ---------------------------------------------------------


@pytest.mark.parametrize("given", [("a,b",), ("a, b",), ("a b",), (" a  b ,",), ("a", "b"),
                                   ("a,b,a",)])
def test_tags_are_split_on_commas_and_spaces(given):
    assert split_tags(given) == ["a", "b"]


def test_import_reads_tags_as_new_does(reading_list_dir, monkeypatch):
    monkeypatch.chdir(reading_list_dir.root)
    (reading_list_dir.root / "refs.bib").write_text(
        "@article{one, title = {A Paper}, year = {2024}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "refs.bib", "--dry-run",
                                      "--tags", "unlearning hard-negatives"])
    assert result.exit_code == 0, result.output
    assert "[tags: unlearning, hard-negatives]" in result.output
    result = CliRunner().invoke(cli, ["new", "--title", "A Paper", "--no-interactive",
                                      "--tags", "unlearning hard-negatives", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "tags: [unlearning, hard-negatives]\n" in result.stdout


# --- `new`'s wording -----------------------------------------------------------------------


def test_new_dry_run_says_a_near_duplicate_would_be_written(reading_list_dir, monkeypatch):
    monkeypatch.chdir(reading_list_dir.root)
    reading_list_dir.add("gcns", "Making GCNs Go as Deep as CNNs", ["hard-negatives"])
    result = CliRunner().invoke(cli, ["new", "--title", "Making GCNs Go as Deep as CNN",
                                      "--tags", "hard-negatives", "--no-interactive",
                                      "--dry-run"])
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.stderr.splitlines() if "anyway" in line]
    assert warning.endswith("— would be written anyway; check it is a different paper")
    assert sorted(p.name for p in reading_list_dir.papers.glob("*.md")) == ["gcns.md"]


def test_new_same_title_hint_has_no_empty_part(reading_list_dir, monkeypatch):
    monkeypatch.chdir(reading_list_dir.root)
    reading_list_dir.add("old-name", "A Paper", ["hard-negatives"])
    result = CliRunner().invoke(cli, ["new", "--title", "A paper.", "--slug", "a-paper-again",
                                      "--tags", "unlearning", "--no-interactive"])
    assert result.exit_code == 1
    assert "(; " not in result.stderr
    assert result.stderr.splitlines()[0].endswith("(edit that file instead)")


def test_new_with_arxiv_writes_no_url_repeating_the_arxiv_page(reading_list_dir, monkeypatch):
    monkeypatch.chdir(reading_list_dir.root)
    result = CliRunner().invoke(cli, ["new", "--title", "A Paper", "--tags", "unlearning",
                                      "--arxiv", "2404.00001", "--no-interactive", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "url:" not in result.stdout
    assert "pdf: https://arxiv.org/pdf/2404.00001\n" in result.stdout
