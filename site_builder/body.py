"""Turn a contributor's Markdown (abstract and notes) into HTML that cannot run script."""

from __future__ import annotations

import html
import re

import markdown
import nh3

from .mathml import split_math, tex_code, tex_to_mathml

# Markdown a contributor may use in notes; raw HTML is not among it.
# magiclink turns the bare URLs that abstracts often end with into links.
BODY_EXTENSIONS = ("tables", "fenced_code", "footnotes", "sane_lists", "abbr", "def_list",
                   "pymdownx.magiclink")

# No images: a paper file has no files of its own, and an image from another host would
# make the site depend on it (the site works offline).
_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) - {"img"}
_ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "code": {"class"},
    "sup": {"id"},
    "li": {"id"},
    "a": {"href", "hreflang", "title", "class"},
}


# Text in which no Markdown rule of BODY_EXTENSIONS can apply: plain paragraphs, as most
# abstracts are. Python-Markdown spends most of its time trying its inline patterns on
# such text, so it is turned into paragraphs directly, to the same HTML (tested).
_MARKUP_CHARACTERS = re.compile(r"[\\`*_\[\]!<>&|#~{}@^\t\r]")
_LINK_STARTS = ("://", "www.", "ftp.")  # what magiclink turns into links
_BLOCK_START = re.compile(r"[ :+>=-]|\d+[.)](?:\s|$)")  # lists, quotes, code, headings


def is_plain_text(text: str) -> bool:
    """Whether Markdown would only split `text` into paragraphs."""
    if _MARKUP_CHARACTERS.search(text) or any(s in text for s in _LINK_STARTS):
        return False
    # A line that starts a block, or ends in spaces (a line break), is Markdown.
    return not any(_BLOCK_START.match(line) or line.endswith(" ") for line in text.split("\n"))


def plain_paragraphs(text: str) -> str:
    """The HTML Python-Markdown gives for plain text: a `<p>` per block of lines."""
    blocks = (block.strip("\n") for block in re.split(r"\n\s*\n", text))
    return "\n".join(f"<p>{html.escape(block, quote=False)}</p>" for block in blocks if block)


# A bare web address of the simplest kind, between spaces or before a closing period or
# comma, as abstracts end ("Code: https://github.com/a/b."). magiclink links it to itself;
# anything fancier (queries, parentheses, `www.`) is left to Markdown.
_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_SIMPLE_URL = re.compile(rf"(?<![^\s])https?://{_HOST_LABEL}(?:\.{_HOST_LABEL})+"
                         r"(?:/(?:[A-Za-z0-9./-]*[A-Za-z0-9/])?)?(?=[.,]?(?:\s|$))")
_LINK = '<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>'
_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")  # private-use characters: never typed


def plain_html(text: str) -> str | None:
    """The HTML Markdown gives for `text` when it is plain paragraphs with at most simple
    web addresses in them (most abstracts), or None when Markdown must do it."""
    links: list[str] = []

    def hold(match: re.Match) -> str:
        links.append(match.group(0))
        return f"\ue000{len(links) - 1}\ue001"

    held = _SIMPLE_URL.sub(hold, text) if "://" in text else text
    if not is_plain_text(held):
        return None
    converted = plain_paragraphs(held)
    if links:
        converted = _PLACEHOLDER.sub(lambda m: _LINK.format(links[int(m.group(1))]), converted)
    return converted


_MATH_PLACEHOLDER = re.compile("\ue002([0-9]+)\ue003")  # private-use: never typed


def _hold_math(text: str) -> tuple[str, list[str]]:
    """`text` with each `$...$` formula replaced by a placeholder, and the formulas'
    HTML (MathML, or the TeX as code where it does not convert).

    Formulas are taken out before Markdown reads the text, so their `_`, `*` and `^` are
    not emphasis. Text with code (backticks, indented blocks) is left whole: a dollar in
    code is not math.
    """
    if "$" not in text or "`" in text or "\n    " in text or "\n\t" in text:
        return text, []
    formulas: list[str] = []
    parts = []
    for segment in split_math(text):
        if segment.is_math:
            mathml = tex_to_mathml(segment.text, display=segment.display)
            formulas.append(mathml if mathml is not None else str(tex_code(segment)))
            parts.append(f"\ue002{len(formulas) - 1}\ue003")
        else:
            parts.append(segment.source)
    return "".join(parts), formulas


class BodyRenderer:
    """Renders paper bodies; one instance is reused for every paper of a build.

    Results are kept by text, so a renderer kept across rebuilds (`mkdocs serve`)
    converts only the bodies that changed.
    """

    def __init__(self) -> None:
        self._rendered: dict[str, str] = {}
        self._md = markdown.Markdown(extensions=list(BODY_EXTENSIONS))
        # Raw HTML is shown as text rather than passed through (Python-Markdown's documented
        # way of turning it off); nh3 then removes anything unsafe that Markdown can
        # still produce, such as `javascript:` links.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")

    def render(self, text: str) -> str:
        """Safe HTML for `text`."""
        html = self._rendered.get(text)
        if html is None:
            html = self._rendered[text] = self._convert(text)
        return html

    def _convert(self, text: str) -> str:
        text, formulas = _hold_math(text)
        converted = plain_html(text)
        if converted is None:
            converted = self._clean(self._md.reset().convert(text))
        # else: escaped text in <p> and checked links, nothing to sanitize
        if formulas:
            converted = _MATH_PLACEHOLDER.sub(lambda m: formulas[int(m.group(1))], converted)
        return converted

    @staticmethod
    def _clean(html: str) -> str:
        return nh3.clean(
            html,
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
