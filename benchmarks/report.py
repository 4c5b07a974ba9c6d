"""From results to judgements and words: the targets, the text summary, docs/benchmarks.md.

Everything here reads the `results` dict that `run.py` writes as results.json, so the docs
page can be rendered again from a saved file (`run.py --from-results FILE`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from baselines import (BUILDERS, HUGO, LABELS, MATERIAL_DEFAULT_NAV, MATERIAL_OUT_OF_NAV, OURS,
                       ZENSICAL)

GB = 10**9
MB = 10**6
HOLDS, MISSED, NOT_MEASURED = "holds", "MISSED", "not measured"


# ---------------------------------------------------------------------------------------
# Reading results
# ---------------------------------------------------------------------------------------

def sizes(results: dict) -> list[int]:
    """The list sizes measured, smallest first."""
    return sorted(int(n) for n in results["sizes"])


def size_data(results: dict, count: int) -> dict:
    """Everything measured at one size."""
    return results["sizes"][str(count)]


def median(results: dict, count: int, builder: str, key: str = "seconds") -> float | None:
    """A builder's median seconds (or `rss_kib`) at a size; None if it did not run or failed."""
    build = size_data(results, count)["builds"].get(builder) or {}
    if build.get("failed") or build.get("skipped"):
        return None
    return (build.get(key) or {}).get("median")


def missing(results: dict, count: int, *builders: str) -> str:
    """Why a builder has no median at a size ('' when every one has): not selected, skipped
    (and why), or failed."""
    for builder in builders:
        build = size_data(results, count)["builds"].get(builder)
        if build is None:
            return f"{builder} not run (--only)"
        if build.get("skipped"):
            return f"{builder} not run: {build['skipped']}"
        if build.get("failed"):
            return f"{builder} failed at {fmt_n(count)}"
    return ""


def ratio(top: float | None, bottom: float | None) -> float | None:
    """top / bottom, or None when either is unknown or bottom is zero."""
    if top is None or not bottom:
        return None
    return top / bottom


def small_size(results: dict) -> int:
    """The size the 'at 1,000' targets use: 1,000 if measured, else the smallest."""
    measured = sizes(results)
    return 1000 if 1000 in measured else measured[0]


def fmt_n(count: int) -> str:
    """10000 -> '10,000'."""
    return f"{count:,}"


def fmt_seconds(value: float | None) -> str:
    """Seconds to a short string; '–' when unknown."""
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def fmt_ratio(value: float | None) -> str:
    """A ratio as '1.23x'; '–' when unknown."""
    return "–" if value is None else f"{value:.2f}x"


def fmt_bytes(value: float | None) -> str:
    """Bytes as B, kB or MB (powers of 1000)."""
    if value is None:
        return "–"
    for unit, size in (("MB", MB), ("kB", 1000)):
        if value >= size:
            return f"{value / size:.2f} {unit}"
    return f"{value:.0f} B"


# ---------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """One goal: what was measured against what limit, and whether it held."""

    name: str
    value: float | None
    limit: float
    unit: str = "x"  # how value and limit read: "x" (a ratio), "%" (a share) or "MB"
    reason: str = ""  # why it was not measured

    @property
    def status(self) -> str:
        if self.value is None:
            return NOT_MEASURED
        return HOLDS if self.value <= self.limit else MISSED

    def shown(self, value: float | None) -> str:
        """A value or the limit in this target's unit."""
        if value is None:
            return "–"
        if self.unit == "MB":
            return f"{value:.2f} MB"
        return f"{value:.1%}" if self.unit == "%" else f"{value:.3f}x"

    def as_dict(self) -> dict:
        return {"target": self.name, "value": self.value, "limit": self.limit,
                "unit": self.unit, "status": self.status, "reason": self.reason}


def _build_ratio_target(results: dict, count: int, other: str, limit: float) -> Target:
    """ours ÷ another builder at one size."""
    value = ratio(median(results, count, OURS), median(results, count, other))
    return Target(f"{fmt_n(count)} papers: ours ≤ {limit:g}x {LABELS[other]}", value, limit,
                  reason=missing(results, count, OURS, other))


