"""Charts of the reading list as inline SVG, drawn at build time: no script, no library.

`bar_chart` draws horizontal bars (a label above each bar, the value at its end),
`column_chart` vertical columns (for a year axis), both from a list of `Bar`; `chart_table`
gives the same numbers as a table, for screen readers and readers without SVG. The
`*_bars` helpers compute the bars of the /stats/ page, and `stats_context` its template's
whole context (see `templates/stats.html.j2`).

Geometry is in pixels vertically and in percent horizontally, without a `viewBox`: the
chart fills the width of the page (`width="100%"`) while its text keeps its real size
(a `viewBox` would scale the text down to a few pixels on a phone). Colours come from
Material's CSS custom properties in `assets/charts.css`, with `currentColor` as the
fallback, so a chart reads in light and dark mode and even without that stylesheet.

Accessibility: the `<svg>` is `role="img"`, named by its `<title>` and `<desc>` through
`aria-labelledby`. Its bar links are mouse shortcuts (`tabindex="-1"`): an image's
children are hidden from assistive technology, so keyboard and screen-reader users get
the same links in `chart_table`, which the page shows next to every chart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from .grouping import Groups
from .model import Paper
from .urls import tag_uri, theme_uri

__all__ = ["Bar", "Chart", "bar_chart", "column_chart", "chart_table", "theme_bars",
           "tag_bars", "year_bars", "stats_context", "UNKNOWN_YEAR"]

UNKNOWN_YEAR = "unknown"

SVG_NS = "http://www.w3.org/2000/svg"
FONT_SIZE = 13  # px; every vertical position below assumes it
# Horizontal bars: a row is a label line, then the bar with its value at the end.
ROW_HEIGHT = 36
LABEL_BASELINE = 14
BAR_TOP = 19
BAR_HEIGHT = 10
VALUE_BASELINE = 28
BAR_SPAN = 85.0  # percent of the width the longest bar takes; the rest is for its value
LABEL_CHARS = 54  # longer labels are cut, with the whole label in the tooltip and table
# Vertical columns.
PLOT_TOP = 20  # room for the value above the tallest column
PLOT_HEIGHT = 140
TICK_GAP = 16
COLUMN_FILL = 0.6  # of a column's slot; the rest is space between columns
TICK_WIDTH = 40  # px a year label needs, so labels never touch
NARROW = 320  # px: the narrowest page the labels are spaced for
WIDE = 640  # px: from here on (a tablet or wider) more labels are shown
VALUES_CROWDED = 12  # more columns than this: values over columns only on wide screens

_ID = re.compile(r"[^a-z0-9]+")
_SAFE_HREF = re.compile(r"(?:https?:|[^:/?#]*(?:[/?#]|\Z))", re.I)


@dataclass(frozen=True)
class Bar:
    """One bar: its label (plain text), its value, and the page it links to, if any."""

    label: str
    value: int
    href: str | None = None
    muted: bool = False  # drawn in a quieter colour: a bar such as "unknown"


@dataclass(frozen=True)
class Chart:
    """One chart of the /stats/ page, as the template shows it."""

    heading: str  # plain text
    id: str  # the heading's anchor
    svg: Markup
    table: Markup
    note: str = ""  # plain text under the heading: how to read the counts


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _chart_id(id: str | None, title: str) -> str:
    slug = id or "rl-chart-" + (_ID.sub("-", title.casefold()).strip("-") or "chart")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", slug):
        raise ValueError(f"not a usable element id: {slug!r}")
    return slug


def _check_href(href: str | None) -> str | None:
    """`href` if it is a relative URL or an http(s) one: never `javascript:` or `data:`."""
    if href is not None and not _SAFE_HREF.match(href):
        raise ValueError(f"not a link a chart may hold: {href!r}")
    return href


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _pct(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def _open_svg(kind: str, id: str, height: int, title: str, description: str) -> list[Markup]:
    return [
        Markup('<svg class="rl-chart rl-chart--{}" xmlns="{}" width="100%" height="{}" '
               'role="img" aria-labelledby="{}-title {}-desc" font-size="{}">').format(
            kind, SVG_NS, height, id, id, FONT_SIZE),
        Markup('<title id="{}-title">{}</title>').format(id, title),
        Markup('<desc id="{}-desc">{}</desc>').format(id, description),
    ]


def _link(bar: Bar, inner: list[Markup], tooltip: str, css: str) -> Markup:
    """A bar's shapes, in a link when it has one, with its tooltip."""
    body = Markup("<title>{}</title>").format(tooltip) + Markup("").join(inner)
    href = _check_href(bar.href)
    if href:
        return Markup('<a class="{}" href="{}" tabindex="-1">{}</a>').format(css, href, body)
    return Markup('<g class="{}">{}</g>').format(css, body)


