"""Property tests (Hypothesis): loading never fails with anything but the project's own
problems, and a paper written by `new`'s writer loads back unchanged."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.commands.new import _yaml_value
from site_builder.fields import ARXIV_PATTERN, FIELDS
from site_builder.loading import load_paper, load_taxonomy, parse_paper_text
from site_builder.model import Paper, Problem
from site_builder.writing import paper_file_text

from conftest import THEMES_YML

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.function_scoped_fixture])
TODAY = dt.date(2026, 11, 24)
PATH = Path("papers/p.md")


def _taxonomy():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "themes.yml"
        path.write_text(THEMES_YML, encoding="utf-8")
        taxonomy, problems = load_taxonomy(path)
    assert problems == []
    return taxonomy


TAXONOMY = _taxonomy()
DECLARED = list(TAXONOMY.tags)


def assert_paper_or_problems(result) -> None:
    paper, problems = result
    assert isinstance(problems, list)
    if paper is None:
        assert problems, "an invalid paper must say why"
        for problem in problems:
            assert isinstance(problem, Problem)
            assert problem.line >= 1
            assert str(problem).startswith("papers/p.md:")
    else:
        assert isinstance(paper, Paper) and problems == []


# --- arbitrary front matter ----------------------------------------------------------------

keys = st.one_of(st.sampled_from(list(FIELDS) + ["tag", "Title", "authors ", ""]),
                 st.text(max_size=12))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=40), st.dates(), st.sampled_from(DECLARED),
    st.sampled_from(["2024", "2024-02-30", "2404.00001", "10.1/x", "https://example.org/a",
                     "~", "null", "", " ", "---", "a: b", "[x", "\t", "\u2028", "\x85"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)
front_matters = st.dictionaries(keys, values, max_size=10)


@PROPERTY_SETTINGS
@given(front=front_matters, body=st.text(max_size=60))
def test_any_front_matter_gives_a_paper_or_problems(front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body
    assert_paper_or_problems(parse_paper_text(PATH, text, TAXONOMY, TODAY))


yaml_characters = st.sampled_from(list(":-[]{},#&*!|>'\"%@`?\t\n \\") + ["---", "- ", ": "])
raw_texts = st.lists(st.one_of(yaml_characters, st.text(max_size=6),
                               st.sampled_from(["title: ", "tags: ", "added: ", "\n  "])),
                     max_size=30).map("".join)


@PROPERTY_SETTINGS
@given(front=raw_texts, body=st.text(max_size=30))
def test_any_text_between_the_markers_gives_a_paper_or_problems(front, body):
    text = "---\n" + front + "\n---\n" + body
    assert_paper_or_problems(parse_paper_text(PATH, text, TAXONOMY, TODAY))


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=200))
def test_any_bytes_in_a_file_give_a_paper_or_problems(tmp_path, raw):
    path = tmp_path / "p.md"
    path.write_bytes(raw)
    paper, problems = load_paper(path, TAXONOMY, TODAY)
    assert paper is None and problems  # nothing random is a valid paper
    assert all(isinstance(p, Problem) for p in problems)


# --- a valid paper, written and read back -------------------------------------------------

# One line of text as a person would type it: any printable character, no line breaks
# (YAML also breaks lines at U+0085, U+2028, U+2029), no surrounding spaces.
one_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"),
                           blacklist_characters="\x85\ufeff"),
    min_size=1, max_size=80,
).map(str.strip).filter(bool)
slugish = st.from_regex(r"\A[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,2}\Z")
urls = st.builds(lambda host, path: f"https://{host}.example.org/{path}", slugish,
                 st.text(alphabet=string.ascii_letters + string.digits + "-_./?=&%#~",
                         max_size=20))
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
papers = st.fixed_dictionaries(
    {"title": one_line,
     "tags": st.lists(st.sampled_from(DECLARED), min_size=1, unique=True),
     "added": dates},
    optional={
        "authors": st.lists(one_line, min_size=1, max_size=5),
        "published": st.one_of(dates.map(dt.date.isoformat),
                               st.integers(1000, 2099).map(str)),
        "venue": one_line,
        "arxiv": st.from_regex(ARXIV_PATTERN.replace("^", r"\A").replace("$", r"\Z")),
        "doi": st.builds(lambda prefix, suffix: f"10.{prefix}/{suffix}",
                         st.integers(1000, 999999999),
                         st.text(alphabet=string.ascii_letters + string.digits + "-._;()/:<>",
                                 min_size=1, max_size=20)),
        "url": urls, "pdf": urls, "code": urls, "project": urls, "data": urls,
    })
bodies = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                        blacklist_characters="\r"), max_size=200)


@PROPERTY_SETTINGS
@given(values=papers, body=bodies)
def test_a_written_paper_loads_back_unchanged(values, body):
    written = {name: _yaml_value(name, value) for name, value in values.items()}
    text = paper_file_text(written, body, "../site_builder/schema/paper.json")
    paper, problems = parse_paper_text(PATH, text, TAXONOMY, TODAY)
    assert problems == [], text
    for name, value in values.items():
        loaded = getattr(paper, name)
        expected = tuple(value) if isinstance(value, list) else value
        assert loaded == expected, (name, text)
    assert without_blank_edges(paper.body) == without_blank_edges(body)


def without_blank_edges(text: str) -> str:
    """The body as Markdown means it: blank lines (white space only) at either end do not
    count. (The loader drops them at the start along with the closing '---' line's end.)"""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)