def _scaling_target(results: dict, small: int, large: int) -> Target:
    """ours at the largest size ÷ ours at the small one, against 1.1x the growth in papers."""
    limit = 1.1 * large / small
    value = ratio(median(results, large, OURS), median(results, small, OURS))
    return Target(f"ours {fmt_n(large)} ÷ ours {fmt_n(small)} ≤ {limit:g}x", value, limit,
                  reason=missing(results, small, OURS) or missing(results, large, OURS))


def _memory_target(results: dict, large: int) -> Target:
    rss = median(results, large, OURS, "rss_kib")
    value = rss * 1024 / MB if rss is not None else None
    return Target(f"ours peak memory at {fmt_n(large)} ≤ 1 GB", value, GB / MB, "MB",
                  missing(results, large, OURS) or ("" if value is not None
                                                    else "no peak RSS (no /usr/bin/time)"))


def _own_work_target(results: dict, large: int) -> Target:
    build = size_data(results, large)["builds"].get(OURS) or {}
    total = ((build.get("timings") or {}).get("total") or {}).get("median")
    value = ratio(total, median(results, large, OURS))
    reason = missing(results, large, OURS) or (
        "" if value is not None else "the plugin wrote no 'total' to READING_LIST_TIMINGS")
    return Target(f"our own work ≤ 10% of the {fmt_n(large)}-paper build", value, 0.10, "%",
                  reason)


def _search_target(results: dict, count: int) -> Target:
    data = size_data(results, count)
    value = ratio((data.get("search_index_bytes") or {}).get(OURS), data.get("own_text_bytes"))
    return Target(f"{fmt_n(count)} papers: search index ≤ 1.25x the papers' own text", value,
                  1.25, reason=missing(results, count, OURS) or (
                      "" if value is not None else "ours wrote no search index"))


def _max_page_target(results: dict, large: int) -> Target:
    pages = size_data(results, large).get("pages") or {}
    largest = pages.get("max_page_bytes")
    value = largest / MB if largest is not None else None
    name = f"largest page at {fmt_n(large)} ≤ 2 MB"
    if pages.get("max_page"):
        name += f" ({pages['max_page']})"
    return Target(name, value, 2.0, "MB", missing(results, large, OURS))


def _page_growth_target(results: dict, small: int, large: int) -> Target:
    same = results.get("same_papers") or {}
    value = same.get("median_ratio")
    return Target(f"median paper page at {fmt_n(large)} ≤ 1.1x at {fmt_n(small)} "
                  "(same papers)", value, 1.1,
                  reason=missing(results, small, OURS) or missing(results, large, OURS))


def _check_target(results: dict, large: int) -> Target:
    data = size_data(results, large)
    value = ratio(((data.get("check") or {}).get("seconds") or {}).get("median"),
                  ((data.get("bare_loop") or {}).get("seconds") or {}).get("median"))
    return Target(f"site-builder check at {fmt_n(large)} ≤ 2x the bare loop", value, 2.0,
                  reason="" if value is not None else "check or bare loop not run or failed")


def _serve_target(results: dict, count: int) -> Target:
    # From the moment MkDocs sees the change to the rebuilt site: the rebuild and reload.
    # Before that, MkDocs' watcher polls every 0.5 s whatever the site (shown apart).
    serve = size_data(results, count).get("serve") or {}
    edit = (serve.get("rebuild_seconds") or serve.get("wall_seconds") or {}).get("median")
    value = ratio(edit, median(results, count, OURS))
    reason = serve.get("error") or ("serve not run (--only)" if not serve else "")
    return Target(f"one-paper edit in serve at {fmt_n(count)} ≤ 0.3x the full build", value,
                  0.3, reason="" if value is not None else reason or missing(results, count, OURS))


