"""Citation keys and BibTeX entries, read back with bibtexparser as a reader's tools would."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser import middlewares

from conftest import ListFolder
from site_builder.bibtex import bibtex_entry, bibtex_file, citation_keys, escape
from site_builder.loading import load_reading_list
from site_builder.model import Paper


def load(folder: ListFolder):
    result = load_reading_list(folder.papers)
    assert result.problems == []
    return result.reading_list


def paper(slug: str = "p", title: str = "A Paper", added: str = "2026-11-01", **fields) -> Paper:
    return Paper(slug=slug, path=Path(f"papers/{slug}.md"), title=title, tags=("hard-negatives",),
                 added=dt.date.fromisoformat(added), **fields)


def parse(text: str, decode: bool = True):
    """Parse like a reader's tool: names split on the raw text, then LaTeX decoded."""
    extra = [middlewares.SeparateCoAuthors()]
    if decode:
        extra.append(middlewares.LatexDecodingMiddleware())
    library = bibtexparser.parse_string(text, append_middleware=extra)
    assert library.failed_blocks == []
    return library


def fields_of(entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


# --- keys ---------------------------------------------------------------------------------

def test_keys_are_family_name_year_and_first_title_word(real_list):
    keys = citation_keys(real_list.papers)
    assert keys["chain-of-hindsight-aligns-language-models-with-feedback"] == "liu2023chain"
    # "A Labelled Dataset ...": the article is passed over.
    assert keys["a-labelled-dataset-for-sentiment-analysis-of-videos-on-youtube-tiktok-and-other"
                ] == "thakur2024labelled"
    # "Towards ..." is a stop word too; the paper has no `published`, so the year is `added`'s.
    towards = next(p for p in real_list.papers if p.slug.startswith("towards-enhancing"))
    assert towards.published is None
    assert keys[towards.slug] == f"lan{towards.added.year}enhancing"


def test_every_key_is_unique_and_plain(real_list):
    keys = citation_keys(real_list.papers)
    assert set(keys) == {p.slug for p in real_list.papers}
    assert len(set(keys.values())) == len(keys)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*", key) for key in keys.values())


def test_accents_are_folded_and_names_read_family_first_with_a_comma():
    keys = citation_keys([
        paper("one", "Über Negatives", authors=("Jörg K. H. Franke",), published="2024"),
        paper("two", "Ölmez Ablations", authors=("Sample, Alan",), published="2023-05-01"),
    ])
    assert keys == {"one": "franke2024uber", "two": "sample2023olmez"}


def test_a_paper_without_authors_uses_two_title_words():
    keys = citation_keys([paper("hard", "Hard Negative Mixing for Contrastive Learning",
                                published="2020")])
    assert keys == {"hard": "hard2020negative"}


def test_colliding_keys_get_letters_and_the_first_added_keeps_its_key():
    first = paper("zeta", "Learning Negatives", added="2026-11-01",
                  authors=("Ada Example",), published="2024")
    before = citation_keys([first])
    # A paper added later, whose slug sorts first, would want the same key.
    second = paper("alpha", "Learning from Negatives", added="2026-11-05",
                   authors=("Ada Example", "Alan Sample"), published="2024-02-01")
    third = paper("beta", "Learning: Negatives Again", added="2026-11-05",
                  authors=("Ada Example",), published="2024")
    after = citation_keys([second, third, first])
    assert before == {"zeta": "example2024learning"}
    assert after == {"zeta": "example2024learning", "alpha": "example2024learningb",
                     "beta": "example2024learningc"}


def test_a_letter_never_takes_another_papers_own_key():
    papers = [paper("one", "Learning", authors=("Ada Example",), published="2024"),
              paper("two", "Learning", added="2026-11-02", authors=("Ada Example",),
                    published="2024"),
              paper("three", "Learningb", added="2026-11-03", authors=("Ada Example",),
                    published="2024")]
    keys = citation_keys(papers)
    assert len(set(keys.values())) == 3
    assert keys["three"] == "example2024learningb"  # its own key, not a letter's


# --- entries ------------------------------------------------------------------------------

def test_the_whole_real_list_round_trips(real_list):
    keys = citation_keys(real_list.papers)
    library = parse(bibtex_file(real_list.papers, keys))
    assert [e.key for e in library.entries] == [keys[p.slug] for p in
                                                sorted(real_list.papers, key=lambda p: p.slug)]
    by_key = {e.key: e for e in library.entries}
    for p in real_list.papers:
        entry = fields_of(by_key[keys[p.slug]])
        assert entry["title"] == p.title
        assert entry.get("author", []) == list(p.authors)
        assert entry.get("year") == (p.published[:4] if p.published else None)
        assert entry.get("eprint") == p.arxiv
        assert entry.get("doi") == p.doi
        assert (entry.get("booktitle") or entry.get("journal")) == p.venue


def test_an_arxiv_preprint_is_misc_with_its_eprint():
    p = paper(title="Negative Preference Optimization", authors=("Ada Example",),
              published="2024-04-08", arxiv="2404.00001")
    (entry,) = parse(bibtex_entry(p, "example2024negative")).entries
    assert entry.entry_type == "misc"
    assert fields_of(entry) == {
        "author": ["Ada Example"], "title": "Negative Preference Optimization",
        "year": "2024", "month": "apr", "url": "https://arxiv.org/abs/2404.00001",
        "eprint": "2404.00001", "archivePrefix": "arXiv"}


def test_a_conference_venue_is_inproceedings_and_a_journal_an_article(real_list):
    conference = paper(venue="Example Conference 2024", url="https://example.org/paper")
    (entry,) = parse(bibtex_entry(conference, "k")).entries
    assert entry.entry_type == "inproceedings"
    assert fields_of(entry) == {"title": "A Paper", "booktitle": "Example Conference 2024",
                                "url": "https://example.org/paper"}
    homeomorphism = next(p for p in real_list.papers if p.slug.startswith("homeomorphism"))
    assert homeomorphism.venue == "IEEE T-PAMI 2025"
    (entry,) = parse(bibtex_entry(homeomorphism, "k")).entries
    assert entry.entry_type == "article"
    assert entry["journal"] == "IEEE T-PAMI 2025"
    assert "booktitle" not in fields_of(entry)


def test_nothing_is_invented_for_a_bare_paper():
    (entry,) = parse(bibtex_entry(paper(title="Only a Title"), "only2026title")).entries
    assert entry.entry_type == "misc"
    assert fields_of(entry) == {"title": "Only a Title"}


def test_the_title_keeps_its_capitals_and_a_doi_is_kept():
    p = paper(title="LEMON: LanguagE ModeL", doi="10.48550/arXiv.2404.00001")
    text = bibtex_entry(p, "k")
    assert "title = {{LEMON: LanguagE ModeL}}," in text
    assert parse(text).entries[0]["doi"] == "10.48550/arXiv.2404.00001"


# --- hostile text -------------------------------------------------------------------------

HOSTILE_TITLES = [
    "Unbalanced { brace",
    "close } first",
    "}, year = {1999}, note = {pwned",
    "} @misc{evil, title={x}",
    "100% & #1 costs $5 and $10",
    r"back\slash_under~tilde^hat",
    r"\end{document} \input{/etc/passwd}",
    r"$\input{/etc/passwd}$ as math",
]


def unescape(value: str) -> str:
    """The inverse of `escape`, to check that nothing was lost or added."""
    for escaped, char in [(r"\textbraceleft{}", "{"), (r"\textbraceright{}", "}"),
                          (r"\textbackslash{}", "\\"), (r"\textasciitilde{}", "~"),
                          (r"\textasciicircum{}", "^")]:
        value = value.replace(escaped, char)
    return re.sub(r"\\([{}%&#$_])", r"\1", value)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_text_stays_inside_its_field(title: str):
    p = paper(title=title, authors=("Ada {Example", "Alan Sample}"), venue="Conf % & # 2024",
              published="2024")
    library = parse(bibtex_entry(p, "k"), decode=False)
    (entry,) = library.entries
    fields = fields_of(entry)
    assert list(fields) == ["author", "title", "booktitle", "year"]
    assert unescape(fields["title"][1:-1]) == title
    assert [unescape(name) for name in fields["author"]] == ["Ada {Example", "Alan Sample}"]
    assert unescape(fields["booktitle"]) == "Conf % & # 2024"
    assert fields["year"] == "2024"


def test_a_file_of_hostile_entries_keeps_every_entry():
    papers = [paper(f"p{i}", title, authors=("Ada Example",)) for i, title in
              enumerate(HOSTILE_TITLES)]
    keys = citation_keys(papers)
    library = parse(bibtex_file(papers, keys), decode=False)
    assert sorted(e.key for e in library.entries) == sorted(keys.values())


def test_math_stays_math_unless_it_runs_commands():
    assert escape(r"$k$-NN and $\ell_1$ with $\mathcal{O}(n)$") == (
        r"$k$-NN and $\ell_1$ with $\mathcal{O}(n)$")
    hostile = escape(r"$\input{/etc/passwd}$ and $^^5cinput$")
    assert "\\input" not in hostile.replace(r"\textbackslash{}input", "")
    assert "^^" not in hostile
    assert escape("costs $5 and $10") == r"costs \$5 and \$10"


def test_non_ascii_is_kept_as_utf8():
    assert escape("Jörg K. H. Franke: Über Ölmez") == "Jörg K. H. Franke: Über Ölmez"


def test_a_name_with_and_is_one_author():
    p = paper(authors=("Ada Example", "Sample and Example Laboratory"))
    (entry,) = parse(bibtex_entry(p, "k"), decode=False).entries
    assert entry["author"] == ["Ada Example", "{Sample and Example Laboratory}"]


def test_papers_from_files_get_entries(small_list: ListFolder):
    reading_list = load(small_list)
    keys = citation_keys(reading_list.papers)
    library = parse(bibtex_file(reading_list.papers, keys))
    assert {e.key for e in library.entries} == set(keys.values())
    mixing = library.entries_dict[keys["hard-negative-mixing"]]
    assert mixing["author"] == ["Ada Example", "Alan Sample"]
    assert mixing["year"] == "2020"
    assert mixing["eprint"] == "2010.01028"
    npo = library.entries_dict[keys["negative-preference-optimization"]]
    assert npo["url"] == "https://example.org/npo"
