"""TeX math in titles and abstracts (`$O(n^2)$`, `$\\alpha$-divergence`) as MathML.

Browsers draw MathML themselves, so a formula needs no script and no font from another
host. Three steps, each usable alone:

- `split_math(text)` finds the math spans of a text;
- `tex_to_mathml(tex)` converts one span with `latex2mathml`, then checks the result
  against an allow-list of MathML elements and attributes and serializes it anew, so
  nothing a contributor writes can become an HTML element or attribute; `None` when the
  span cannot be converted (unknown macro, unbalanced braces, markup it refuses);
- `math_html(text)` does both for a one-line text such as a title: escaped HTML with
  each span as MathML, or as `<code class="rl-tex">$...$</code>` where it cannot be.

## Which dollars open math (the rule of Pandoc's `tex_math_dollars`, made stricter)

- `\\$` is a literal dollar sign, in text and inside math (where it does not close).
- `$$...$$` is display math: it ends at the next `$$`; its content may not be blank.
- `$...$` is inline math when the opening `$` is followed by a character that is not
  white space, and the next unescaped `$` after it is a valid closing one: not preceded
  by white space and not followed by a digit. If the next `$` is not a valid closing
  one, the opening `$` is a literal dollar (scanning goes on from the next `$`).
  Inline math does not run over a blank line.
- Anything else is text: "costs $5 and $10", "$20,000 to $30,000", "US$ 3" stay text.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Segment", "split_math", "tex_to_mathml", "math_html", "has_math"]

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
# Longer formulas are shown as TeX: a title's math is short, and this bounds the work.
MAX_TEX_LENGTH = 1000
MAX_DEPTH = 40

# MathML Core's presentation elements, less `mglyph` (it loads an image from a URL),
# `maction` (interactive) and `annotation-xml` (can hold HTML).
ELEMENTS = frozenset("""
    math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mstyle
    mpadded mphantom menclose munder mover munderover mmultiscripts mprescripts none
    mtable mtr mtd mlabeledtr semantics annotation merror mfenced
""".split())

# Attributes kept when their value is plain (words, numbers, lengths); any other is
# dropped: href, style, class, id, event handlers, and colours (a formula in one colour
# could not be read in both light and dark mode).
ATTRIBUTES = frozenset("""
    display mathvariant stretchy fence form separator separators accent accentunder
    movablelimits largeop symmetric minsize maxsize displaystyle scriptlevel
    columnalign rowalign columnspacing rowspacing columnlines rowlines frame
    notation linethickness width height depth lspace rspace voffset open close
    columnspan rowspan align
""".split())
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9 .+\-%#]{0,64}\Z")
_LENGTH = re.compile(r"(-?\d*\.?\d+)\s*(em|ex|mu|pt|px)?\Z")
_LENGTH_ATTRIBUTES = frozenset({"width", "height", "depth", "lspace", "rspace", "voffset",
                                "minsize", "maxsize"})
# A space or rule may not be wider than this (em): `\hspace{100em}` must not push a
# title off the page.
MAX_LENGTH_EM = 4.0
_UNIT_EM = {"em": 1.0, "ex": 0.5, "mu": 1 / 18, "pt": 0.1, "px": 1 / 16, None: 1.0}
# `\log`, `\max`... come out as `<mi>log</mi>`, which browsers set without TeX's thin
# spaces around an operator name ("nlogn"); they get them back, except before a bracket.
FUNCTION_NAMES = frozenset("""
    arccos arcsin arctan arg argmax argmin cos cosh cot coth csc deg det dim exp gcd hom
    inf ker lg lim liminf limsup ln log max min Pr sec sin sinh sup tan tanh
