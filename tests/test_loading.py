"""Loading and validation: one test per rule of PRODUCT.md's "A paper file" and "The taxonomy".

Each test writes a file the way a contributor would, loads it, and asserts the problem line
the contributor would read: `path:line: field: message (hint)`.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from conftest import CONTRACT_EXAMPLE, THEMES_YML, TODAY, ListFolder, paper_text
from site_builder.loading import load_paper, load_reading_list, load_taxonomy
from site_builder.model import Paper, Problem

# paper_text() writes: line 1 '---', 2 title, 3 tags, 4 added, then extra fields from line 5.
EXTRA = 5


@pytest.fixture
def folder(reading_list_dir: ListFolder, monkeypatch: pytest.MonkeyPatch) -> ListFolder:
    """The fixture list, with the working directory at its root so paths read `papers/...`."""
    monkeypatch.chdir(reading_list_dir.root)
    return reading_list_dir


def load(folder: ListFolder, slug: str, text: str | bytes, today: dt.date = TODAY
         ) -> tuple[Paper | None, list[Problem]]:
    """Write a paper file (text as given, bytes as they are) and load it."""
    path = folder.papers / f"{slug}.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    taxonomy, problems = load_taxonomy(folder.papers / "themes.yml")
    assert taxonomy is not None and problems == []
    return load_paper(path, taxonomy, today)


def lines_of(folder: ListFolder, slug: str, text: str | bytes, today: dt.date = TODAY) -> list[str]:
    """The problem lines a contributor would read for this file; asserts it did not load."""
    paper, problems = load(folder, slug, text, today)
    assert paper is None, "an invalid paper must not load"
    assert problems, "an invalid paper must have problems"
    return [str(p) for p in problems]


def the_line(folder: ListFolder, text: str | bytes, slug: str = "p") -> str:
    """The one problem line for a file that has exactly one problem."""
    lines = lines_of(folder, slug, text)
    assert len(lines) == 1, lines
    return lines[0]


def valid(folder: ListFolder, text: str | bytes, slug: str = "p") -> Paper:
    paper, problems = load(folder, slug, text)
    assert [str(p) for p in problems] == []
    assert paper is not None
    return paper


def raw(*lines: str, body: str = "Abstract.") -> str:
    """A paper file from literal front-matter lines."""
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


TITLE = 'title: "A Paper"'
TAGS = "tags: [hard-negatives]"
ADDED = "added: 2026-11-01"


# --- title -----------------------------------------------------------------------------


def test_title_is_required(folder):
    assert the_line(folder, raw(TAGS, ADDED)) == (
        "papers/p.md:1: title: is missing "
        """(add a line 'title: "An Example Paper: Learning What Not to Generate"')""")


@pytest.mark.parametrize("value", ['""', "'   '", ""])
def test_title_must_not_be_blank(folder, value):
    line = the_line(folder, raw(f"title: {value}".rstrip(), TAGS, ADDED))
    assert line.startswith("papers/p.md:2: title: is blank")


def test_title_must_be_text_not_a_list(folder):
    line = the_line(folder, raw("title: [A, Paper]", TAGS, ADDED))
    assert line.startswith("papers/p.md:2: title: must be text, not a list or mapping")


def test_title_that_yaml_reads_as_a_number_stays_as_written(folder):
    paper = valid(folder, raw("title: 1984.0", TAGS, ADDED))
    assert paper.title == "1984.0"


# --- tags ------------------------------------------------------------------------------


def test_tags_are_required(folder):
    # The example names declared tags (the fixture's first two), not a fixed pair.
    assert the_line(folder, raw(TITLE, ADDED)) == (
        "papers/p.md:1: tags: is missing (add a line 'tags: [hard-negatives, false-negatives]')")


def test_tags_must_not_be_empty(folder):
    assert the_line(folder, raw(TITLE, "tags: []", ADDED)) == (
        "papers/p.md:3: tags: is empty (give at least one tag from papers/themes.yml)")


def test_tags_must_be_a_list(folder):
    assert the_line(folder, raw(TITLE, "tags: hard-negatives", ADDED)) == (
        "papers/p.md:3: tags: must be a list (write tags: [hard-negatives])")


def test_undeclared_tag_suggests_the_closest_declared_tag(folder):
    assert the_line(folder, raw(TITLE, "tags: [hard-negativs]", ADDED)) == (
        "papers/p.md:3: tags: 'hard-negativs' is not declared in papers/themes.yml "
        "(did you mean 'hard-negatives'?)")


def test_undeclared_tag_without_a_close_one_says_where_to_declare_it(folder):
    line = the_line(folder, raw(TITLE, "tags: [astronomy]", ADDED))
    assert line.startswith("papers/p.md:3: tags: 'astronomy' is not declared in papers/themes.yml")
    assert "did you mean" not in line
    assert "themes.yml" in line.split("(", 1)[1]


def test_undeclared_tag_is_reported_at_its_own_line_in_a_block_list(folder):
    text = raw(TITLE, "tags:", "  - hard-negatives", "  - unlernin", ADDED)
    assert the_line(folder, text) == (
        "papers/p.md:5: tags: 'unlernin' is not declared in papers/themes.yml "
        "(did you mean 'unlearning'?)")


@pytest.mark.parametrize("tag", ["Hard-Negatives", "hard_negatives", "hard--negatives", "-hard"])
def test_tags_must_be_slugs(folder, tag):
    line = the_line(folder, raw(TITLE, f"tags: [{tag}]", ADDED))
    assert line.startswith(f"papers/p.md:3: tags: '{tag}' is not a tag slug (")


def test_tag_in_wrong_case_suggests_the_declared_tag(folder):
    assert the_line(folder, raw(TITLE, "tags: [Hard-Negatives]", ADDED)) == (
        "papers/p.md:3: tags: 'Hard-Negatives' is not a tag slug (did you mean 'hard-negatives'?)")


def test_a_tag_listed_twice_is_reported_at_the_second(folder):
    text = raw(TITLE, "tags:", "  - hard-negatives", "  - unlearning", "  - hard-negatives", ADDED)
    assert the_line(folder, text) == "papers/p.md:6: tags: 'hard-negatives' is listed twice (keep one)"


# --- added -----------------------------------------------------------------------------


def test_added_is_required(folder):
    assert the_line(folder, raw(TITLE, TAGS)) == (
        "papers/p.md:1: added: is missing (add a line 'added: 2026-11-23')")


@pytest.mark.parametrize("value", ["yesterday", "2024/04/08", "24-04-08", "2024-4-8", "2024"])
def test_added_must_be_a_date(folder, value):
    assert the_line(folder, raw(TITLE, TAGS, f"added: {value}")) == (
        f"papers/p.md:4: added: '{value}' is not a date (write it as YYYY-MM-DD, e.g. 2024-04-08)")


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10"])
def test_added_must_be_a_real_date(folder, value):
    assert the_line(folder, raw(TITLE, TAGS, f"added: {value}")) == (
        f"papers/p.md:4: added: '{value}' is not a real date (check the month and day)")


def test_leap_day_is_a_real_date(folder):
    assert valid(folder, raw(TITLE, TAGS, "added: 2024-02-29")).added == dt.date(2024, 2, 29)


def test_added_must_not_be_in_the_future(folder):
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert the_line(folder, raw(TITLE, TAGS, f"added: {tomorrow}")) == (
        f"papers/p.md:4: added: {tomorrow} is in the future "
        "(use the day the paper is added to the list)")


def test_added_today_is_fine(folder):
    assert valid(folder, raw(TITLE, TAGS, f"added: {TODAY.isoformat()}")).added == TODAY


def test_added_date_quoted_is_fine(folder):
    assert valid(folder, raw(TITLE, TAGS, 'added: "2026-11-01"')).added == dt.date(2026, 11, 1)


# --- authors, published, venue ---------------------------------------------------------


def test_authors_must_be_a_list(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "authors: Ada Example")) == (
        "papers/p.md:5: authors: must be a list (write authors: [Ada Example, Alan Sample])")


def test_authors_names_must_be_text(folder):
    line = the_line(folder, raw(TITLE, TAGS, ADDED, "authors: [Ada Example, [Alan, Sample]]"))
    assert line.startswith("papers/p.md:5: authors: must be text")


@pytest.mark.parametrize("value, stored", [("2024-04-08", "2024-04-08"), ("2024", "2024"),
                                           ('"2024"', "2024")])
def test_published_is_a_date_or_a_year(folder, value, stored):
    assert valid(folder, raw(TITLE, TAGS, ADDED, f"published: {value}")).published == stored


@pytest.mark.parametrize("value", ["24", "April 2024", "2024-04", "20240408"])
def test_published_rejects_what_is_neither_date_nor_year(folder, value):
    line = the_line(folder, raw(TITLE, TAGS, ADDED, f"published: {value}"))
    assert line.startswith(f"papers/p.md:5: published: '{value}' is not a date (")
    assert "YYYY-MM-DD" in line


def test_published_impossible_date_is_rejected(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "published: 2024-02-30")) == (
        "papers/p.md:5: published: '2024-02-30' is not a real date (check the month and day)")


def test_venue_is_text(folder):
    assert valid(folder, raw(TITLE, TAGS, ADDED, "venue: NeurIPS 2024")).venue == "NeurIPS 2024"
    line = the_line(folder, raw(TITLE, TAGS, ADDED, "venue: [NeurIPS, ICML]"))
    assert line.startswith("papers/p.md:5: venue: must be text, not a list or mapping")


@pytest.mark.parametrize("value", ["", " null", " ~", ' ""'])
def test_optional_field_left_blank_is_reported(folder, value):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, f"venue:{value}")).startswith(
        "papers/p.md:5: venue: is blank (")


@pytest.mark.parametrize("value", ["null", "~", "Null"])
def test_yaml_null_is_not_taken_for_a_title(folder, value):
    assert the_line(folder, raw(f"title: {value}", TAGS, ADDED)).startswith(
        "papers/p.md:2: title: is blank")


def test_quoted_null_is_text(folder):
    assert valid(folder, raw('title: "null"', TAGS, ADDED)).title == "null"


# --- arxiv -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ['"2404.05868"', "2404.05868v2", '"0704.0001"', "1501.00001v12",
                                   "cs/0112017", "math.GT/0309136", "hep-th/9901001v3"])
def test_arxiv_accepts_new_and_old_style_identifiers(folder, value):
    assert valid(folder, raw(TITLE, TAGS, ADDED, f"arxiv: {value}")).arxiv == value.strip('"')


def test_unquoted_arxiv_id_keeps_its_trailing_zero(folder):
    assert valid(folder, raw(TITLE, TAGS, ADDED, "arxiv: 2404.10000")).arxiv == "2404.10000"
    assert valid(folder, raw(TITLE, TAGS, ADDED, "arxiv: 2404.00010")).arxiv == "2404.00010"


def test_arxiv_with_its_prefix_gets_a_hint_with_the_bare_identifier(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "arxiv: arXiv:2404.05868")) == (
        "papers/p.md:5: arxiv: 'arXiv:2404.05868' is not an arXiv identifier "
        '(write just the identifier: arxiv: "2404.05868")')


@pytest.mark.parametrize("value", ["2404-05868", "2404.058", "2404.058681",
                                   "cs/011201", "CS/0112017", "2404.05868v", "abc"])
def test_arxiv_rejects_what_is_not_an_identifier(folder, value):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, f"arxiv: {value}")) == (
        f"papers/p.md:5: arxiv: '{value}' is not an arXiv identifier "
        "(new style like 2404.05868 (optional v2) or old style like cs/0112017)")


@pytest.mark.parametrize("url, bare", [
    ("https://arxiv.org/abs/2404.05868", "2404.05868"),
    ("https://arxiv.org/abs/2404.05868v2", "2404.05868v2"),
    ("https://arxiv.org/pdf/2404.05868.pdf", "2404.05868"),
    ("http://arxiv.org/abs/cs/0112017", "cs/0112017"),
])
def test_arxiv_url_is_rejected_with_the_bare_id_as_hint(folder, url, bare):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, f"arxiv: {url}")) == (
        f"papers/p.md:5: arxiv: '{url}' is not an arXiv identifier "
        f'(write just the identifier: arxiv: "{bare}")')


# --- doi -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["10.48550/arXiv.2404.00001", "10.1145/3580305.3599256",
                                   "10.1000.10/abc(def)"])
def test_doi_accepts_a_doi(folder, value):
    assert valid(folder, raw(TITLE, TAGS, ADDED, f"doi: {value}")).doi == value


@pytest.mark.parametrize("value", ["48550/arXiv.2404.00001", "doi:10.48550/abc", "10.48550",
                                   "10.12/abc", "10.48550/with space"])
def test_doi_needs_the_10_prefix_and_a_suffix(folder, value):
    line = the_line(folder, raw(TITLE, TAGS, ADDED, f"doi: {value}"))
    assert line.startswith(f"papers/p.md:5: doi: '{value}' is not a DOI (")


def test_doi_without_prefix_hint_explains_the_form(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "doi: 48550/arXiv.2404.00001")) == (
        "papers/p.md:5: doi: '48550/arXiv.2404.00001' is not a DOI "
        "(a DOI starts with 10., e.g. 10.48550/arXiv.2404.00001)")


@pytest.mark.parametrize("url", ["https://doi.org/10.48550/arXiv.2404.00001",
                                 "http://dx.doi.org/10.48550/arXiv.2404.00001"])
def test_doi_url_is_rejected_with_the_bare_doi_as_hint(folder, url):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, f"doi: {url}")) == (
        f"papers/p.md:5: doi: '{url}' is not a DOI "
        "(write just the DOI: doi: 10.48550/arXiv.2404.00001)")


# --- links -----------------------------------------------------------------------------

LINK_FIELDS = ["url", "pdf", "code", "project", "data"]


@pytest.mark.parametrize("name", LINK_FIELDS)
@pytest.mark.parametrize("value", ["https://example.org/paper", "http://example.org",
                                   "https://example.org/a?b=c#d"])
def test_links_accept_http_and_https(folder, name, value):
    assert getattr(valid(folder, raw(TITLE, TAGS, ADDED, f"{name}: {value}")), name) == value


@pytest.mark.parametrize("name", LINK_FIELDS)
@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://example.org/paper.pdf",
                                   "/papers/relative.pdf", "example.org/paper",
                                   "data:text/html,hi", "mailto:ada@example.org"])
def test_links_reject_other_schemes(folder, name, value):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, f"{name}: {value}")) == (
        f"papers/p.md:5: {name}: '{value}' is not an http or https URL "
        "(write the full address, starting with https://)")


@pytest.mark.parametrize("name", LINK_FIELDS)
@pytest.mark.parametrize("value", ["https://example.org/a paper.pdf", "https://", "https:///path",
                                   'https://example.org/"><script>'])
def test_links_reject_malformed_urls(folder, name, value):
    line = the_line(folder, raw(TITLE, TAGS, ADDED, f"{name}: '{value}'"))
    assert line.startswith(f"papers/p.md:5: {name}: '{value}' is not a valid URL (")


# --- keys ------------------------------------------------------------------------------


def test_unknown_key_suggests_the_field_meant(folder):
    lines = lines_of(folder, "p", raw(TITLE, ADDED, "tag: [hard-negatives]"))
    assert "papers/p.md:4: tag: unknown field (did you mean 'tags'?)" in lines


def test_unknown_key_without_a_close_one_lists_the_fields(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "colour: red")) == (
        "papers/p.md:5: colour: unknown field (allowed fields: title, tags, added, authors, "
        "published, venue, arxiv, doi, url, pdf, code, project, data)")


@pytest.mark.parametrize("key, meant", [("Title", "title"), ("author", "authors"),
                                        ("arXiv", "arxiv"), ("homepage", None)])
def test_misspelt_keys(folder, key, meant):
    line = the_line(folder, raw(TITLE, TAGS, ADDED, f"{key}: x"))
    assert line.startswith(f"papers/p.md:5: {key}: unknown field (")
    if meant:
        assert line.endswith(f"(did you mean '{meant}'?)")


def test_duplicated_key_is_reported_at_the_second_naming_the_first(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, 'title: "Another"')) == (
        "papers/p.md:5: title: duplicated key (it is also on line 2; keep one)")


# --- the file --------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["Hard-Negatives", "hard_negatives", "hard--negatives",
                                  "hard negatives", "café-paper"])
def test_file_name_must_be_a_slug(folder, slug):
    line = the_line(folder, paper_text("A Paper", ["hard-negatives"]), slug=slug)
    assert line.startswith(f"papers/{slug}.md:1: slug: file name '{slug}.md' must be lowercase")
    suggestion = line.rsplit("(", 1)[1]
    assert suggestion.startswith("rename it to ") and "_" not in suggestion


def test_file_name_hint_gives_the_slug(folder):
    assert the_line(folder, paper_text("A Paper", ["hard-negatives"]), slug="Hard_Negatives") == (
        "papers/Hard_Negatives.md:1: slug: file name 'Hard_Negatives.md' must be lowercase "
        "letters and digits in words joined by single '-' (rename it to hard-negatives.md)")


def test_file_name_at_most_80_characters(folder):
    longest = "-".join(["abcdefghi"] * 8)  # 79 characters
    longest += "x"
    assert len(longest) == 80
    valid(folder, paper_text("A Paper", ["hard-negatives"]), slug=longest)
    too_long = longest + "y"
    line = the_line(folder, paper_text("A Paper", ["hard-negatives"]), slug=too_long)
    assert line.startswith(f"papers/{too_long}.md:1: slug: file name '{too_long}.md' is 81 "
                           "characters, over the limit of 80 (rename it to ")
    suggested = line.rsplit("rename it to ", 1)[1].removesuffix(".md)")
    assert len(suggested) <= 80


def test_file_name_index_is_reserved(folder):
    line = the_line(folder, paper_text("A Paper", ["hard-negatives"]), slug="index")
    assert line.startswith("papers/index.md:1: slug: file name 'index.md' is reserved")
    assert line.endswith("(rename the file after the paper's title)"), (
        "the hint must not suggest the same reserved name")


def test_file_must_be_utf8_and_the_bad_byte_line_is_given(folder):
    text = paper_text("Caf\u00e9", ["hard-negatives"], venue="Caf\u00e9 Conf").encode("latin-1")
    assert the_line(folder, text) == (
        "papers/p.md:2: file: is not valid UTF-8 (byte 0xe9) (save the file as UTF-8)")


def test_byte_order_mark_and_crlf_are_fine_and_lines_stay_right(folder):
    good = paper_text("A Paper", ["hard-negatives"], venue="Conf", body="Line one.\n\nLine two.")
    paper = valid(folder, ("\ufeff" + good).replace("\n", "\r\n").encode("utf-8"))
    assert paper.title == "A Paper"
    assert paper.venue == "Conf"
    assert paper.body == "Line one.\n\nLine two."
    bad = paper_text("A Paper", ["hard-negatives"], venue="Conf", published="24")
    line = the_line(folder, ("\ufeff" + bad).replace("\n", "\r\n").encode("utf-8"))
    assert line.startswith("papers/p.md:6: published: '24' is not a date")


def test_file_over_one_mebibyte_is_rejected(folder):
    head = paper_text("A Paper", ["hard-negatives"], body="")
    size = 1024 * 1024
    exact = head + "x" * (size - len(head.encode()))
    assert len(exact.encode()) == size
    valid(folder, exact)
    line = the_line(folder, exact + "x")
    assert line.startswith("papers/p.md:1: file: is 1,048,577 bytes, over the 1 MiB limit")


def test_file_without_front_matter(folder):
    assert the_line(folder, "# A Paper\n\nAbstract.\n") == (
        "papers/p.md:1: file: does not start with front matter "
        "(begin the file with a line '---', the fields, then another '---')")


def test_front_matter_not_closed(folder):
    assert the_line(folder, "---\ntitle: A Paper\ntags: [hard-negatives]\n\nAbstract.\n") == (
        "papers/p.md:1: file: front matter is not closed (end the fields with a line '---')")


def test_empty_front_matter(folder):
    line = the_line(folder, "---\n---\nAbstract.\n")
    assert line.startswith("papers/p.md:1: front matter: is empty")


def test_yaml_syntax_error_gives_its_line(folder):
    line = the_line(folder, raw(TITLE, TAGS, ADDED, "venue: Conf: 2024"))
    assert line == ("papers/p.md:5: yaml: the value of venue has ': ' in it, which YAML reads "
                    'as a new field (put the value in quotes: venue: "Conf: 2024")')


def test_yaml_syntax_error_in_a_quoted_title(folder):
    line = the_line(folder, raw('title: "An "Example" Paper"', TAGS, ADDED))
    assert line.startswith("papers/p.md:2: yaml: ")


def test_front_matter_that_is_a_list(folder):
    assert the_line(folder, raw("- title", "- tags")) == (
        "papers/p.md:2: front matter: must be a mapping of fields "
        "(write one 'field: value' per line)")


def test_all_problems_of_a_file_are_reported_at_once_in_line_order(folder):
    text = raw("title: ''", "tag: [hard-negatives]", "added: 2024-02-30", "doi: 48550/x",
               "url: ftp://example.org", "arxiv: https://arxiv.org/abs/2404.05868")
    lines = lines_of(folder, "Bad_Name", text)
    located = [(line.split(":")[1], line.split(": ")[1]) for line in lines]
    assert located == [("1", "slug"), ("1", "tags"), ("2", "title"), ("3", "tag"),
                       ("4", "added"), ("5", "doi"), ("6", "url"), ("7", "arxiv")]
    assert all(line.startswith("papers/Bad_Name.md:") for line in lines)


def test_problems_across_files_all_reported_by_load_reading_list(folder):
    folder.add("good", "Good", ["hard-negatives"])
    folder.add("bad-one", "Bad", ["hard-negativs"])
    folder.write("bad-two", raw(TITLE, TAGS))
    result = load_reading_list(folder.papers, today=TODAY)
    assert [str(p) for p in result.errors] == [
        "papers/bad-one.md:3: tags: 'hard-negativs' is not declared in papers/themes.yml "
        "(did you mean 'hard-negatives'?)",
        "papers/bad-two.md:1: added: is missing (add a line 'added: 2026-11-23')",
    ]
    assert result.reading_list is not None
    assert [p.slug for p in result.reading_list.papers] == ["good"]


def test_valid_paper_loads_into_a_typed_record(folder):
    text = "---\n" + CONTRACT_EXAMPLE + "---\nAbstract, then the curator's notes, in Markdown.\n"
    paper = valid(folder, text, slug="an-example-paper")
    assert paper == Paper(
        slug="an-example-paper",
        path=folder.papers / "an-example-paper.md",
        title="An Example Paper: Learning What Not to Generate",
        tags=("unlearning", "preference-optimization"),
        added=dt.date(2026, 11, 23),
        body="Abstract, then the curator's notes, in Markdown.",
        authors=("Ada Example", "Alan Sample"),
        published="2024-04-08",
        venue="Example Conference 2024",
        arxiv="2404.00001",
        doi="10.48550/arXiv.2404.00001",
        url="https://arxiv.org/abs/2404.00001",
        pdf="https://arxiv.org/pdf/2404.00001",
        code="https://github.com/example/learning-what-not-to-generate",
        project="https://example.org/project-page",
        data="https://example.org/dataset",
    )
    assert type(paper.added) is dt.date
    assert isinstance(paper.tags, tuple) and isinstance(paper.authors, tuple)
    assert paper.year == 2024
    assert paper.line_of("doi") == 9


def test_minimal_paper_leaves_unstated_metadata_out(folder):
    paper = valid(folder, paper_text("A Paper", ["hard-negatives"]))
    assert paper.authors == ()
    assert (paper.published, paper.venue, paper.arxiv, paper.doi, paper.url) == (None,) * 5
    assert paper.year is None


# --- the taxonomy ----------------------------------------------------------------------


def taxonomy_lines(folder: ListFolder, text: str) -> list[str]:
    (folder.papers / "themes.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    taxonomy, problems = load_taxonomy(folder.papers / "themes.yml")
    assert taxonomy is None, "an invalid taxonomy must not load"
    return [str(p) for p in problems]


def test_fixture_taxonomy_loads(folder):
    taxonomy, problems = load_taxonomy(folder.papers / "themes.yml")
    assert problems == []
    assert list(taxonomy.themes) == ["negatives", "alignment"]
    assert taxonomy.themes["alignment"].tags == ("preference-optimization", "unlearning",
                                                 "hard-negatives")
    assert taxonomy.tags == ("hard-negatives", "false-negatives", "preference-optimization",
                             "unlearning")
    assert taxonomy.tag_descriptions["unlearning"] == "Removing what a model learned."


def test_taxonomy_file_is_required(folder):
    (folder.papers / "themes.yml").unlink()
    taxonomy, problems = load_taxonomy(folder.papers / "themes.yml")
    assert taxonomy is None
    assert [str(p) for p in problems] == [
        "papers/themes.yml:1: file: is missing (create papers/themes.yml with themes and tags)"]
    folder.add("a-paper", "A Paper", ["hard-negatives"])
    result = load_reading_list(folder.papers, today=TODAY)
    assert result.reading_list is None
    assert "papers/themes.yml:1: file: is missing" in str(result.errors[0])


def test_theme_needs_a_title(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            description: How negatives are chosen.
            tags: [hard-negatives]
        """)
    assert lines == ["papers/themes.yml:2: themes.negatives.title: is missing "
                     "(every theme needs a title)"]