def targets(results: dict) -> list[Target]:
    """Every target, measured or not, in the order the brief lists them."""
    measured = sizes(results)
    small, large = small_size(results), measured[-1]
    found = [_build_ratio_target(results, small, MATERIAL_OUT_OF_NAV, 1.2),
             _build_ratio_target(results, small, MATERIAL_DEFAULT_NAV, 0.15)]
    found += [_build_ratio_target(results, n, HUGO, 6) for n in measured]
    if large != small:
        found.append(_scaling_target(results, small, large))
    found += [_memory_target(results, large), _own_work_target(results, large)]
    found += [_search_target(results, n) for n in measured]
    found.append(_max_page_target(results, large))
    if large != small:
        found.append(_page_growth_target(results, small, large))
    found += [_check_target(results, large), _serve_target(results, small)]
    return found


# ---------------------------------------------------------------------------------------
# Tables, as rows of cells (shared by the text summary and the docs page)
# ---------------------------------------------------------------------------------------

def build_rows(results: dict, count: int) -> Iterator[list[str]]:
    """One row per builder at a size: median, min–max, peak RSS, ours ÷ it."""
    ours = median(results, count, OURS)
    for builder in BUILDERS:
        build = size_data(results, count)["builds"].get(builder)
        if build is None:
            continue
        if build.get("skipped") or build.get("failed"):
            note = "not run: " + build["skipped"] if build.get("skipped") else "FAILED"
            yield [LABELS[builder], note, "", "", ""]
            continue
        seconds, rss = build["seconds"], (build.get("rss_kib") or {}).get("median")
        yield [LABELS[builder], fmt_seconds(seconds["median"]),
               f"{fmt_seconds(seconds['min'])}–{fmt_seconds(seconds['max'])}",
               fmt_bytes(rss * 1024) if rss is not None else "–",
               fmt_ratio(ratio(ours, seconds["median"]))]


BUILD_HEADER = ["build", "median s", "min–max s", "peak RSS", "ours ÷ it"]


def detail_rows(results: dict, count: int) -> Iterator[list[str]]:
    """The other measurements at a size: our phases, pages, search index, check, serve."""
    data = size_data(results, count)
    ours = data["builds"].get(OURS) or {}
    for phase, stats in (ours.get("timings") or {}).items():
        label = (f"ours: plugin phase '{phase}' (median s)" if phase != "background" else
                 "ours: second process, rendering while MkDocs works (median s, not in 'total')")
        yield [label, fmt_seconds(stats["median"])]
    if ours and not ours.get("timings") and not ours.get("skipped") and not ours.get("failed"):
        yield ["ours: plugin phases", "unknown (no READING_LIST_TIMINGS file written)"]
    pages = data.get("pages") or {}
    if pages:
        yield ["ours: HTML pages, total bytes",
               f"{pages['html_pages']:,} pages, {fmt_bytes(pages['html_bytes'])}"]
        yield ["ours: largest page", f"{fmt_bytes(pages['max_page_bytes'])} "
                                     f"(`{pages['max_page']}`)"]
        yield ["ours: median paper page", fmt_bytes(pages.get("median_paper_page_bytes"))]
    own = data.get("own_text_bytes")
    for builder, size in (data.get("search_index_bytes") or {}).items():
        yield [f"search index per paper: {LABELS[builder]}",
               f"{fmt_bytes(size / count)} ({fmt_ratio(ratio(size, own))} the papers' text)"]
    if own:
        yield ["papers' own title + authors + abstract, per paper", fmt_bytes(own / count)]
    for name, key in (("site-builder check", "check"), ("bare loop (read + CSafeLoader)",
                                                       "bare_loop")):
        stats = (data.get(key) or {}).get("seconds")
        if stats:
            yield [f"{name} (median s)", f"{fmt_seconds(stats['median'])} "
                                         f"({fmt_seconds(stats['min'])}–"
                                         f"{fmt_seconds(stats['max'])})"]
    serve = data.get("serve") or {}
    if serve.get("error"):
        yield ["one-paper edit in serve", f"FAILED: {serve['error']}"]
    elif serve:
        if serve.get("rebuild_seconds"):
            yield ["one-paper edit in serve, change seen to site rebuilt (median s)",
                   fmt_seconds(serve["rebuild_seconds"]["median"])]
        if serve.get("detected_seconds"):
            yield ["one-paper edit in serve, save to change seen: MkDocs polls every 0.5 s "
                   "(median s)", fmt_seconds(serve["detected_seconds"]["median"])]
        yield ["one-paper edit in serve, save to site rebuilt (median s)",
               fmt_seconds(serve["wall_seconds"]["median"])]
        yield ["one-paper edit in serve, MkDocs' own figure (median s)",
               fmt_seconds((serve.get("mkdocs_seconds") or {}).get("median"))]