def bar_chart(bars: Sequence[Bar], *, title: str, description: str, unit: str = "paper",
              id: str | None = None) -> Markup:
    """Horizontal bars as an inline `<svg>`, one row per bar in the order given.

    `title` and `description` name the chart for assistive technology (and show as its
    tooltip); `unit` is the singular noun of the values ("paper"); `id` prefixes the ids
    of the title and description, unique on the page (default: from the title).
    """
    id = _chart_id(id, title)
    peak = max((bar.value for bar in bars), default=0)
    height = max(len(bars), 1) * ROW_HEIGHT
    parts = _open_svg("bars", id, height, title, description)
    if not bars:
        parts.append(Markup('<text class="rl-chart__empty" x="0" y="{}" fill="currentColor">'
                            'Nothing to show yet.</text>').format(LABEL_BASELINE + 4))
    for row, bar in enumerate(bars):
        if bar.value < 0:
            raise ValueError(f"a bar cannot be negative: {bar!r}")
        end = BAR_SPAN * bar.value / peak if peak else 0.0
        inner = [
            Markup('<rect class="rl-chart__hit" x="0" y="0" width="100%" height="{}" '
                   'fill="none" pointer-events="all"/>').format(ROW_HEIGHT),
            Markup('<text class="rl-chart__label" x="0" y="{}" fill="currentColor">{}</text>')
            .format(LABEL_BASELINE, _short(bar.label)),
        ]
        if bar.value:
            inner.append(Markup('<rect class="rl-chart__bar" x="0" y="{}" width="{}" height="{}" '
                                'rx="2" fill="currentColor"/>').format(
                BAR_TOP, _pct(max(end, 0.3)), BAR_HEIGHT))
        inner.append(Markup('<text class="rl-chart__value" x="{}" dx="{}" y="{}" '
                            'fill="currentColor">{:,}</text>').format(
            _pct(end), 6 if bar.value else 0, VALUE_BASELINE, bar.value))
        css = "rl-chart__row rl-chart__row--muted" if bar.muted else "rl-chart__row"
        row_markup = _link(bar, inner, f"{bar.label}: {_plural(bar.value, unit)}", css)
        parts.append(Markup('<g transform="translate(0 {})">{}</g>').format(row * ROW_HEIGHT,
                                                                          row_markup))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _tick_step(columns: int, width: int) -> int:
    """Label every n-th column so that labels, TICK_WIDTH apart, fit `width` pixels."""
    return max(1, math.ceil(columns * TICK_WIDTH / width))