def test_theme_needs_tags(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            title: Negative sampling
        """)
    assert lines == ["papers/themes.yml:2: themes.negatives.tags: is missing "
                     "(list at least one tag)"]


def test_theme_tags_must_not_be_empty(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            title: Negative sampling
            tags: []
        """)
    assert lines == ["papers/themes.yml:4: themes.negatives.tags: is empty (list at least one tag)"]


def test_unknown_key_in_a_theme_suggests_the_key_meant(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            title: Negative sampling
            tag: [hard-negatives]
        """)
    assert "papers/themes.yml:4: themes.negatives.tag: unknown key (did you mean 'tags'?)" in lines


def test_tag_described_but_in_no_theme(folder):
    lines = taxonomy_lines(folder, THEMES_YML + "  orphan-tag: Belongs nowhere.\n")
    assert lines == ["papers/themes.yml:15: tags.orphan-tag: is described but in no theme "
                     "(add it to a theme's tags)"]


def test_tag_described_with_a_typo_suggests_the_theme_tag(folder):
    lines = taxonomy_lines(folder, THEMES_YML.replace("  unlearning:", "  unlearnin:"))
    assert lines == ["papers/themes.yml:14: tags.unlearnin: is described but in no theme "
                     "(did you mean 'unlearning'?)"]


def test_duplicated_theme_is_reported_at_the_second(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            title: Negative sampling
            tags: [hard-negatives]
          negatives:
            title: Again
            tags: [unlearning]
        """)
    assert len(lines) == 1, lines
    path_line, field, message = lines[0].split(": ", 2)
    assert path_line == "papers/themes.yml:5"
    assert field.endswith("negatives")
    assert message == "duplicated key (it is also on line 2; keep one)"