def size_tables(results: dict, count: int) -> Iterator[tuple[list[str], list[list[str]]]]:
    """The (header, rows) of each non-empty table at a size: builds, then the rest."""
    for header, rows in ((BUILD_HEADER, list(build_rows(results, count))),
                         (["measure", "value"], list(detail_rows(results, count)))):
        if rows:
            yield header, rows


def target_rows(results: dict) -> Iterator[list[str]]:
    """One row per target: what, measured, limit, verdict."""
    for target in targets(results):
        verdict = target.status + (f" ({target.reason})" if target.reason else "")
        yield [target.name, target.shown(target.value), target.shown(target.limit), verdict]


TARGET_HEADER = ["target", "measured", "limit", "verdict"]


def text_table(header: list[str], rows: list[list[str]]) -> str:
    """Rows as aligned plain text."""
    table = [header, *rows]
    widths = [max(len(row[i]) for row in table if i < len(row)) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
                     for row in table)


def markdown_table(header: list[str], rows: list[list[str]],
                   text_columns: tuple[int, ...] = (0,)) -> str:
    """Rows as a Markdown table: numbers aligned right, the `text_columns` left."""
    align = ["---" if i in text_columns else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
                     for row in lines)


def text_summary(results: dict) -> str:
    """The whole report as plain text, for the terminal."""
    parts = []
    for count in sizes(results):
        parts.append(f"== {fmt_n(count)} papers ==")
        for header, rows in size_tables(results, count):
            parts.append(text_table(header, rows))
        parts.append("")
    same = results.get("same_papers")
    if same:
        parts += [_same_papers_sentence(same), ""]
    parts += ["== targets ==", text_table(TARGET_HEADER, list(target_rows(results)))]
    return "\n".join(parts)


def _same_papers_sentence(same: dict) -> str:
    return (f"The same {same['common']:,} papers' pages: median "
            f"{fmt_bytes(same['median_small'])} at {fmt_n(same['small'])} papers, "
            f"{fmt_bytes(same['median_large'])} at {fmt_n(same['large'])} "
            f"(median ratio per paper {fmt_ratio(same['median_ratio'])}).")


# ---------------------------------------------------------------------------------------
# The chart: build time against N, as inline SVG
# ---------------------------------------------------------------------------------------

# Mid-tone colours that keep their contrast on a white and on a dark slate background;
# each series also has its own dash pattern and marker, so colour is never the only cue.
SERIES_STYLE = {
    OURS: ("#e8590c", "", "circle"),
    MATERIAL_OUT_OF_NAV: ("#4c6ef5", "6 3", "square"),
    MATERIAL_DEFAULT_NAV: ("#0ca678", "2 3", "triangle"),
    HUGO: ("#ae3ec9", "8 3 2 3", "diamond"),
    ZENSICAL: ("#868e96", "1 2", "circle"),
}
WIDTH, HEIGHT = 640, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 210, 20, 48


@dataclass(frozen=True)
class LogAxis:
    """Maps values on a log scale onto pixels between `start` and `end`."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = math.log10(self.high) - math.log10(self.low)
        share = (math.log10(value) - math.log10(self.low)) / span if span else 0.5
        return self.start + share * (self.end - self.start)


def _padded_range(values: list[float]) -> tuple[float, float]:
    """A log range around the values with some room at both ends."""
    return min(values) / 1.6, max(values) * 1.6


def _ticks(low: float, high: float) -> list[float]:
    """1-2-5 steps of each decade between low and high."""
    found = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        found += [step * 10**exponent for step in (1, 2, 5)
                  if low <= step * 10**exponent <= high]
    return found


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A small marker of the series' shape at (x, y)."""
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    points = ([(x, y - 5), (x + 5, y + 4), (x - 5, y + 4)] if shape == "triangle"
              else [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)])
    coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f'<polygon points="{coords}" fill="{colour}"/>'


