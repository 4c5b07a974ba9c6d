"""Publisher markup in titles and abstracts turned into the plain text a paper file holds.

Exported records (IEEE Xplore, Crossref's JATS abstracts, some reference managers) carry
XML inside text fields: `<inline-formula><tex-math>$\\alpha$</tex-math></inline-formula>`,
MathML (`<mml:math><mml:msub><mml:mi>x</mml:mi><mml:mn>1</mml:mn></mml:msub></mml:math>`),
`<jats:p>`, `<i>`, `&amp;`. Written as is, a reader sees escaped tags. `plain_text` keeps
what the markup means:

- TeX math (`<tex-math>`) becomes `$...$` (its `\\documentclass ... \\begin{document}` frame
  dropped); a formula given both as TeX and MathML keeps the TeX;
- MathML becomes `$...$` TeX: its `alttext` when it has one, else tokens joined, with
  `_{}`, `^{}`, `\\frac{}{}` and `\\sqrt{}` for sub- and superscripts, fractions, roots;
- paragraph elements (`<p>`, `<jats:p>`) become paragraph breaks, headings (`<jats:title>
  Abstract</jats:title>`) are dropped; any other element is dropped and its text kept;
  entities are decoded.

Text without anything that looks like an element or an entity comes back unchanged, so a
title such as "x < y and y > z" is not touched.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

_ELEMENT_RE = re.compile(r"</?[A-Za-z][\w.-]*(?::[\w.-]+)?(?:\s[^<>]*)?/?>")
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_FORMULA_RE = re.compile(
    r"<(?:[\w.-]+:)?(inline-formula|disp-formula)\b[^>]*>(.*?)</(?:[\w.-]+:)?\1\s*>", re.S)
_TEX_RE = re.compile(r"<(?:[\w.-]+:)?tex-math\b[^>]*>(.*?)</(?:[\w.-]+:)?tex-math\s*>", re.S)
_MATH_RE = re.compile(r"<(?:[\w.-]+:)?math\b[^>]*>.*?</(?:[\w.-]+:)?math\s*>", re.S)
_PARAGRAPH_RE = re.compile(r"</?(?:[\w.-]+:)?p\b[^>]*>")
# JATS abstracts open with a heading, "<jats:title>Abstract</jats:title>": not text.
_HEADING_RE = re.compile(r"<(?:[\w.-]+:)?title\b[^>]*>.*?</(?:[\w.-]+:)?title\s*>", re.S)
_CDATA_RE = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_PREFIX_RE = re.compile(r"(</?)[\w.-]+:")
_XMLNS_RE = re.compile(r"\s+xmlns(?::[\w.-]+)?\s*=\s*(\"[^\"]*\"|'[^']*')")


def has_markup(text: str) -> bool:
    return bool(_ELEMENT_RE.search(text) or _ENTITY_RE.search(text))


def _dollars(tex: str) -> str:
    tex = " ".join(tex.split())
    if not tex:
        return ""
    if tex.startswith("$") and tex.endswith("$") and len(tex) > 1:
        return tex
    return f"${tex}$"


def _tex(content: str) -> str:
    """The math of a `<tex-math>` element's content, as `$...$`."""
    content = html.unescape(_CDATA_RE.sub(r"\1", content))
    found = re.search(r"\\begin\{document\}(.*?)\\end\{document\}", content, re.S)
    if found:
        content = found.group(1)
    content = content.strip()
    for opening, closing in (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$")):
        if content.startswith(opening) and content.endswith(closing):
            content = content[len(opening):-len(closing)]
    return _dollars(content)


def _mathml_tex(element: ET.Element) -> str:
    name = element.tag.rsplit("}", 1)[-1]
    children = [_mathml_tex(child) for child in element]
    if name in ("mi", "mn", "mo", "mtext", "ms"):
        return (element.text or "").strip()
    if name == "msub" and len(children) == 2:
        return f"{children[0]}_{{{children[1]}}}"
    if name == "msup" and len(children) == 2:
        return f"{children[0]}^{{{children[1]}}}"
    if name == "msubsup" and len(children) == 3:
        return f"{children[0]}_{{{children[1]}}}^{{{children[2]}}}"
    if name == "mfrac" and len(children) == 2:
        return f"\\frac{{{children[0]}}}{{{children[1]}}}"
    if name == "msqrt":
        return f"\\sqrt{{{''.join(children)}}}"
    if name in ("annotation", "annotation-xml"):
        return ""
    return "".join(children)


def _mathml(markup: str) -> str:
    """A MathML `<math>` element as `$...$`."""
    cleaned = _XMLNS_RE.sub("", _PREFIX_RE.sub(r"\1", markup))
    try:
        root = ET.fromstring(cleaned)
    except ET.ParseError:
        return _dollars(html.unescape(_ELEMENT_RE.sub(" ", markup)))
    alttext = root.get("alttext")
    if alttext and alttext.strip():
        return _tex(alttext)
    semantics = [c for c in root.iter() if c.tag.rsplit("}", 1)[-1] == "annotation"
                 and "tex" in (c.get("encoding") or "").lower()]
    if semantics and (semantics[0].text or "").strip():
        return _tex(semantics[0].text or "")
    return _dollars(_mathml_tex(root))


def _formula(found: re.Match[str]) -> str:
    inner = found.group(2)
    if tex := _TEX_RE.search(inner):
        return _tex(tex.group(1))
    if math := _MATH_RE.search(inner):
        return _mathml(math.group(0))
    return _ELEMENT_RE.sub("", inner)


def plain_text(text: str) -> str:
    """`text` with its markup turned into text and `$...$` math (see the module docstring).

    Paragraph elements become blank lines; callers normalise white space as they need.
    """
    if not has_markup(text):
        return text
    text = _FORMULA_RE.sub(_formula, text)
    text = _TEX_RE.sub(lambda m: _tex(m.group(1)), text)
    text = _MATH_RE.sub(lambda m: _mathml(m.group(0)), text)
    text = _HEADING_RE.sub("\n\n", text)
    text = _PARAGRAPH_RE.sub("\n\n", text)
    text = _ELEMENT_RE.sub("", text)
    return html.unescape(text)


_LATEX_FOR_ENTITY = {"amp": r"\&", "lt": r"\textless{}", "gt": r"\textgreater{}", "quot": '"',
                     "apos": "'", "nbsp": "~"}
_ANY_ENTITY_RE = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);")


def entities_for_latex(text: str) -> str:
    """HTML entities in BibTeX text written as LaTeX, before the text is LaTeX-decoded
    (which would read the `&` of `&amp;` as a table column and drop it)."""
    def one(found: re.Match[str]) -> str:
        name = found.group(1)
        if name in _LATEX_FOR_ENTITY:
            return _LATEX_FOR_ENTITY[name]
        char = html.unescape(found.group(0))
        return _LATEX_FOR_ENTITY.get({"&": "amp", "<": "lt", ">": "gt"}.get(char, ""), char)
    return _ANY_ENTITY_RE.sub(one, text)


def paragraphs(text: str) -> str:
    """Text as Markdown paragraphs: blank lines kept between them, the line wrapping and
    runs of white space inside each undone."""
    found = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))
    return "\n\n".join(p for p in found if p)


def url_in_prose(url: str, trailing: str = ".,;:!?'\"") -> str:
    """A URL found in running text without the sentence punctuation after it (and without
    a closing bracket that opened before it)."""
    while url:
        if url[-1] in trailing:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif url[-1] == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url