def test_theme_tag_must_be_a_slug(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            title: Negative sampling
            tags: [hard-negatives, Hard_Negatives]
        """)
    assert lines == ["papers/themes.yml:4: themes.negatives.tags: tag 'Hard_Negatives' must be "
                     "lowercase letters and digits in words joined by single '-' "
                     "(write it as 'hard-negatives')"]


def test_a_tag_or_theme_named_index_is_reserved(folder):
    # /tags/index/ and /themes/index/ would stand where the site's own index pages are.
    lines = taxonomy_lines(folder, """\
        themes:
          index:
            title: Everything
            tags: [index]
        """)
    assert lines == [
        "papers/themes.yml:2: themes.index: theme slug 'index' is reserved for the site's own "
        "pages (choose another name: lowercase words joined by '-')",
        "papers/themes.yml:4: themes.index.tags: tag 'index' is reserved for the "
        "site's own pages (choose another name: lowercase words joined by '-')"]


def test_theme_name_must_be_a_slug(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          Negative Sampling:
            title: Negative sampling
            tags: [hard-negatives]
        """)
    assert lines == ["papers/themes.yml:2: themes.Negative Sampling: theme slug 'Negative "
                     "Sampling' must be "
                     "lowercase letters and digits in words joined by single '-' "
                     "(write it as 'negative-sampling')"]


