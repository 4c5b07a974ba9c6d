"""`site-builder new`: a valid paper file from options or answers, never overwriting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import cli
from site_builder.commands import new as new_module
from site_builder.commands.new import schema_url
from site_builder.loading import load_paper, load_reading_list, load_taxonomy
from site_builder.schema import SCHEMA_PATH

REPO = Path(__file__).resolve().parent.parent

TITLE = "An Example Paper: Learning What Not to Generate"
SLUG = "an-example-paper-learning-what-not-to-generate"

EVERY_FIELD = [
    "--title", TITLE,
    "--tags", "unlearning, preference-optimization",
    "--added", "2026-11-23",
    "--authors", "Ada Example; Sample, Alan",
    "--published", "2024-04-08",
    "--venue", "Example Conference 2024",
    "--arxiv", "2404.00001",
    "--doi", "10.48550/arXiv.2404.00001",
    "--url", "https://example.org/abs/2404.00001",
    "--pdf", "https://example.org/pdf/2404.00001",
    "--code", "https://github.com/example/learning-what-not-to-generate",
    "--project", "https://example.org/project-page",
    "--data", "https://example.org/dataset",
    "--abstract", "We learn what not to generate.\n\nNotes: read section 3.",
]


@pytest.fixture
def run(reading_list_dir, monkeypatch):
    """Run `site-builder new ARGS` in the list's root folder, as a contributor would."""
    monkeypatch.chdir(reading_list_dir.root)

    def run_new(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, ["new", *args], input=input)

    return run_new


def paper_files(folder) -> list[str]:
    return sorted(p.name for p in folder.papers.iterdir() if p.name != "themes.yml")


def load(folder, slug: str):
    taxonomy, _ = load_taxonomy(folder.papers / "themes.yml")
    paper, problems = load_paper(folder.papers / f"{slug}.md", taxonomy)
    assert problems == []
    return paper


# --- from options ------------------------------------------------------------------------


def test_every_option_is_written_and_loads_back_equal(run, reading_list_dir):
    result = run(*EVERY_FIELD)
    assert result.exit_code == 0, result.output
    assert f"Wrote papers/{SLUG}.md" in result.output
    assert "site-builder check" in result.output and "pull request" in result.output
    paper = load(reading_list_dir, SLUG)
    assert paper.title == TITLE
    assert paper.tags == ("unlearning", "preference-optimization")
    assert paper.added == dt.date(2026, 11, 23)
    assert paper.authors == ("Ada Example", "Sample, Alan")
    assert paper.published == "2024-04-08"
    assert paper.venue == "Example Conference 2024"
    assert paper.arxiv == "2404.00001"
    assert paper.doi == "10.48550/arXiv.2404.00001"
    assert paper.url == "https://example.org/abs/2404.00001"
    assert paper.pdf == "https://example.org/pdf/2404.00001"
    assert paper.code == "https://github.com/example/learning-what-not-to-generate"
    assert paper.project == "https://example.org/project-page"
    assert paper.data == "https://example.org/dataset"
    assert paper.body == "We learn what not to generate.\n\nNotes: read section 3."


