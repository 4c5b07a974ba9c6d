"""Math in titles and abstracts: which dollars are math, MathML out, hostile TeX inert."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from site_builder.mathml import Segment, has_math, math_html, split_math, tex_to_mathml

M = "{http://www.w3.org/1998/Math/MathML}"


def math_spans(text: str) -> list[str]:
    return [s.text for s in split_math(text) if s.is_math]


def parse(fragment: str) -> ET.Element:
    """An HTML fragment of text and MathML, as XML (MathML from us must be well-formed)."""
    return ET.fromstring(f"<p>{fragment}</p>")


def elements(fragment: str) -> set[str]:
    return {e.tag.removeprefix(M) for e in parse(fragment).iter()} - {"p"}


def attributes(fragment: str) -> set[str]:
    return {name for e in parse(fragment).iter() for name in e.attrib}


# --- which dollars open math --------------------------------------------------------------

@pytest.mark.parametrize("text, spans", [
    # Abstract-style uses, as arXiv titles and abstracts write them.
    ("an $O(n^2)$ algorithm", ["O(n^2)"]),
    ("the $\\alpha$-divergence between $p$ and $q$", ["\\alpha", "p", "q"]),
    ("embeddings $\\mathbf{x} \\in \\mathbb{R}^d$ of each item", ["\\mathbf{x} \\in \\mathbb{R}^d"]),
    ("top-$k$ negatives", ["k"]),
    ("a $5$-shot setting", ["5"]),
    ("$\\ell_2$-normalized", ["\\ell_2"]),
    ("costs \\$5 per $n$ queries", ["n"]),
    ("$a \\$ b$ is one span", ["a \\$ b"]),  # an escaped dollar does not close math
    ("the loss $$\\mathcal{L} = -\\log p$$ is minimised", ["\\mathcal{L} = -\\log p"]),
    # Money and other lone dollars stay text.
    ("it costs $5 and $10 per run", []),
    ("from $20,000 to $30,000", []),
    ("US$ 3 million", []),
    ("$ 5 $", []),  # a space after the opening or before the closing dollar
    ("pay $5, get $x$ back", ["x"]),
    ("a lone $ sign", []),
    ("$$", []),
    ("empty $$ $$ display", []),
    ("two paragraphs $a\n\nb$ apart", []),
])
def test_which_dollars_are_math(text, spans):
    assert math_spans(text) == spans


def test_segments_keep_the_text_between_math_and_unescape_dollars():
    assert split_math("costs \\$5 for $n$ items") == [
        Segment(False, "costs $5 for "), Segment(True, "n"), Segment(False, " items")]
    assert split_math("$$x^2$$") == [Segment(True, "x^2", display=True)]


def test_has_math():
    assert has_math("an $O(n)$ method")
    assert not has_math("it costs $5 and $10")
    assert not has_math("no dollars")


# --- TeX to MathML ------------------------------------------------------------------------

def test_converts_common_abstract_math_to_mathml():
    mathml = tex_to_mathml("O(n^2)")
    root = ET.fromstring(mathml)
    assert root.tag == M + "math" and root.get("display") == "inline"
    assert root.find(f".//{M}msup") is not None  # the square is a superscript
    assert "".join(root.itertext()) == "O(n2)"
    assert root.get("alttext") == "O(n^2)"  # the source, for copying and for tools
    assert "".join(ET.fromstring(tex_to_mathml("\\alpha")).itertext()) == "α"
    assert "".join(ET.fromstring(tex_to_mathml("\\mathbf{x}")).itertext()) == "𝐱"
    assert ET.fromstring(tex_to_mathml("x", display=True)).get("display") == "block"


def test_operator_names_get_their_spaces_back():
    """`$O(n \\log n)$` must not read "nlogn"."""
    mathml = tex_to_mathml("O(n \\log n)")
    assert '<mspace width="0.167em"></mspace><mi>log</mi><mspace width="0.167em"></mspace>' in mathml
    assert "<mi>log</mi><mo" in tex_to_mathml("\\log(x)")  # none before a bracket


@pytest.mark.parametrize("tex", [
    "\\foo{x}",  # a macro the converter does not know would print its name as math
    "\\frac{1}{",  # unbalanced
    "a & b",  # an alignment character outside an environment
    "",
    "   ",
    "x" * 2000,  # too long for a title's formula
])
def test_what_cannot_be_converted_gives_none(tex):
    assert tex_to_mathml(tex) is None


@pytest.mark.parametrize("tex", [
    "<script>alert(1)</script>",
    "\\text{<img src=x onerror=alert(1)>}",
    "\\text{<b onclick=alert(1)>x</b>}",
    "\\mbox{&lt;script&gt;}",
    "\\href{javascript:alert(1)}{x}",
    "\\style{background:url(https://example.org/x)}{x}",
    "\\color{red}{x}",
    "\\hspace{500em}",
    '\\mathrm{"onmouseover=alert(1)}',
])
def test_hostile_tex_stays_inert(tex):
    """Whatever a contributor writes, the output holds only allow-listed MathML."""
    html = str(math_html(f"before ${tex}$ after"))
    assert elements(html) <= {"math", "mrow", "mi", "mn", "mo", "mtext", "mstyle", "mspace",
                              "code"}
    assert attributes(html) <= {"xmlns", "display", "alttext", "mathvariant", "stretchy",
                                "width", "class", "displaystyle", "scriptlevel"}
    # What the contributor wrote is text or the alttext's value, never markup:
    root = parse(html)
    for element in root.iter():
        for name, value in element.attrib.items():
            if name != "alttext":
                assert "(" not in value and ":" not in value.removeprefix("http://www.w3.org/")
    assert all(float(e.get("width", "0em").removesuffix("em")) <= 4 for e in root.iter())


def test_links_and_colours_are_dropped_but_the_math_kept():
    mathml = tex_to_mathml("\\href{javascript:alert(1)}{x} + \\color{red}{y}")
    assert mathml is not None
    root = ET.fromstring(mathml)
    below = [e for e in root.iter() if e is not root]
    assert all("href" not in e.attrib and "mathcolor" not in e.attrib for e in below)
    assert "javascript" not in mathml.replace(root.get("alttext"), "")  # only in the source
    assert "".join(ET.fromstring(mathml).itertext()) == "x+y"


# --- a title as HTML ----------------------------------------------------------------------

def test_title_with_math_becomes_text_and_mathml():
    html = math_html("Sampling $k$ negatives in $O(n \\log n)$ time")
    assert isinstance(html, Markup)
    root = parse(html)
    assert root.text == "Sampling "
    assert [m.tag for m in root] == [M + "math", M + "math"]
    assert root[0].tail == " negatives in " and root[1].tail == " time"


def test_title_without_math_is_only_escaped():
    assert math_html("Costs $5 & <more>") == "Costs $5 &amp; &lt;more&gt;"
    assert math_html("Plain title") == "Plain title"
    assert math_html("Costs \\$5") == "Costs $5"


def test_math_that_cannot_be_converted_shows_its_tex_as_code():
    html = math_html("About $\\foo{x} < y$ here")
    assert html == 'About <code class="rl-tex">$\\foo{x} &lt; y$</code> here'


def test_display_math_in_a_title_is_set_inline():
    html = math_html("Minimising $$\\sum_i x_i$$ fast")
    assert parse(html)[0].get("display") == "inline"


def test_hostile_title_text_around_math_is_escaped():
    html = math_html('<img src=x onerror=alert(1)> $x$ "quoted"')
    assert elements(html) <= {"math", "mrow", "mi"}
    assert html.startswith("&lt;img src=x onerror=alert(1)&gt; <math")


@pytest.mark.parametrize("tex", ["\\text{<b>bold</b>}", "\\text{<img src=x onerror=alert(1)>}",
                                 "\\mbox{<svg onload=alert(1)>}"])
def test_html_the_converter_passes_through_is_refused(tex):
    """latex2mathml copies `\\text{...}` verbatim into its output; such a span is shown as
    TeX code, escaped, never as markup."""
    assert tex_to_mathml(tex) is None
    html = math_html(f"${tex}$")
    assert elements(html) == {"code"}
    assert parse(html).find("code").text == f"${tex}$"