def column_chart(bars: Sequence[Bar], *, title: str, description: str, unit: str = "paper",
                 id: str | None = None) -> Markup:
    """Vertical columns as an inline `<svg>`, left to right in the order given: for an
    axis that reads left to right, such as years. Same contract as `bar_chart`.

    A muted bar (such as "unknown") stands apart, one empty slot to the right of the
    others, and is always labelled. With many columns, only every n-th label is shown
    (more of them on wider screens), and values above the columns only on wide screens;
    every column's tooltip and `chart_table` give each number.
    """
    id = _chart_id(id, title)
    plain = [bar for bar in bars if not bar.muted]
    muted = [bar for bar in bars if bar.muted]
    slots: list[Bar | None] = list(plain) + ([None] if plain and muted else []) + muted
    count = max(len(slots), 1)
    peak = max((bar.value for bar in bars), default=0)
    baseline = PLOT_TOP + PLOT_HEIGHT
    height = baseline + TICK_GAP + 6
    parts = _open_svg("columns", id, height, title, description)
    parts.append(Markup('<line class="rl-chart__axis" x1="0" x2="100%" y1="{0}" y2="{0}" '
                        'stroke="currentColor" stroke-opacity="0.3"/>').format(baseline + 0.5))
    if not bars:
        parts.append(Markup('<text class="rl-chart__empty" x="0" y="{}" fill="currentColor">'
                            'Nothing to show yet.</text>').format(baseline - 6))
    narrow_step = _tick_step(len(plain), NARROW)
    wide_step = _tick_step(len(plain), WIDE)
    crowded = len(slots) > VALUES_CROWDED
    slot_width = 100.0 / count
    for index, bar in enumerate(slots):
        if bar is None:
            continue
        if bar.value < 0:
            raise ValueError(f"a bar cannot be negative: {bar!r}")
        left = index * slot_width
        centre = _pct(left + slot_width / 2)
        column_height = PLOT_HEIGHT * bar.value / peak if peak else 0.0
        top = baseline - column_height
        inner = [Markup('<rect class="rl-chart__hit" x="{}" y="0" width="{}" height="{}" '
                        'fill="none" pointer-events="all"/>').format(
            _pct(left), _pct(slot_width), height)]
        if bar.value:
            inner.append(Markup('<rect class="rl-chart__bar" x="{}" y="{:.1f}" width="{}" '
                                'height="{:.1f}" fill="currentColor"/>').format(
                _pct(left + slot_width * (1 - COLUMN_FILL) / 2), top,
                _pct(slot_width * COLUMN_FILL), max(column_height, 1.0)))
        value_class = "rl-chart__value rl-chart__value--crowded" if crowded else "rl-chart__value"
        inner.append(Markup('<text class="{}" x="{}" y="{:.1f}" text-anchor="middle" '
                            'fill="currentColor">{:,}</text>').format(
            value_class, centre, top - 5, bar.value))
        position = None if bar.muted else len(plain) - 1 - index  # from the newest
        tick_class = _tick_class(position, narrow_step, wide_step)
        if tick_class is not None:
            inner.append(Markup('<text class="{}" x="{}" y="{}" text-anchor="middle" '
                                'fill="currentColor">{}</text>').format(
                tick_class, centre, baseline + TICK_GAP, _short(bar.label, 12)))
        css = "rl-chart__column rl-chart__column--muted" if bar.muted else "rl-chart__column"
        parts.append(_link(bar, inner, f"{bar.label}: {_plural(bar.value, unit)}", css))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _tick_class(position: int | None, narrow_step: int, wide_step: int) -> str | None:
    """The class of a column's label, or None when no screen shows it.

    `position` counts from the last column, so the newest year is always labelled."""
    if position is None:
        return "rl-chart__tick"
    if position % narrow_step == 0:
        return "rl-chart__tick"
    if position % wide_step == 0:
        return "rl-chart__tick rl-chart__tick--minor"
    return None


def chart_table(bars: Sequence[Bar], caption: str, *, label_heading: str = "",
                unit: str = "paper") -> Markup:
    """The numbers of a chart as a table: a row per bar, its label linked as in the chart.

    No class on the `<table>`, so Material styles it as any table of the page."""
    value_heading = unit[:1].upper() + unit[1:] + "s"
    rows = []
    for bar in bars:
        href = _check_href(bar.href)
        label = (Markup('<a href="{}">{}</a>').format(href, bar.label) if href
                 else escape(bar.label))
        rows.append(Markup('<tr><th scope="row">{}</th><td>{:,}</td></tr>').format(
            label, bar.value))
    return Markup(
        '<table>\n<caption>{}</caption>\n<thead><tr><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead>\n<tbody>\n{}\n</tbody>\n</table>').format(
        caption, label_heading, value_heading, Markup("\n").join(rows))


# --- the bars of the /stats/ page --------------------------------------------------------

def theme_bars(groups: Groups, href: Callable[[str], str]) -> list[Bar]:
    """A bar per theme: its title and paper count, most papers first (ties as declared).

    `href(src_uri)` is the URL of a page from the page showing the chart."""
    bars = [Bar(g.theme.title, len(g.papers), str(href(theme_uri(g.theme.slug))))
            for g in groups.themes]
    return sorted(bars, key=lambda bar: -bar.value)


def tag_bars(groups: Groups, href: Callable[[str], str]) -> list[Bar]:
    """A bar per declared tag, most papers first, ties by name; tags without papers last."""
    bars = [Bar(tag, len(papers), str(href(tag_uri(tag)))) for tag, papers in groups.by_tag.items()]
    return sorted(bars, key=lambda bar: (-bar.value, bar.label))