def test_file_reads_like_the_contract_example(run, reading_list_dir):
    assert run(*EVERY_FIELD).exit_code == 0
    text = (reading_list_dir.papers / f"{SLUG}.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "---"
    assert lines[1].startswith("# yaml-language-server: $schema=")
    assert lines[2:6] == [
        f"title: '{TITLE}'",
        "tags: [unlearning, preference-optimization]",
        "added: 2026-11-23",
        "authors: [Ada Example, 'Sample, Alan']",
    ]
    assert "published: 2024-04-08" in lines
    assert "arxiv: '2404.00001'" in lines


def test_the_schema_comment_does_not_disturb_the_loader(run, reading_list_dir):
    result = run("--title", "Negative Preference Optimization", "--tags", "unlearning",
                 "--added", "2026-11-02", "--published", "2024")
    assert result.exit_code == 0, result.output
    path = reading_list_dir.papers / "negative-preference-optimization.md"
    assert path.read_text(encoding="utf-8").startswith(
        "---\n# yaml-language-server: $schema=")
    loaded = load_reading_list(reading_list_dir.papers)
    assert loaded.problems == []
    (paper,) = loaded.reading_list.papers
    assert paper.published == "2024"
    # Lines count the comment, so problems found later point at the right line.
    assert paper.line_of("title") == 3 and paper.line_of("published") == 6


def test_authors_are_separated_by_semicolons_or_repeated_options(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearning", "--author", "Turing, Alan",
                 "--author", "Ada Lovelace; Grace Hopper")
    assert result.exit_code == 0, result.output
    assert load(reading_list_dir, "a-paper").authors == (
        "Turing, Alan", "Ada Lovelace", "Grace Hopper")


def test_tags_may_be_given_in_several_options(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearning", "--tags", "hard-negatives")
    assert result.exit_code == 0, result.output
    assert load(reading_list_dir, "a-paper").tags == ("unlearning", "hard-negatives")


def test_added_is_today_unless_given(run, reading_list_dir):
    before = dt.date.today()
    result = run("--title", "A Paper", "--tags", "unlearning")
    assert result.exit_code == 0, result.output
    assert load(reading_list_dir, "a-paper").added in {before, dt.date.today()}


def test_slug_option_names_the_file(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearning", "--slug", "npo-2024")
    assert result.exit_code == 0, result.output
    assert paper_files(reading_list_dir) == ["npo-2024.md"]


def test_never_overwrites_an_existing_file(run, reading_list_dir):
    existing = reading_list_dir.add("a-paper", "A Paper", ["hard-negatives"])
    before = existing.read_bytes()
    result = run("--title", "A Paper", "--tags", "unlearning")
    assert result.exit_code == 1
    assert "papers/a-paper.md:1: slug: papers/a-paper.md already exists" in result.stderr
    assert existing.read_bytes() == before


def test_refuses_a_paper_the_list_already_has_by_arxiv_id(run, reading_list_dir):
    reading_list_dir.add("npo", "Negative Preference Optimization", ["unlearning"],
                         arxiv='"2404.05868"')
    result = run("--title", "NPO: From Catastrophic Collapse to Effective Unlearning",
                 "--tags", "unlearning", "--arxiv", "2404.05868v2")
    assert result.exit_code == 1
    assert ("arxiv: same arXiv paper as papers/npo.md (2404.05868; edit that file instead)"
            in result.stderr)
    assert paper_files(reading_list_dir) == ["npo.md"]


def test_warns_of_a_nearly_identical_title_but_writes(run, reading_list_dir):
    reading_list_dir.add("hnm", "Hard Negative Mixing for Contrastive Learning",
                         ["hard-negatives"])
    result = run("--title", "Hard Negatives Mixing for Contrastive Learning",
                 "--tags", "hard-negatives")
    assert result.exit_code == 0
    assert "warning" not in result.stdout
    assert "title: nearly the same title as papers/hnm.md" in result.stderr
    assert paper_files(reading_list_dir) == [
        "hard-negatives-mixing-for-contrastive-learning.md", "hnm.md"]


def test_a_file_that_cannot_be_written_is_a_message_not_a_traceback(run, reading_list_dir,
                                                                      monkeypatch):
    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("os.link", refuse)
    result = run("--title", "A Paper", "--tags", "hard-negatives")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "papers/a-paper.md:1: file: cannot be written: Operation not permitted "
        "(check the folder exists and is writable)",
        "Nothing was written."]
    assert paper_files(reading_list_dir) == []


def test_invalid_options_print_the_check_messages_and_write_nothing(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearnig,hard-negatives",
                 "--added", "2026-02-30", "--arxiv", "arXiv:2404.00001", "--url", "ftp://x.org/a")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "papers/a-paper.md:4: tags: 'unlearnig' is not declared in papers/themes.yml "
        "(did you mean 'unlearning'?)",
        "papers/a-paper.md:5: added: '2026-02-30' is not a real date (check the month and day)",
        "papers/a-paper.md:6: arxiv: 'arXiv:2404.00001' is not an arXiv identifier "
        "(write just the identifier: arxiv: \"2404.00001\")",
        "papers/a-paper.md:7: url: 'ftp://x.org/a' is not an http or https URL "
        "(write the full address, starting with https://)",
        "Nothing was written.",
    ]
    assert paper_files(reading_list_dir) == []


def test_the_messages_are_those_check_gives_for_the_same_file(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearning", "--published", "April 2024",
                 "--dry-run")
    assert result.exit_code == 1
    # The same fields written by hand, checked as `check` would check them.
    reading_list_dir.write("a-paper", "---\n# yaml-language-server: $schema=x\n"
                           "title: A Paper\ntags: [unlearning]\nadded: 2026-11-01\n"
                           "published: April 2024\n---\n")
    result_check = load_reading_list(reading_list_dir.papers)
    assert [str(p) for p in result_check.problems] == result.stderr.splitlines()[:-1]


def test_bad_slug_is_reported_like_check_does(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearning", "--slug", "A_Paper")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "papers/A_Paper.md:1: slug: file name 'A_Paper.md' must be lowercase")
    assert paper_files(reading_list_dir) == []


def test_a_slug_cannot_lead_out_of_the_papers_folder(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearning", "--slug", "../escaped")
    assert result.exit_code == 1
    assert "slug: '../escaped' is a path, not a name" in result.stderr
    assert not (reading_list_dir.root / "escaped.md").exists()
    assert paper_files(reading_list_dir) == []


def test_missing_required_fields_without_a_terminal_fail(run, reading_list_dir):
    result = run("--venue", "Example Conference 2024")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "papers/untitled.md:1: title: is missing (give --title)",
        "papers/untitled.md:1: tags: is missing (give --tags)",
        "Nothing was written.",
    ]
    assert paper_files(reading_list_dir) == []


def test_an_invalid_taxonomy_stops_before_anything_is_written(run, reading_list_dir):
    (reading_list_dir.papers / "themes.yml").write_text("themes: {}\n", encoding="utf-8")
    result = run("--title", "A Paper", "--tags", "unlearning")
    assert result.exit_code == 1
    assert result.stderr.startswith("papers/themes.yml:1: themes: must map theme slugs")
    assert paper_files(reading_list_dir) == []


def test_dry_run_prints_the_file_and_writes_nothing(run, reading_list_dir):
    result = run("--title", "A Paper", "--tags", "unlearning", "--added", "2026-11-01",
                 "--print")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\n# yaml-language-server: $schema=")
    assert result.stdout.endswith("title: A Paper\ntags: [unlearning]\nadded: 2026-11-01\n---\n")
    assert paper_files(reading_list_dir) == []


# --- arXiv -------------------------------------------------------------------------------


def test_arxiv_fills_the_links_and_lists_what_remains(run, reading_list_dir):
    result = run("--arxiv", "2404.00001v2", "--title", "A Paper", "--tags", "unlearning")
    assert result.exit_code == 0, result.output
    paper = load(reading_list_dir, "a-paper")
    assert paper.arxiv == "2404.00001v2"
    assert paper.url is None  # the arxiv field already links the abstract page
    assert paper.pdf == "https://arxiv.org/pdf/2404.00001v2"
    assert paper.authors == () and paper.published is None and paper.doi is None
    assert ("Still to fill from https://arxiv.org/abs/2404.00001v2: authors, published, "
            "venue, doi, the abstract (below the front matter); `--fetch 2404.00001v2` fills "
            "them from arXiv.") in result.output.splitlines()


def test_arxiv_leaves_given_links_alone(run, reading_list_dir):
    result = run("--arxiv", "cs/0112017", "--title", "A Paper", "--tags", "unlearning",
                 "--url", "https://example.org/paper", "--authors", "Ada Example",
                 "--abstract", "Text.")
    assert result.exit_code == 0, result.output
    paper = load(reading_list_dir, "a-paper")
    assert (paper.url, paper.pdf) == ("https://example.org/paper",
                                      "https://arxiv.org/pdf/cs/0112017")
    assert ("Still to fill from https://arxiv.org/abs/cs/0112017: published, venue, doi; "
            "`--fetch cs/0112017` fills them from arXiv.") in result.output.splitlines()


def test_arxiv_without_a_title_and_no_terminal_fails_with_the_check_message(run, reading_list_dir):
    result = run("--arxiv", "2404.00001", "--tags", "unlearning")
    assert result.exit_code == 1
    assert result.stderr.startswith("papers/untitled.md:1: title: is missing (give --title)")
    assert paper_files(reading_list_dir) == []


# --- asking on a terminal ----------------------------------------------------------------


def answers(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


def test_on_a_terminal_with_no_options_every_field_is_asked(run, reading_list_dir, monkeypatch):
    monkeypatch.setattr(new_module, "is_interactive", lambda: True)
    result = run(input=answers(
        TITLE,
        "unlearnig",                        # undeclared: asked again
        "unlearning, preference-optimization",
        "Ada Example; Sample, Alan",
        "April 2024",                       # not a date: asked again
        "2024",
        "Example Conference 2024",
        "2404.00001",
        "",                                 # doi left out
        "",                                 # url: none (the arxiv field links the page)
        "",                                 # pdf: the offered arXiv PDF
        "https://github.com/example/code",
        "",
        "",
    ))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Declared tags (papers/themes.yml):" in out
    assert "Negative sampling: hard-negatives, false-negatives" in out
    assert ("  tags: 'unlearnig' is not declared in papers/themes.yml "
            "(did you mean 'unlearning'?)") in out
    assert "  published: 'April 2024' is not a date (write it as YYYY-MM-DD" in out
    assert "[https://arxiv.org/pdf/2404.00001]" in out
    paper = load(reading_list_dir, SLUG)
    assert paper.tags == ("unlearning", "preference-optimization")
    assert paper.authors == ("Ada Example", "Sample, Alan")
    assert paper.published == "2024"
    assert paper.venue == "Example Conference 2024"
    assert paper.doi is None and paper.project is None and paper.data is None
    assert paper.url is None
    assert paper.pdf == "https://arxiv.org/pdf/2404.00001"
    assert paper.code == "https://github.com/example/code"


def test_interactive_flag_asks_even_without_a_terminal(run, reading_list_dir):
    result = run("--interactive", input=answers("A Paper", "hard-negatives", *[""] * 10))
    assert result.exit_code == 0, result.output
    assert load(reading_list_dir, "a-paper").tags == ("hard-negatives",)


def test_a_title_already_in_the_list_is_asked_again(run, reading_list_dir):
    reading_list_dir.add("a-paper", "A Paper", ["hard-negatives"])
    result = run("--interactive", "--tags", "unlearning",
                 input=answers("A Paper", "A Paper, Revisited"))
    assert result.exit_code == 0, result.output
    assert "  slug: papers/a-paper.md already exists" in result.output
    assert paper_files(reading_list_dir) == ["a-paper-revisited.md", "a-paper.md"]


def test_a_title_that_gives_no_slug_asks_for_one(run, reading_list_dir):
    result = run("--interactive", "--tags", "unlearning", input=answers("深度学习", "Bad Slug",
                                                                       "deep-learning"))
    assert result.exit_code == 0, result.output
    assert "  slug: cannot be made from the title" in result.output
    assert "  slug: file name 'Bad Slug.md' must be lowercase" in result.output
    assert load(reading_list_dir, "deep-learning").title == "深度学习"


def test_arxiv_alone_on_a_terminal_asks_only_for_title_and_tags(run, reading_list_dir, monkeypatch):
    monkeypatch.setattr(new_module, "is_interactive", lambda: True)
    result = run("--arxiv", "2404.00001", input=answers("", "A Paper", "unlearning"))
    assert result.exit_code == 0, result.output
    assert "  title: is missing" in result.output  # an empty answer to a required field
    assert "Authors" not in result.output
    paper = load(reading_list_dir, "a-paper")
    assert (paper.url, paper.pdf) == (None, "https://arxiv.org/pdf/2404.00001")
    assert "Still to fill" in result.output


def test_without_a_terminal_nothing_is_asked(run, reading_list_dir, monkeypatch):
    monkeypatch.setattr(new_module, "is_interactive", lambda: False)
    result = run(input=answers("A Paper", "unlearning"))
    assert result.exit_code == 1
    assert "Title" not in result.output
    assert paper_files(reading_list_dir) == []


# --- where the file points editors for the schema ----------------------------------------


def test_in_this_project_the_schema_is_the_shipped_file_next_door():
    url = schema_url(REPO / "papers")
    assert url == "../site_builder/schema/paper.json"
    assert (REPO / "papers" / url).resolve() == SCHEMA_PATH


def test_in_a_checkout_the_schema_is_the_checkout_file(tmp_path):
    (tmp_path / "site_builder" / "schema").mkdir(parents=True)
    (tmp_path / "site_builder" / "schema" / "paper.json").write_text("{}", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/list/\n")
    assert schema_url(tmp_path / "papers") == "../site_builder/schema/paper.json"


def test_a_published_site_offers_its_own_schema(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: A list\nsite_url: https://example.org/list/\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    assert schema_url(tmp_path / "papers") == "https://example.org/list/schema/paper.json"


def test_otherwise_the_schema_is_the_installed_package_file(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: A list\n", encoding="utf-8")
    url = schema_url(tmp_path / "papers")
    assert (tmp_path / "papers" / url).resolve() == SCHEMA_PATH