def chart_series(results: dict) -> dict[str, list[tuple[int, float]]]:
    """(N, median seconds) per builder, for the sizes where it ran."""
    series = {}
    for builder in BUILDERS:
        points = [(n, median(results, n, builder)) for n in sizes(results)]
        points = [(n, s) for n, s in points if s is not None]
        if points:
            series[builder] = points
    return series


def _describe(series: dict[str, list[tuple[int, float]]]) -> str:
    """The chart's text alternative: every plotted value."""
    parts = [f"{LABELS[b]}: " + ", ".join(f"{fmt_seconds(s)} s at {fmt_n(n)}" for n, s in pts)
             for b, pts in series.items()]
    return "Median build time in seconds against the number of papers, both on log scales. " \
        + "; ".join(parts) + "."


def _axes(x: LogAxis, y: LogAxis, counts: list[int]) -> list[str]:
    """Axis lines, grid, tick labels and axis titles, drawn in currentColor."""
    plot_bottom, plot_right = HEIGHT - BOTTOM, WIDTH - RIGHT
    out = [f'<g stroke="currentColor" stroke-width="1">'
           f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{plot_bottom}"/>'
           f'<line x1="{LEFT}" y1="{plot_bottom}" x2="{plot_right}" y2="{plot_bottom}"/></g>']
    for tick in _ticks(y.low, y.high):
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{plot_right}" y2="{ty:.1f}" '
                   f'stroke="currentColor" stroke-opacity="0.15"/>')
        out.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick:g}</text>')
    for count in counts:
        tx = x(count)
        out.append(f'<line x1="{tx:.1f}" y1="{plot_bottom}" x2="{tx:.1f}" '
                   f'y2="{plot_bottom + 5}" stroke="currentColor"/>')
        out.append(f'<text x="{tx:.1f}" y="{plot_bottom + 18}" '
                   f'text-anchor="middle">{fmt_n(count)}</text>')
    out.append(f'<text x="{(LEFT + plot_right) / 2:.0f}" y="{HEIGHT - 8}" '
               f'text-anchor="middle">papers (log scale)</text>')
    out.append(f'<text transform="translate(16 {(TOP + plot_bottom) / 2:.0f}) rotate(-90)" '
               f'text-anchor="middle">median build time, s (log scale)</text>')
    return out


def _plot(series: dict[str, list[tuple[int, float]]], x: LogAxis, y: LogAxis) -> list[str]:
    """A line with markers per series, and the legend to the right of the plot."""
    out = []
    for row, (builder, points) in enumerate(series.items()):
        colour, dash, shape = SERIES_STYLE[builder]
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        coords = " ".join(f"{x(n):.1f},{y(s):.1f}" for n, s in points)
        out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" '
                   f'stroke-width="2"{dashing}/>')
        out += [_marker(shape, x(n), y(s), colour) for n, s in points]
        ly = TOP + 10 + 22 * row
        lx = WIDTH - RIGHT + 16
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 28}" y2="{ly}" stroke="{colour}" '
                   f'stroke-width="2"{dashing}/>')
        out.append(_marker(shape, lx + 14, ly, colour))
        out.append(f'<text x="{lx + 36}" y="{ly + 4}">{_legend_label(builder)}</text>')
    return out


def _legend_label(builder: str) -> str:
    """Short legend text: the legend column is narrow."""
    return {OURS: "ours", MATERIAL_OUT_OF_NAV: "Material, not in nav",
            MATERIAL_DEFAULT_NAV: "Material, default nav", HUGO: "Hugo",
            ZENSICAL: "Zensical"}[builder]