def year_bars(papers: Iterable[Paper]) -> list[Bar]:
    """A bar per year published, oldest to newest, years without papers included (a
    histogram with gaps left out would mislead); then papers without a year, as a muted
    "unknown" bar, when there are any."""
    years: Counter[int] = Counter()
    unknown = 0
    for paper in papers:
        if paper.year is None:
            unknown += 1
        else:
            years[paper.year] += 1
    bars = [Bar(str(year), years[year]) for year in range(min(years), max(years) + 1)] if years else []
    if unknown:
        bars.append(Bar(UNKNOWN_YEAR, unknown, muted=True))
    return bars


def totals(groups: Groups) -> dict[str, object]:
    """The figures at the top of /stats/ (see `templates/stats.html.j2`)."""
    papers = groups.papers
    years = [p.year for p in papers if p.year is not None]
    added = [p.added for p in papers]
    return {
        "papers": len(papers),
        "themes": len(groups.themes),
        "tags": len(groups.by_tag),
        "tags_used": sum(1 for listed in groups.by_tag.values() if listed),
        "authors": len({name.casefold() for p in papers for name in p.authors}),
        "with_year": len(years),
        "without_year": len(papers) - len(years),
        "first_year": min(years, default=None),
        "last_year": max(years, default=None),
        "first_added": min(added, default=None),
        "last_added": max(added, default=None),
    }


def stats_context(groups: Groups, href: Callable[[str], str]) -> dict[str, object]:
    """The context of `templates/stats.html.j2`: `charts` and `totals`.

    `href(src_uri)` gives the URL of another page relative to /stats/ (the `href` the
    templates get, made for urls.STATS_PAGE)."""
    figures = totals(groups)
    count = figures["papers"]
    themes = theme_bars(groups, href)
    tags = tag_bars(groups, href)
    years = year_bars(groups.papers)
    unknown = figures["without_year"]
    year_note = (f"Counted by the year each paper was first published. "
                 f"{_plural(unknown, 'paper')} {'gives' if unknown == 1 else 'give'} no year: "
                 f"{'it is' if unknown == 1 else 'they are'} counted as “{UNKNOWN_YEAR}”."
                 if unknown else "Counted by the year each paper was first published.")
    several = "A paper can belong to several themes, so the counts add up to more than the " \
              f"{_plural(count, 'paper')} of the list."
    charts = [
        Chart("Papers per theme", "themes",
              bar_chart(themes, title="Papers per theme", id="rl-chart-themes",
                        description=_describe(themes, count, "theme")),
              chart_table(themes, "Papers per theme", label_heading="Theme"),
              several if count else ""),
        Chart("Papers per tag", "tags",
              bar_chart(tags, title="Papers per tag", id="rl-chart-tags",
                        description=_describe(tags, count, "tag")),
              chart_table(tags, "Papers per tag, most first", label_heading="Tag"),
              several.replace("belong to several themes", "carry several tags")
              if count else ""),
        Chart("Papers per year published", "years",
              column_chart(years, title="Papers per year published", id="rl-chart-years",
                           description=_describe_years(years)),
              chart_table(years, "Papers per year published", label_heading="Year"),
              year_note if count else ""),
    ]
    return {"charts": charts, "totals": figures}


def _describe(bars: list[Bar], papers: int, kind: str) -> str:
    if not bars:
        return f"No {kind}s yet."
    top = ", ".join(f"{bar.label} ({bar.value:,})" for bar in bars[:3])
    return (f"Bar chart of the number of papers in each of {_plural(len(bars), kind)}, "
            f"out of {_plural(papers, 'paper')}. Most papers: {top}.")


def _describe_years(bars: list[Bar]) -> str:
    known = [bar for bar in bars if not bar.muted]
    if not known:
        return "No paper gives the year it was published." if bars else "No papers yet."
    peak = max(known, key=lambda bar: bar.value)
    text = (f"Column chart of papers per year published, from {known[0].label} to "
            f"{known[-1].label}; most papers in {peak.label} ({peak.value:,}).")
    unknown = sum(bar.value for bar in bars if bar.muted)
    if unknown:
        text += f" {_plural(unknown, 'paper')} with no year, shown as “{UNKNOWN_YEAR}”."
    return text