def test_a_tag_may_belong_to_several_themes(folder):
    taxonomy, problems = load_taxonomy(folder.papers / "themes.yml")
    assert problems == []
    assert [t.slug for t in taxonomy.themes_of("hard-negatives")] == ["negatives", "alignment"]


def test_taxonomy_problems_all_at_once_in_line_order(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            tags: []
          alignment:
            title: Alignment
            tag: [unlearning]
        tags:
          unlearning: Removing what a model learned.
        """)
    assert [line.split(": ")[0] for line in lines] == [
        "papers/themes.yml:2", "papers/themes.yml:3", "papers/themes.yml:4",
        "papers/themes.yml:6", "papers/themes.yml:8"]


# --- one-line text, lengths, odd characters, stray files --------------------------------


def test_title_must_be_one_line(folder):
    # A line break would split the page's heading and the cards it appears on.
    assert the_line(folder, raw('title: "First line\\n\\n=== second"', TAGS, ADDED)) == (
        "papers/p.md:2: title: must be one line (join the lines into one)")


def test_a_tag_description_must_be_one_line(folder):
    lines = taxonomy_lines(folder, """\
        themes:
          negatives:
            title: Negative sampling
            tags: [hard-negatives]
        tags:
          hard-negatives: "Line one\\n\\n| a | b |"
        """)
    assert lines == ["papers/themes.yml:6: tags.hard-negatives: must be one line "
                     "(join the lines into one)"]


def test_a_folded_yaml_title_is_one_line(folder):
    assert valid(folder, raw("title: A title written", "  over two lines", TAGS, ADDED)).title == (
        "A title written over two lines")


def test_title_has_a_length_limit(folder):
    assert the_line(folder, raw(f"title: {'word ' * 120}", TAGS, ADDED)) == (
        "papers/p.md:2: title: is 599 characters, over the limit of 500 (keep it to one "
        "title-length line; longer text belongs in the body)")


def test_a_url_python_cannot_split_is_a_problem_not_a_crash(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "url: https://example.org[/x")) == (
        "papers/p.md:5: url: 'https://example.org[/x' is not a valid URL (check the host name)")


def test_a_control_character_is_reported_at_its_line(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "venue: a\x01b")) == (
        "papers/p.md:5: yaml: character U+0001 is not allowed in YAML "
        "(remove it; the file must be plain text)")


def test_year_zero_is_not_a_year(folder):
    assert the_line(folder, raw(TITLE, TAGS, ADDED, "published: 0000")).startswith(
        "papers/p.md:5: published: '0000' is not a date")


def test_anything_but_paper_files_in_the_folder_is_reported(folder):
    folder.add("good-paper", "A Good Paper", ["hard-negatives"])
    (folder.papers / "notes.markdown").write_text("x", encoding="utf-8")
    (folder.papers / "drafts").mkdir()
    (folder.papers / "linked.md").symlink_to(folder.papers / "good-paper.md")
    (folder.papers / ".hidden.md.tmp").write_text("editor's file", encoding="utf-8")
    result = load_reading_list(folder.papers)
    assert [str(p) for p in result.problems] == [
        "papers/drafts:1: file: is a folder (paper files go directly in papers/)",
        "papers/linked.md:1: file: is a symbolic link (put the paper file itself in papers/)",
        "papers/notes.markdown:1: file: is not a paper file (a paper is papers/<slug>.md; "
        "other files do not belong here)",
    ]
    assert [p.slug for p in result.reading_list.papers] == ["good-paper"]
