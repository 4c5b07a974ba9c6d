"""`site-builder import`: a BibTeX library and the seed daily-papers listing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.importing import abstract_links, detect_format, parse_bibtex, parse_listing
from site_builder.loading import load_paper, load_reading_list, load_taxonomy

from conftest import REPO, paper_text

LIBRARY = Path(__file__).parent / "data" / "library.bib"
# A copy of the seed listing (../shared/seed/daily-papers.txt), so the suite runs anywhere.
LISTING = Path(__file__).parent / "data" / "daily-papers.txt"
ADDED = "2025-06-01"


@pytest.fixture
def repo_taxonomy_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty list with the project's taxonomy, as the working directory; returns papers/."""
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(REPO / "papers" / "themes.yml", papers / "themes.yml")
    shutil.copy(LIBRARY, tmp_path / "library.bib")
    monkeypatch.chdir(tmp_path)
    return papers


def run_import(*args: str):
    return CliRunner().invoke(cli, ["import", *args], catch_exceptions=False)


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the fixture on which `fragment` first appears."""
    return text[: text.index(fragment)].count("\n") + 1


def paper(papers: Path, slug: str):
    taxonomy, _ = load_taxonomy(papers / "themes.yml")
    loaded, problems = load_paper(papers / f"{slug}.md", taxonomy)
    assert problems == []
    return loaded


def listing_pairs() -> list[tuple[str, str]]:
    """(title, abstract) of each paper in the seed listing, read independently of the
    importer: after the five lines of page header, blocks alternate title, abstract."""
    blocks = LISTING.read_text(encoding="utf-8").split("\n\n")
    assert blocks[:5] == ["new", "Get trending papers in your email inbox!", "Subscribe",
                          "byAK and the research community", "Mar 14"]
    papers = blocks[5:]
    return list(zip(papers[0::2], papers[1::2]))


# --- BibTeX ----------------------------------------------------------------------------


def test_bibtex_fixture_is_realistic():
    text = LIBRARY.read_text(encoding="utf-8")
    kinds = re.findall(r"^@(\w+)\{", text, flags=re.MULTILINE)
    entries = [k for k in kinds if k.lower() not in ("string", "comment", "preamble")]
    assert len(entries) >= 25
    assert {"article", "inproceedings", "misc", "book", "phdthesis", "techreport"} <= set(entries)


def test_bibtex_import_writes_each_field_as_the_entry_states_it(repo_taxonomy_list: Path):
    papers = repo_taxonomy_list
    result = run_import("library.bib", "--added", ADDED)
    assert result.exit_code == 1  # some entries are rejected; the rest are written
    assert "20 written, 2 skipped as existing, 5 rejected" in result.output
    assert len(list(papers.glob("*.md"))) == 20
    assert load_reading_list(papers).errors == []

    first = paper(papers, "contrastive-learning-with-hard-negatives-at-scale")
    assert first.title == "Contrastive Learning with Hard Negatives at Scale"  # braces gone
    assert first.authors == ("Ada Example", "Jürgen Beispiel", "Alan Sample")  # {\"u}
    assert first.venue == "Journal of Negative Examples"  # from an @string
    assert first.published == "2021"  # month = jan without a day: the year only
    assert first.doi == "10.5555/JNE.2021.0012"  # https://doi.org/ prefix dropped
    assert first.tags == ("contrastive-learning", "hard-negatives")  # from keywords
    assert first.added.isoformat() == ADDED
    assert first.arxiv is None and first.url is None
    assert first.body == (
        "We study contrastive learning when the negatives are hard. Our method mixes "
        "negatives in feature space and improves accuracy by 3% on two benchmarks.\n\n"
        "A second paragraph explains the limits.")

    bert = paper(papers, "mining-false-negatives-for-bert-based-dense-retrieval")
    assert bert.title == "Mining False Negatives for BERT-based Dense Retrieval"
    assert bert.authors == ("Alan Sample", "Grace Placeholder", "René Exemple")  # {\'e}
    assert bert.venue == "Proceedings of the Example Conference on Retrieval"  # booktitle
    assert bert.arxiv == "2207.01234"  # eprint with archivePrefix = arXiv
    assert bert.published == "2022-07-17"  # biblatex date
    assert bert.tags == ("false-negatives", "retrieval", "negative-sampling")
    assert bert.body == "" and bert.doi is None

    prompts = paper(papers, "negative-prompts-for-diffusion-models-without-retraining")
    assert prompts.authors == ("Françoise Modèle", "Søren Eksempel")  # "and others" dropped
    assert prompts.published == "2024-03-15"  # year, month and day
    assert prompts.tags == ("diffusion-models", "negative-prompts", "guidance")

    prefs = paper(papers, "preference-optimization-from-dispreferred-examples-only")
    assert prefs.arxiv == "2305.01234v2"
    assert prefs.url == "https://arxiv.org/abs/2305.01234v2"
    assert prefs.published == "2023"

    assert paper(papers, "learning-from-noisy-labels-in-distant-supervision").venue == (
        "University of Exampleton")  # @phdthesis school
    assert paper(papers, "benchmarks-for-recommendation-with-implicit-negatives").venue == (
        "Example Institute of Technology")  # @techreport institution
    book = paper(papers, "a-field-guide-to-negative-results")
    assert book.venue is None and book.published == "2019"  # a publisher is not a venue
    assert paper(papers, "graph-contrastive-learning-with-adaptive-negatives").arxiv == (
        "2210.04321")  # from an arxiv.org URL
    assert paper(papers, "forgetting-on-request-unlearning-with-negative-preferences").doi == (
        "10.5555/ewu.2022.7")  # "doi:" prefix dropped
    assert paper(papers, "sentiment-of-negative-reviews-in-example-shops").published is None
    assert paper(papers, "learning-from-negative-feedback-in-example-dialogues").published == (
        "2022")  # November 31st is no date: only the year is fact


def test_bibtex_files_start_with_the_schema_comment(repo_taxonomy_list: Path):
    run_import("library.bib", "--added", ADDED)
    text = (repo_taxonomy_list / "synthetic-negatives-for-reward-models.md").read_text()
    assert text.splitlines()[1].startswith("# yaml-language-server: $schema=")


def test_rejected_entries_are_reported_at_their_line_and_the_rest_import(
        repo_taxonomy_list: Path):
    text = LIBRARY.read_text(encoding="utf-8")
    result = run_import("library.bib", "--added", ADDED)
    errors = result.stderr
    notitle = line_of(text, "@article{notitle2020")
    assert f"library.bib:{notitle}: title: is missing" in errors
    assert "@article{notitle2020} not imported" in errors
    doi_line = line_of(text, "10.55/not-a-real-prefix")
    assert f"library.bib:{doi_line}: doi: '10.55/not-a-real-prefix' is not a DOI" in errors
    broken = line_of(text, "@article{broken2022")
    assert f"library.bib:{broken}: entry: is not valid BibTeX" in errors
    comma = line_of(text, "{A Title Missing Its Comma}")
    assert f"library.bib:{comma}: title: runs on into 'author ='" in errors
    keywords = line_of(text, "{cooking, physics}")
    assert f"library.bib:{keywords}: tags: no keyword is a declared tag" in errors
    assert "Traceback" not in result.output
    # The entries after a broken one are still read and written.
    assert (repo_taxonomy_list / "learning-from-negative-feedback-in-example-dialogues.md").exists()
    assert not list(repo_taxonomy_list.glob("a-dataset-of-mislabelled-negatives*"))


def test_duplicates_within_the_input_are_skipped_and_listed(repo_taxonomy_list: Path):
    text = LIBRARY.read_text(encoding="utf-8")
    result = run_import("library.bib", "--added", ADDED)
    prefs = line_of(text, "@misc{placeholder2023prefs,")
    first = line_of(text, "@article{example2021contrastive,")
    assert "Skipped as existing (2):" in result.stdout
    assert (f"@misc{{placeholder2023prefs_v1}}: same arXiv paper as line {prefs} "
            "of this input (2305.01234)") in result.stdout
    assert (f"@article{{example2021contrastive_copy}}: same DOI as line {first} "
            "of this input") in result.stdout
    copy = repo_taxonomy_list / "hard-negative-contrastive-learning-journal-version.md"
    assert not copy.exists()


def test_papers_already_in_the_list_are_skipped_and_slug_clashes_get_a_suffix(
        repo_taxonomy_list: Path):
    papers = repo_taxonomy_list
    (papers / "a-preprint.md").write_text(paper_text(
        "A Preprint Under Another Title", ["alignment"], arxiv='"2305.01234v1"'))
    # Same slug as an entry's title, but a different paper.
    (papers / "prompting-with-negative-instructions.md").write_text(paper_text(
        "Something Else Entirely", ["prompting"], arxiv='"2001.00001"'))
    result = run_import("library.bib", "--added", ADDED)
    assert ("@misc{placeholder2023prefs}: same arXiv paper as papers/a-preprint.md "
            "(2305.01234)") in result.stdout
    moved = paper(papers, "prompting-with-negative-instructions-2")
    assert moved.title == "Prompting with Negative Instructions"
    assert paper(papers, "prompting-with-negative-instructions").title == "Something Else Entirely"
    assert "19 written, 3 skipped as existing, 5 rejected" in result.output


def test_tags_option_tags_entries_whose_keywords_name_no_tag(repo_taxonomy_list: Path):
    papers = repo_taxonomy_list
    result = run_import("library.bib", "--added", ADDED, "--tags", "datasets")
    assert "21 written, 2 skipped as existing, 4 rejected" in result.output
    assert paper(papers, "quantum-effects-in-example-kitchens").tags == ("datasets",)
    assert paper(papers, "quantum-effects-in-example-kitchens").url == (
        "https://example.org/quantum-kitchens")  # from howpublished = {\url{...}}
    # Entries with tags of their own keep just those.
    assert paper(papers, "synthetic-negatives-for-reward-models").tags == (
        "synthetic-data", "reward-modeling")


def test_dry_run_writes_nothing_and_shows_what_would_be_written(repo_taxonomy_list: Path):
    papers = repo_taxonomy_list
    before = sorted(p.name for p in papers.iterdir())
    result = run_import("library.bib", "--added", ADDED, "--dry-run")
    assert sorted(p.name for p in papers.iterdir()) == before
    assert result.exit_code == 1
    assert ("would write papers/contrastive-learning-with-hard-negatives-at-scale.md"
            in result.output)
    assert "20 would be written, 2 skipped as existing, 5 rejected" in result.output
    assert "title: Contrastive Learning" not in result.output
    verbose = run_import("library.bib", "--added", ADDED, "--dry-run", "--verbose")
    assert "title: Contrastive Learning with Hard Negatives at Scale\n" in verbose.output
    assert sorted(p.name for p in papers.iterdir()) == before


def test_importing_again_imports_nothing_new(repo_taxonomy_list: Path):
    papers = repo_taxonomy_list
    run_import("library.bib", "--added", ADDED)
    texts = {p.name: p.read_text() for p in papers.glob("*.md")}
    again = run_import("library.bib", "--added", "2025-07-01")
    assert "0 written, 22 skipped as existing, 5 rejected" in again.output
    assert {p.name: p.read_text() for p in papers.glob("*.md")} == texts


def test_no_progress_bar_when_stderr_is_not_a_terminal(repo_taxonomy_list: Path):
    entries = "\n".join(
        f"@misc{{m{i}, title = {{Generated Example Number {i} on Negatives}}, year = {{2020}},"
        f" eprint = {{2001.{i:05d}}}, archivePrefix = {{arXiv}}, keywords = {{datasets}}}}"
        for i in range(120))
    Path("many.bib").write_text(entries, encoding="utf-8")
    result = run_import("many.bib", "--added", ADDED)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "120 written, 0 skipped as existing, 0 rejected" in result.output


# --- usage errors ----------------------------------------------------------------------


def test_usage_errors_exit_2_without_a_traceback(repo_taxonomy_list: Path):
    missing = run_import("nowhere.bib")
    assert missing.exit_code == 2 and "does not exist" in missing.output
    unknown = run_import("library.bib", "--tags", "dataset")
    assert unknown.exit_code == 2 and "did you mean 'datasets'?" in unknown.output
    future = run_import("library.bib", "--added", "2999-01-01")
    assert future.exit_code == 2 and "in the future" in future.output
    no_list = run_import("library.bib", "--papers-dir", "elsewhere")
    assert no_list.exit_code == 2 and "themes.yml not found" in no_list.output
    assert not list(repo_taxonomy_list.glob("*.md"))


def test_unreadable_or_empty_input_is_reported(repo_taxonomy_list: Path):
    Path("latin1.bib").write_bytes("@misc{a, title = {Caf\xe9}}".encode("latin-1"))
    result = run_import("latin1.bib")
    assert result.exit_code == 1 and "latin1.bib:1: file: is not valid UTF-8" in result.output
    Path("empty.bib").write_text("% nothing here\n")
    result = run_import("empty.bib")
    assert result.exit_code == 1 and "no BibTeX entries found" in result.output


def test_format_is_detected_and_can_be_chosen(tmp_path: Path):
    assert detect_format(Path("refs.bib"), "anything") == "bibtex"
    assert detect_format(Path("refs.txt"), "% exported\n\n@article{a, title={T}}") == "bibtex"
    assert detect_format(Path("daily.txt"), LISTING.read_text(encoding="utf-8")) == "listing"


# --- the daily-papers listing ----------------------------------------------------------


def test_listing_import_into_an_empty_list_gives_32_valid_papers(tmp_path, monkeypatch):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(REPO / "papers" / "themes.yml", papers / "themes.yml")
    monkeypatch.chdir(tmp_path)
    result = run_import(str(LISTING), "--tags", "datasets", "--added", ADDED)
    assert result.exit_code == 0, result.output
    assert "32 written, 0 skipped as existing, 0 rejected" in result.output
    loaded = load_reading_list(papers)
    assert loaded.errors == []
    imported = {p.title: p.body for p in loaded.reading_list.papers}
    assert imported == dict(listing_pairs())  # titles and abstracts exactly as listed


def test_listing_import_matches_the_hand_made_seed_files():
    parsed = parse_listing("daily-papers.txt", LISTING.read_text(encoding="utf-8"))
    by_title = {entry.title: entry for entry in parsed.entries}
    seeds = load_reading_list(REPO / "papers").reading_list.papers
    assert len(seeds) == 32
    for seed in seeds:
        entry = by_title[seed.title]
        assert entry.body == seed.body, seed.slug
        for name in ("code", "project", "data"):
            assert entry.values.get(name) == getattr(seed, name), (seed.slug, name)


def test_listing_import_into_the_real_list_skips_all_32(tmp_path, monkeypatch):
    shutil.copytree(REPO / "papers", tmp_path / "papers")
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in (tmp_path / "papers").iterdir())
    result = run_import(str(LISTING), "--tags", "datasets")
    assert result.exit_code == 0
    assert "0 written, 32 skipped as existing, 0 rejected" in result.output
    assert "same title as papers/chain-of-hindsight-aligns-language-models-with-feedback.md" in (
        result.output)
    assert sorted(p.name for p in (tmp_path / "papers").iterdir()) == before


def test_listing_without_tags_rejects_every_entry(tmp_path, monkeypatch):
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(REPO / "papers" / "themes.yml", papers / "themes.yml")
    monkeypatch.chdir(tmp_path)
    result = run_import(str(LISTING))
    assert result.exit_code == 1
    assert ":11: tags: none given (a listing has no keywords) (give tags with --tags a,b)" in (
        result.stderr)
    assert not list(papers.glob("*.md"))


def test_listing_chrome_is_recognised_by_pairing_not_by_wording():
    abstract = "An abstract sentence that goes on. " * 8
    text = (f"Weekly digest\n\nSign in\n\nFirst Title\n\n{abstract}\n\nAn orphan line\n\n"
            f"Second Title\n\n{abstract}\n")
    parsed = parse_listing("feed.txt", text)
    assert [(e.title, e.line) for e in parsed.entries] == [("First Title", 5),
                                                           ("Second Title", 11)]
    assert parsed.entries[0].body == abstract.rstrip("\n")
    assert parsed.notes[0] == (1, "passed over 2 lines before the first paper (page header)")
    assert parsed.notes[1][0] == 9 and "An orphan line" in parsed.notes[1][1]


def test_abstract_links_are_only_those_the_abstract_names():
    links, unnamed = abstract_links(
        "Our project page is available at https://example.org/page/{url}. "
        "Code is at https://example.org/code, and see https://example.org/other.")
    assert links == {"project": "https://example.org/page/", "code": "https://example.org/code"}
    assert unnamed == ["https://example.org/other"]
    links, _ = abstract_links("The complete dataset and code can be found at "
                              "https://example.org/both.")
    assert links == {"code": "https://example.org/both", "data": "https://example.org/both"}


def test_bibtex_the_parser_cannot_fully_read_is_rejected_with_the_reason():
    text = (
        "@misc{same, title = {First}}\n"
        "@misc{same, title = {Second}}\n"
        "@misc{twice, title = {One}, title = {Two}}\n"
        "@misc{macro, title = {Macro}, journal = undefinedjournal}\n"
        "@misc{joined, title = {Joined}, booktitle = \"Proc. \" # \"Example\"}\n"
        "@misc{prose, title = {Prose}, abstract = {We set\n  k = 3 neighbours.}}\n")
    entries = parse_bibtex("refs.bib", text, ()).entries
    problems = [[str(p) for p in e.problems] for e in entries]
    assert problems[0] == []
    # A reused key with other content is an entry of its own (an exact copy is skipped).
    assert problems[1] == []
    assert entries[1].title == "Second" and entries[1].line == 2
    assert "also the key of the entry on line 1" in entries[1].notes[0]
    assert problems[2] == ["refs.bib:3: entry: has a field given twice: title "
                           "(keep one of each field)"]
    assert problems[3] == ["refs.bib:4: journal: 'undefinedjournal' is not defined by an "
                           "@string (define it with @string, or write the value in braces)"]
    assert problems[4][0].startswith("refs.bib:5: booktitle: joins parts with '#'")
    assert problems[5] == []  # "k = 3" in prose is not a field after a missing comma
    assert entries[5].body == "We set k = 3 neighbours."


def test_a_broken_taxonomy_stops_the_import_before_anything_is_written(repo_taxonomy_list):
    (repo_taxonomy_list / "themes.yml").write_text("themes: [not, a, mapping]\n")
    result = run_import("library.bib", "--added", ADDED)
    assert result.exit_code == 1
    assert "papers/themes.yml:1: themes: must map theme slugs" in result.stderr
    assert "nothing imported" in result.stderr
    assert not list(repo_taxonomy_list.glob("*.md"))