""".split())
_THIN_SPACE = '<mspace width="0.167em"></mspace>'
_OPENING = frozenset("([{|\u2016\u27e8\u2308\u230a")


@dataclass(frozen=True)
class Segment:
    """A piece of a text: plain text, or the TeX source of a math span (no dollars)."""

    is_math: bool
    text: str
    display: bool = False

    @property
    def source(self) -> str:
        """The span as it was written, with its dollars (for showing TeX as code)."""
        if not self.is_math:
            return self.text
        dollars = "$$" if self.display else "$"
        return f"{dollars}{self.text}{dollars}"


def _math_end(text: str, start: int, closing: str) -> int:
    """The index of the next unescaped `closing` at or after `start`, or -1.

    A backslash escapes the character after it, so `\\$` and `\\\\` never close."""
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if text.startswith(closing, i):
            return i
        i += 1
    return -1


def split_math(text: str) -> list[Segment]:
    """`text` as text and math segments, by the dollar rule in this module's docstring.

    Text segments have `\\$` turned into `$`; adjacent text is one segment."""
    segments: list[Segment] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            segments.append(Segment(False, "".join(buffer)))
            buffer.clear()

    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and text.startswith("$", i + 1):
            buffer.append("$")
            i += 2
            continue
        if char != "$":
            buffer.append(char)
            i += 1
            continue
        if text.startswith("$$", i):
            end = _math_end(text, i + 2, "$$")
            if end != -1 and text[i + 2:end].strip():
                flush()
                segments.append(Segment(True, text[i + 2:end], display=True))
                i = end + 2
                continue
            buffer.append("$$")  # no display math here: both dollars are text
            i += 2
            continue
        if _opens_inline(text, i):
            end = _math_end(text, i + 1, "$")
            if end != -1 and _closes_inline(text, end) and not _blank_line(text[i + 1:end]):
                flush()
                segments.append(Segment(True, text[i + 1:end]))
                i = end + 1
                continue
        buffer.append("$")
        i += 1
    flush()
    return segments


def _opens_inline(text: str, i: int) -> bool:
    return i + 1 < len(text) and not text[i + 1].isspace() and text[i + 1] != "$"


def _closes_inline(text: str, i: int) -> bool:
    if text[i - 1].isspace():
        return False
    return not text[i + 1:i + 2].isdigit()


def _blank_line(span: str) -> bool:
    return re.search(r"\n[ \t]*\n", span) is not None


def has_math(text: str) -> bool:
    """Whether `text` holds a math span (cheap test before converting)."""
    return "$" in text and any(s.is_math for s in split_math(text))


@functools.lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool = False) -> str | None:
    """The MathML `<math>` element for TeX `tex`, or None where it cannot be converted.

    None for: an error of the converter, a macro it does not know (it would show the
    macro's name as if it were math), anything it passes through that is not MathML
    (`\\text{<b>}`), or a formula longer than MAX_TEX_LENGTH. The result is rebuilt
    from an allow-list, so it holds no HTML, no link, no style and no event handler.
    """
    if not tex.strip() or len(tex) > MAX_TEX_LENGTH:
        return None
    from latex2mathml.converter import convert  # imported on first use: most pages have no math

    try:
        raw = convert(tex, display="block" if display else "inline")
    except Exception:  # the converter raises many kinds on bad input (and RecursionError)
        return None
    # An unknown macro comes out as its own name, backslash included: `<mi>\foo</mi>`.
    # (A backslash the formula means, `\backslash`, comes out as the entity &#x0005C;.)
    if "\\" in raw:
        return None
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:  # raw `<`, `&` passed through from \text{...}
        return None
    parts: list[str] = []
    if not _serialize(root, parts, depth=0, alttext=tex, display=display):
        return None
    return "".join(parts)


def _local(tag: str) -> str | None:
    namespace, _, name = tag.rpartition("}")
    return name if namespace == "{" + MATHML_NS else None


def _serialize(element: ET.Element, out: list[str], *, depth: int, alttext: str | None = None,
               display: bool = False) -> bool:
    """Write `element` as MathML into `out`; False if it holds anything not allowed."""
    name = _local(element.tag)
    if name is None or name not in ELEMENTS or depth > MAX_DEPTH:
        return False
    if (name == "math") != (depth == 0):
        return False
    attributes: list[tuple[str, str]] = []
    if name == "math":
        attributes.append(("xmlns", MATHML_NS))
        attributes.append(("display", "block" if display else "inline"))
        attributes.append(("alttext", alttext or ""))
    else:
        for key, value in element.attrib.items():
            if key in ATTRIBUTES and _allowed_value(key, value):
                attributes.append((key, value))
    out.append(f"<{name}")
    for key, value in attributes:
        out.append(f' {key}="{escape(value)}"')
    out.append(">")
    if element.text:
        out.append(str(escape(element.text)))
    children = list(element)
    for index, child in enumerate(children):
        operator_name = _local(child.tag) == "mi" and child.text in FUNCTION_NAMES \
            and len(child) == 0 and name in ("mrow", "math", "mstyle", "mtd")
        if operator_name and index > 0:
            out.append(_THIN_SPACE)
        if not _serialize(child, out, depth=depth + 1):
            return False
        if operator_name and index + 1 < len(children) \
                and (children[index + 1].text or "")[:1] not in _OPENING:
            out.append(_THIN_SPACE)
        if child.tail:
            out.append(str(escape(child.tail)))
    out.append(f"</{name}>")
    return True


def _allowed_value(key: str, value: str) -> bool:
    if not _PLAIN_VALUE.match(value):
        return False
    if key in _LENGTH_ATTRIBUTES:
        match = _LENGTH.match(value.strip())
        if match is None:
            return False  # named or relative widths are left to the default
        return abs(float(match.group(1)) * _UNIT_EM[match.group(2)]) <= MAX_LENGTH_EM
    return True


def tex_code(segment: Segment) -> Markup:
    """A math span that could not be converted, shown as its TeX source."""
    return Markup('<code class="rl-tex">{}</code>').format(segment.source)


def math_html(text: str) -> Markup:
    """One line of plain text (a title) as HTML: text escaped, math spans as MathML.

    `\\$` shows as `$`. Display math (`$$...$$`) is set inline too: a title is one line.
    Text without a dollar sign is only escaped."""
    if "$" not in text:
        return escape(text)
    parts: list[str] = []
    for segment in split_math(text):
        if not segment.is_math:
            parts.append(str(escape(segment.text)))
            continue
        mathml = tex_to_mathml(segment.text)
        parts.append(mathml if mathml is not None else str(tex_code(segment)))
    return Markup("".join(parts))
