"""`site-builder import` of BibTeX as reference tools export it: nothing lost on the way.

`data/exports.bib` holds entries in the shapes Google Scholar, Zotero, DBLP, Semantic
Scholar, arXiv, the ACM Digital Library, IEEE Xplore, BibDesk and MathSciNet write them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.importing import parse_bibtex
from site_builder.loading import load_reading_list
from site_builder.markup import plain_text

from conftest import REPO
from test_import import repo_taxonomy_list  # noqa: F401 (a fixture used below)

EXPORTS = Path(__file__).parent / "data" / "exports.bib"
LIBRARY = Path(__file__).parent / "data" / "library.bib"
ADDED = "2025-06-01"

# The arXiv id each exported entry states, and where it states it.
ARXIV_BY_KEY = {
    "kalantidis2020hard": "2010.01028",  # journal = {arXiv preprint arXiv:ID}
    "liu2023chain": "2302.02676",  # journal = {arXiv:ID}
    "zhou2023cobra": "2306.01985",  # journal, with "and others"
    "zhang_negative_2024": "2404.05868",  # url arxiv.org/abs/ID, doi, note
    "duan_negating_2024": "2403.03419",  # note = {arXiv:ID [cs]} only
    "lam_crossing_2022": "2206.03104",  # doi = {10.48550/arXiv.ID} only
    "DBLP:journals/corr/abs-2209-05987": "2209.05987",  # eprint + eprinttype
    "Yu2022HeterogeneousGC": "2212.13847",  # journal ArXiv, volume abs/ID
    "gong2024multilabelzeroshotproductattributevalue": "2402.08802",  # eprint + archivePrefix
    "thakur2024labelled": "2406.07693",  # howpublished = {\url{arxiv.org/abs/ID}}
    "bogen2019awareness": "1912.06171",  # howpublished = {arXiv:ID}
    "singh2024negtome": "2412.01339",  # al-folio's arxiv = {ID}
}


@pytest.fixture
def empty_list(repo_taxonomy_list: Path) -> Path:
    """test_import's empty list with the project's taxonomy, and exports.bib beside it."""
    shutil.copy(EXPORTS, repo_taxonomy_list.parent / "exports.bib")
    return repo_taxonomy_list


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def entries_by_key() -> dict[str, dict[str, str]]:
    """Each entry of the fixture: its lower-cased field names and raw values, read with a
    regex (independently of the importer). A repeated key keeps its first entry."""
    text = EXPORTS.read_text(encoding="utf-8")
    found: dict[str, dict[str, str]] = {}
    for block in re.split(r"\n(?=@)", text):
        head = re.match(r"@\s*(\w+)\s*\{\s*([^,\s]+),", block)
        if not head:
            continue
        fields = {name.lower(): value for name, value in
                  re.findall(r"^\s*([A-Za-z-]+)\s*=\s*(.*?),?\s*$", block, re.MULTILINE)}
        found.setdefault(head.group(2), fields)
    return found


def test_the_fixture_has_every_export_shape():
    text = EXPORTS.read_text(encoding="utf-8")
    for shape in ("journal={arXiv preprint arXiv:", "journal={arXiv:", "note = {arXiv:",
                  "doi = {10.48550/arXiv.", "eprinttype    = {arXiv}", "archivePrefix={arXiv}",
                  "volume={abs/", "howpublished = {arXiv:", "arxiv.org/abs/",
                  "<inline-formula><tex-math", "<mml:math", "&amp;", "@ARTICLE{",
                  "\tAuthor = {", "    AUTHOR = {", "and others}"):
        assert shape in text, shape
    keys = re.findall(r"^@\w+\s*\{([^,]+),", text, re.MULTILINE)
    assert len(keys) == 21 and len(set(keys)) == 20  # one entry pasted twice


def test_every_entry_imports_with_its_authors_and_arxiv_id(empty_list: Path):
    result = run("import", "exports.bib", "--added", ADDED, "--tags", "hard-negatives")
    assert result.exit_code == 0, result.output
    assert "exports.bib: 20 written (1 with a warning), 1 skipped as existing, 0 rejected" \
        in result.output
    loaded = load_reading_list(empty_list)
    assert loaded.errors == []
    papers = loaded.reading_list.papers
    assert len(papers) == 20

    # Each written file names the entry it came from: "<- exports.bib:LINE @type{key}".
    written = dict(re.findall(r"wrote papers/(\S+)\.md\s+<- exports\.bib:\d+ @\w+\{([^}]+)\}",
                              result.output))
    assert len(written) == 20
    by_slug = {p.slug: p for p in papers}
    entries = entries_by_key()
    for slug, key in written.items():
        paper = by_slug[slug]
        if "author" in entries[key]:
            assert paper.authors, f"{key} lost its authors"
        assert paper.arxiv == ARXIV_BY_KEY.get(key), key
    # A venue that only says "arXiv" is no venue.
    assert all("arxiv" not in (p.venue or "").lower() and p.venue != "CoRR" for p in papers)

    check = run("check")
    assert check.exit_code == 0, check.output


def test_capitalised_field_names_keep_every_field(empty_list: Path):
    run("import", "exports.bib", "--added", ADDED, "--tags", "hard-negatives")
    papers = {p.slug: p for p in load_reading_list(empty_list).reading_list.papers}
    bibdesk = papers["negatives-written-in-capitals"]
    assert bibdesk.authors == ("Ada Example", "Alan Sample")
    assert (bibdesk.venue, bibdesk.published) == ("Workshop on Example Negatives", "2020")
    assert bibdesk.tags == ("hard-negatives",)
    mathscinet = papers["negative-results-on-example-sequences"]
    assert mathscinet.authors == ("Ada Example", "Alan Sample")
    assert mathscinet.doi == "10.5555/ejnm.2019.12.33"
    ieee = papers["homeomorphism-prior-for-false-positive-and-negative-problem-in-medical-image"]
    assert ieee.authors[0] == "Yuting He" and len(ieee.authors) == 6


def test_markup_becomes_text_and_math(empty_list: Path):
    run("import", "exports.bib", "--added", ADDED, "--tags", "hard-negatives")
    papers = {p.slug: p for p in load_reading_list(empty_list).reading_list.papers}
    mining = papers["mining-k-nearest-hard-negatives-with-ell-1-margins"]
    assert mining.title == r"Mining $k$-Nearest Hard Negatives With $\ell _{1}$ Margins"
    assert mining.body == "We mine the $k$ nearest negatives of each anchor."
    ieee = papers["homeomorphism-prior-for-false-positive-and-negative-problem-in-medical-image"]
    assert ieee.body.endswith(r"with a cost of $\mathcal {O}(n)$ per pair.")
    crossref = papers["negative-sampling-in-o-n-steps"]
    assert crossref.body == "We sample $x_{1}$ first & then the rest."
    for paper in papers.values():
        assert "<" not in paper.title + paper.body and "&amp;" not in paper.body


def test_a_nearly_identical_title_is_written_with_a_warning(empty_list: Path):
    result = run("import", "exports.bib", "--added", ADDED, "--tags", "hard-negatives")
    assert re.search(r"exports\.bib:48: warning: title: nearly the same title as line 39 of "
                     r"this input \('Can negatives go as deep as positives\?'", result.output)
    assert (empty_list / "making-negatives-go-as-deep-as-positives.md").exists()
    assert (empty_list / "can-negatives-go-as-deep-as-positives.md").exists()
    check = run("check", "--strict")
    assert "making-negatives-go-as-deep-as-positives.md:3: title: nearly the same title" \
        in check.output


def test_an_exact_copy_of_an_entry_is_skipped_with_a_note(empty_list: Path):
    result = run("import", "exports.bib", "--added", ADDED, "--tags", "hard-negatives")
    assert result.exit_code == 0
    assert "exports.bib:31: @article{liu2023chain}: the same entry as line 16 of this input" \
        in result.output
    assert "rejected" not in result.output.replace("0 rejected", "")


def test_site_fields_become_links():
    text = ("@article{k, title={T}, author={Ada Example}, code={https://example.org/code}, "
            "website={https://example.org/project}, pdf={paper.pdf}, html={https://example.org/t}}")
    entry = parse_bibtex("x.bib", text, ()).entries[0]
    assert entry.values["code"] == "https://example.org/code"
    assert entry.values["project"] == "https://example.org/project"
    assert entry.values["url"] == "https://example.org/t"
    assert "pdf" not in entry.values and entry.unmapped == ["pdf"]  # not a web address


def test_verbose_lists_the_fields_that_were_not_mapped(empty_list: Path):
    result = run("import", "exports.bib", "--added", ADDED, "--tags", "hard-negatives",
                 "--dry-run", "-v")
    blocks = dict(re.findall(r"@\w+\{([^}]+)\}.*\n((?:  .*\n)*)", result.output))
    assert "not mapped: isbn, publisher, address, pages, numpages, location, series" in \
        blocks["10.5555/3511808.3557343"]
    assert "not mapped: volume, timestamp, biburl, bibsource" in \
        blocks["DBLP:journals/corr/abs-2209-05987"]
    assert "not mapped: shorttitle, urldate, publisher, month, note" in \
        blocks["zhang_negative_2024"]
    assert "not mapped: primaryclass" in blocks["gong2024multilabelzeroshotproductattributevalue"]
    assert "not mapped" not in blocks["thakur2024labelled"]  # every field was used
    quiet = run("import", "exports.bib", "--added", ADDED, "--tags", "hard-negatives",
                "--dry-run")
    assert "not mapped" not in quiet.output


def test_importing_into_the_real_list_skips_the_papers_it_has(tmp_path, monkeypatch):
    shutil.copytree(REPO / "papers", tmp_path / "papers")
    monkeypatch.chdir(tmp_path)
    result = run("import", str(EXPORTS), "--added", ADDED, "--tags", "hard-negatives",
                 "--dry-run")
    assert result.exit_code == 0
    assert "6 would be written (1 with a warning), 15 skipped as existing, 0 rejected" \
        in result.output


def test_library_numbers(tmp_path, monkeypatch):
    (tmp_path / "papers").mkdir()
    shutil.copy(REPO / "papers" / "themes.yml", tmp_path / "papers" / "themes.yml")
    monkeypatch.chdir(tmp_path)
    result = run("import", str(LIBRARY), "--added", ADDED, "--dry-run")
    assert "20 would be written, 2 skipped as existing, 5 rejected" in result.output


@pytest.mark.parametrize("fields, arxiv, venue", [
    ("journal={arXiv preprint arXiv:1809.10341}", "1809.10341", None),
    ("arxiv={1809.10341}, journal={Example Conference}", "1809.10341", "Example Conference"),
    ("arxiv={arXiv:1809.10341}", "1809.10341", None),
    ("journal={arXiv preprint arXiv:1809.10341v2}", "1809.10341v2", None),
    ("journal={ArXiv}, volume={abs/1905.09550}", "1905.09550", None),
    ("journal={CoRR}, volume={abs/1905.09550}", "1905.09550", None),
    ("journal={arXiv e-prints}, eprint={1905.09550}", "1905.09550", None),
    ("note={arXiv:2305.18290 [cs]}", "2305.18290", None),
    ("howpublished={arXiv:cs/0112017}", "cs/0112017", None),
    ("url={https://www.arxiv.org/pdf/2305.18290v3.pdf}", "2305.18290v3", None),
    ("doi={10.48550/ARXIV.2305.18290}", "2305.18290", None),
    ("eprint={2305.18290}, archivePrefix={arXiv}", "2305.18290", None),
    ("eprint={2305.18290}, eprinttype={arxiv}", "2305.18290", None),
    ("booktitle={Example Conference}, note={arXiv:2305.18290}", "2305.18290",
     "Example Conference"),
    ("journal={Example Journal of arXiv Studies}", None, "Example Journal of arXiv Studies"),
    ("note={Accepted 2023.12345 times}", None, None),
])
def test_arxiv_ids_in_every_exported_form(fields, arxiv, venue):
    text = f"@article{{k, title={{A Title}}, author={{Ada Example}}, {fields}}}"
    entry = parse_bibtex("x.bib", text, ()).entries[0]
    assert entry.values.get("arxiv") == arxiv
    assert entry.values.get("venue") == venue
    assert entry.values["authors"] == ["Ada Example"]


@pytest.mark.parametrize("name", ["AUTHOR", "Author", "aUtHoR"])
def test_author_field_name_in_any_case(name):
    text = f"@ARTICLE{{k, TITLE={{T}}, {name}={{Example, Ada and Alan Sample}}, YEAR={{2020}}}}"
    entry = parse_bibtex("x.bib", text, ()).entries[0]
    assert entry.values["authors"] == ["Ada Example", "Alan Sample"]
    assert entry.values["published"] == "2020"
    assert entry.unmapped == []


@pytest.mark.parametrize("markup, text", [
    ("plain x < y and y > z", "plain x < y and y > z"),
    ('a <inline-formula><tex-math notation="LaTeX">$\\alpha$</tex-math></inline-formula> b',
     "a $\\alpha$ b"),
    ("<tex-math><![CDATA[\\documentclass{article}\\begin{document}$x^2$\\end{document}]]>"
     "</tex-math>", "$x^2$"),
    ('<inline-formula><alternatives><tex-math>\\beta</tex-math><mml:math><mml:mi>b</mml:mi>'
     '</mml:math></alternatives></inline-formula>', "$\\beta$"),
    ('<mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML"><mml:mfrac><mml:mn>1</mml:mn>'
     '<mml:mi>n</mml:mi></mml:mfrac></mml:math>', "$\\frac{1}{n}$"),
    ('<math alttext="x_1"><mi>x</mi></math>', "$x_1$"),
    ("<jats:title>Abstract</jats:title><jats:p>One.</jats:p><jats:p>Two &lt;3.</jats:p>",
     "\n\n\n\nOne.\n\n\n\nTwo <3.\n\n"),
    ("<i>In vivo</i> H<sub>2</sub>O", "In vivo H2O"),
])
def test_markup_to_text(markup, text):
    assert plain_text(markup) == text
