"""Charts of /stats/: inline SVG drawn at build time, and the same numbers as a table."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.charts import (Bar, bar_chart, chart_table, column_chart,
                                 stats_context, tag_bars, theme_bars, year_bars)
from site_builder.grouping import group
from site_builder.loading import load_taxonomy
from site_builder.model import Paper, ReadingList
from site_builder.pages import _environment
from site_builder.urls import STATS_PAGE, relative, root_of, url_of

S = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "quotes" <a href="javascript:x">'

BARS = [Bar("Negative sampling", 14, "../themes/negative-sampling/"),
        Bar(HOSTILE, 3, None),
        Bar("Empty theme", 0, "../themes/empty/")]


def svg(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # raises unless well-formed XML


@pytest.mark.parametrize("draw", [bar_chart, column_chart])
def test_chart_is_well_formed_named_svg(draw):
    root = svg(draw(BARS, title="Papers per theme", description="Most papers: sampling.",
                    id="rl-chart-themes"))
    assert root.tag == S + "svg"
    assert root.get("role") == "img" and root.get("width") == "100%"
    title, desc = root.find(S + "title"), root.find(S + "desc")
    assert title.text == "Papers per theme" and desc.text == "Most papers: sampling."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.get("id") == "rl-chart-themes-title"


@pytest.mark.parametrize("draw", [bar_chart, column_chart])
def test_labels_are_text_never_markup(draw):
    markup = str(draw(BARS, title=HOSTILE, description=HOSTILE))
    root = svg(markup)
    assert "<script" not in markup and root.find(f".//{S}script") is None
    assert all(a.get("href") != "javascript:x" for a in root.iter(S + "a"))
    texts = ["".join(t.itertext()) for t in root.iter(S + "text")]
    assert HOSTILE in texts or any(t.startswith("<script>") for t in texts)
    assert root.find(S + "title").text == HOSTILE


def test_one_row_per_bar_with_its_value_and_link():
    root = svg(bar_chart(BARS, title="Themes", description="d"))
    rows = [g for g in root.iter() if "rl-chart__row" in (g.get("class") or "")]
    assert len(rows) == 3
    values = [t.text for t in root.iter(S + "text") if "rl-chart__value" in t.get("class")]
    assert values == ["14", "3", "0"]
    links = [a.get("href") for a in root.iter(S + "a")]
    assert links == ["../themes/negative-sampling/", "../themes/empty/"]  # none for no href
    drawn = [r for r in root.iter(S + "rect") if "rl-chart__bar" in r.get("class")]
    assert [r.get("width") for r in drawn] == ["85%", "18.21%"]  # to scale; a 0 draws nothing


def test_height_grows_with_the_number_of_bars():
    def height(count):
        bars = [Bar(f"tag-{i}", i + 1) for i in range(count)]
        return int(svg(bar_chart(bars, title="t", description="d")).get("height"))
    assert height(20) == 4 * height(5) > 0


def test_long_labels_are_cut_and_given_whole_in_the_tooltip():
    label = "Negatives elsewhere: transfer, eigenvalues, errors and many other places"
    root = svg(bar_chart([Bar(label, 2)], title="t", description="d"))
    shown = next(t.text for t in root.iter(S + "text") if "rl-chart__label" in t.get("class"))
    assert shown.endswith("…") and len(shown) < len(label)
    tooltips = [t.text for t in root.iter(S + "title")]
    assert f"{label}: 2 papers" in tooltips


def test_no_bars_says_so():
    root = svg(bar_chart([], title="t", description="d"))
    assert "Nothing to show yet." in "".join(root.itertext())


def test_links_that_could_run_script_are_refused():
    with pytest.raises(ValueError):
        bar_chart([Bar("x", 1, "javascript:alert(1)")], title="t", description="d")
    with pytest.raises(ValueError):
        chart_table([Bar("x", 1, "data:text/html,hi")], "c")


def test_columns_put_unknown_apart_and_always_label_it():
    bars = [Bar(str(y), 1) for y in range(1990, 2026)] + [Bar("unknown", 4, muted=True)]
    root = svg(column_chart(bars, title="Years", description="d"))
    columns = [g for g in root.iter() if "rl-chart__column" in (g.get("class") or "")]
    assert len(columns) == 37
    ticks = {t.text: t.get("class") for t in root.iter(S + "text")
             if "rl-chart__tick" in t.get("class")}
    assert ticks["unknown"] == "rl-chart__tick" and ticks["2025"] == "rl-chart__tick"
    assert 3 < len(ticks) < 37  # 36 years cannot all be labelled on a phone


def test_table_gives_the_same_numbers_with_links():
    table = ET.fromstring(str(chart_table(BARS, "Papers per theme", label_heading="Theme")))
    assert table.find("caption").text == "Papers per theme"
    assert [th.text for th in table.find("thead").iter("th")] == ["Theme", "Papers"]
    rows = table.find("tbody").findall("tr")
    assert ["".join(r.find("th").itertext()) for r in rows] == [b.label for b in BARS]
    assert [r.find("td").text for r in rows] == ["14", "3", "0"]
    assert all(r.find("th").get("scope") == "row" for r in rows)
    assert rows[0].find("th/a").get("href") == "../themes/negative-sampling/"
    assert rows[1].find("th/a") is None


# --- the bars of /stats/ ------------------------------------------------------------------

def paper(slug, tags, published=None, added="2026-11-01", authors=()):
    return Paper(slug=slug, path=Path(f"papers/{slug}.md"), title=slug.title(), tags=tags,
                 added=dt.date.fromisoformat(added), published=published, authors=authors)


@pytest.fixture
def groups(reading_list_dir):
    taxonomy, problems = load_taxonomy(reading_list_dir.papers / "themes.yml")
    assert problems == []
    papers = (
        paper("a", ("hard-negatives",), "2020-05-01", authors=("Ada Example",)),
        paper("b", ("hard-negatives", "unlearning"), "2023", authors=("Ada Example", "Alan Sample")),
        paper("c", ("preference-optimization",), "2023-01-02"),
        paper("d", ("unlearning",), None, added="2026-10-30"),
    )
    return group(ReadingList(papers=papers, taxonomy=taxonomy))


def href(src_uri):
    return relative(url_of(src_uri), root_of(url_of(STATS_PAGE)))


def test_theme_bars_count_each_paper_once_per_theme_most_first(groups):
    bars = theme_bars(groups, href)
    assert [(b.label, b.value, b.href) for b in bars] == [
        ("Alignment and preferences", 4, "../themes/alignment/"),
        ("Negative sampling", 2, "../themes/negatives/"),
    ]


def test_tag_bars_most_papers_first_ties_by_name_empty_tags_last(groups):
    bars = tag_bars(groups, href)
    assert [(b.label, b.value) for b in bars] == [
        ("hard-negatives", 2), ("unlearning", 2), ("preference-optimization", 1),
        ("false-negatives", 0)]
    assert bars[0].href == "../tags/hard-negatives/"


def test_year_bars_fill_gaps_and_count_unknown(groups):
    bars = year_bars(groups.papers)
    assert [(b.label, b.value, b.muted) for b in bars] == [
        ("2020", 1, False), ("2021", 0, False), ("2022", 0, False), ("2023", 2, False),
        ("unknown", 1, True)]
    assert year_bars([]) == []


def test_stats_page_renders_every_chart_with_its_numbers(groups):
    context = stats_context(groups, href)
    assert context["totals"]["papers"] == 4
    assert context["totals"]["authors"] == 2
    assert context["totals"]["without_year"] == 1
    html = _environment().get_template("stats.html.j2").render(**context)
    for anchor in ("themes", "tags", "years"):
        assert f'<h2 id="{anchor}">' in html
    assert html.count("<svg") == 3 and html.count("<table>") == 3
    assert html.count("Show the numbers") == 3
    assert "1 paper gives no year: it is counted as “unknown”" in html
    assert "3 papers give the year they were published; 1 does not" in html