def svg_chart(results: dict) -> str:
    """Median build time against N for every builder, as one line of inline SVG markup per
    element (no blank lines, so Markdown keeps it as one raw HTML block)."""
    series = chart_series(results)
    if not series:
        return ""
    counts = sizes(results)
    x_low, x_high = _padded_range([float(n) for n in counts])
    y_low, y_high = _padded_range([s for pts in series.values() for _, s in pts])
    x = LogAxis(x_low, x_high, LEFT, WIDTH - RIGHT)
    y = LogAxis(y_low, y_high, HEIGHT - BOTTOM, TOP)
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="100%" role="img" aria-labelledby="bench-title bench-desc" '
             f'font-size="13" fill="currentColor" style="max-width:{WIDTH}px">',
             '<title id="bench-title">Build time against the number of papers</title>',
             f'<desc id="bench-desc">{_describe(series)}</desc>',
             *_axes(x, y, counts), *_plot(series, x, y), "</svg>"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# docs/benchmarks.md
# ---------------------------------------------------------------------------------------

def _caption(results: dict) -> str:
    """The chart's caption, naming the sizes at which a plotted build did not run."""
    caption = "Median build time (seconds) against the number of papers, both on log scales."
    for builder, points in chart_series(results).items():
        absent = [fmt_n(n) for n in sizes(results) if n not in dict(points)]
        if absent:
            caption += f" {LABELS[builder]}: not run at {', '.join(absent)} papers."
    return caption


def _machine_lines(results: dict) -> list[str]:
    machine, versions = results["machine"], results["versions"]
    return [f"- **Machine:** {machine['cpu_model']}, {machine['cpu_count']} CPUs, "
            f"{machine['memory_gb']:.1f} GB of memory ({machine['system']})",
            "- **Versions:** " + ", ".join(f"{name} {version}"
                                           for name, version in versions.items()),
            f"- **When:** {results['date']}; {_plural(results['settings']['runs'], 'run')} of "
            f"each build per size, alternating between engines; seed "
            f"{results['settings']['seed']}"]


def _plural(count: int, word: str) -> str:
    """'1 run', '3 runs'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def docs_page(results: dict) -> str:
    """The Markdown of docs/benchmarks.md."""
    parts = ["# Benchmarks", "",
             "How long the site takes to build as the list grows, next to the same papers "
             "built by Material for MkDocs with its tags plugin and by Hugo. This page is "
             "written by `benchmarks/run.py` (see `benchmarks/README.md` in the repository): "
             "edit that, not this page.", "", *_machine_lines(results), ""]
    chart = svg_chart(results)
    if chart:
        parts += ["<figure>", chart, f"<figcaption>{_caption(results)}</figcaption>",
                  "</figure>", ""]
    for count in sizes(results):
        parts += [f"## {fmt_n(count)} papers", ""]
        for header, rows in size_tables(results, count):
            parts += [markdown_table(header, rows), ""]
    same = results.get("same_papers")
    if same:
        parts += [_same_papers_sentence(same), ""]
    targets_table = markdown_table(TARGET_HEADER, list(target_rows(results)), text_columns=(0, 3))
    parts += ["## Targets", "", targets_table, "",
              "Ratios are of medians. *ours ÷ it* is our build time divided by the other "
              "build's: below 1 we are faster.", "",
              "Our build uses both cores: a second process renders our pages and files while "
              "MkDocs works on the ones before them (the *second process* row), and a list "
              "of 500 papers or more is read half by each process. *Our own work* is the "
              "time the build's own process spends in our plugin, waiting for the second "
              "process included; the peak memory is the larger of the two processes'.", ""]
    return "\n".join(parts)


def failed_anything(results: dict) -> bool:
    """Whether any build, check or serve measurement failed."""
    for count in sizes(results):
        data = size_data(results, count)
        if any(b.get("failed") for b in data["builds"].values()):
            return True
        if any((data.get(key) or {}).get("failed") for key in ("check", "bare_loop")):
            return True
        if (data.get("serve") or {}).get("error"):
            return True
    return False

