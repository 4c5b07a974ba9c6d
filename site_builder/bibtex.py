"""Citations: a readable BibTeX key for every paper, and its BibTeX entry.

Keys look like `liu2023chain`: the first author's family name, the year, and the first
word of the title that is not a stop word, folded to ASCII and lowercased, so only
`[a-z0-9]` remain. The year is the year `published`, else the year the paper was `added`
(a key needs one; the entry itself states no year it does not know). A paper without
authors (or whose first author's name has no Latin letters) takes its first two title
words around the year instead: `hard2020negative`. Keys are unique across the list: when
several papers would share one, the first added (then by slug) keeps it and the others get
`b`, `c`, ... (`liu2023chainb`), so adding a paper never changes a key already published.

Entry types follow only what the file states, never a guess about the paper:

- no `venue`: `@misc`, the preprint or web page the file describes, with its arXiv
  identifier as `eprint` and `archivePrefix = {arXiv}` when it has one;
- a `venue` that names a journal (its text contains "Journal", "Transactions", "Letters",
  "Magazine", "Review", or a journal's well-known short name such as T-PAMI, JMLR, TMLR):
  `@article` with `journal`;
- any other `venue` (conferences, workshops, "Findings of ..."): `@inproceedings` with
  `booktitle`.

Fields, each only when the file gives it: `author` (`A and B`), `title` (in a second pair
of braces so styles keep its capitals), `booktitle` or `journal`, `year` and `month` (from
`published`), `doi`, `url` (the paper's `url`, else its arXiv page), `eprint` and
`archivePrefix`. Nothing else: no publisher, pages or volume the file does not state.

Text is escaped for BibTeX and LaTeX: `\\ % & # $ _ ~ ^` become commands, braces that pair
up become `\\{ \\}` and a brace without a partner becomes `\\textbraceleft{}` or
`\\textbraceright{}`, so contributor text can never end a field or an entry early.
`$...$` stays math when it is math a title uses (letters, digits, operators and common
math commands such as `\\alpha` or `\\mathcal`); anything else between dollars is text, so a
title cannot run arbitrary LaTeX in a reader's document. Non-ASCII letters stay as UTF-8,
which biblatex and modern BibTeX read. URLs and DOIs are written as they are (BibTeX
styles print them verbatim), with braces and backslashes percent-encoded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from .fields import ARXIV_ABS_URL
from .model import Paper

# Words a key skips when it picks the title's first word.
STOP_WORDS = frozenset("""
    a an the and or but nor of on in into onto at by for from to with without via as is are
    be do does can how what when where which why who whether towards toward about over under
    through beyond between against not no yes its it this that these those your our their
""".split())

# Letters that Unicode does not decompose into an ASCII letter and a mark.
_FOLD = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d",
    "Đ": "D", "ð": "d", "Ð": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ı": "i",
    "ħ": "h", "Ħ": "H",
})
_NOT_KEY = re.compile(r"[^a-z0-9]+")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_KEY_PART_LENGTH = 20  # a long word or name does not make an unwieldy key

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_JOURNAL = re.compile(
    r"\b(?:journal|transactions|letters|magazine|reviews?|t-?pami|jmlr|tmlr)\b", re.I)


# --- keys ---------------------------------------------------------------------------------

def ascii_fold(text: str) -> str:
    """`text` with accents removed and letters spelt in ASCII where they can be."""
    if text.isascii():  # most names and titles: nothing to fold
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if c.isascii())


def key_words(text: str) -> list[str]:
    """The words of `text` as key material: ASCII, lowercase, letters and digits only."""
    return [w for w in _NOT_KEY.split(ascii_fold(text).lower()) if w]


def family_name(name: str) -> str:
    """The family name of `name` as key material: the part before a comma ("Liu, Hao"),
    else the last word that is not a suffix such as "Jr."."""
    if "," in name:
        words = name.split(",")[0].split()
    else:
        words = name.split()
        while len(words) > 1 and "".join(key_words(words[-1])) in _NAME_SUFFIXES:
            words.pop()
    return "".join(key_words(words[-1]))[:_KEY_PART_LENGTH] if words else ""


def _title_words(title: str) -> list[str]:
    """The title's key words without stop words (all of them if that leaves none)."""
    words = [w[:_KEY_PART_LENGTH] for w in key_words(title)]
    return [w for w in words if w not in STOP_WORDS] or words


def key_year(paper: Paper) -> str:
    """The year a key shows: when it was published, else when it was added."""
    return paper.published[:4] if paper.published else str(paper.added.year)


def base_key(paper: Paper) -> str:
    """The key `paper` gets when no other paper wants the same one."""
    year = key_year(paper)
    words = _title_words(paper.title) or key_words(paper.slug)
    family = family_name(paper.authors[0]) if paper.authors else ""
    if family:
        return f"{family}{year}{words[0] if words else ''}"
    return f"{words[0]}{year}{words[1] if len(words) > 1 else ''}"


def _letters(number: int) -> str:
    """1 -> a, 2 -> b, ..., 26 -> z, 27 -> aa: the suffixes of colliding keys."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """A unique, stable citation key for every paper, by slug.

    Papers that would share a key get it in the order they were added (then by slug): the
    first keeps it, the next get `b`, `c`, ...; a suffixed key never takes another
    paper's own key.
    """
    ordered = sorted(papers, key=lambda p: (p.added, p.slug))
    bases = {p.slug: base_key(p) for p in ordered}
    wanted = set(bases.values())
    keys: dict[str, str] = {}
    used: set[str] = set()
    for paper in ordered:
        key = base = bases[paper.slug]
        number = 2
        while key in used:
            key = base + _letters(number)
            number += 1
            while key in wanted:
                key = base + _letters(number)
                number += 1
        used.add(key)
        keys[paper.slug] = key
    return dict(sorted(keys.items()))


# --- escaping -----------------------------------------------------------------------------

_TEXT_SPECIALS = {
    "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
# Math as titles write it: `$k$-NN`, `$\ell_1$`, `$\mathcal{O}(n)$`. Opening `$` before a
# non-space, closing `$` after one and not before a digit, so "$5 and $10" is not math.
_MATH = re.compile(r"\$(?=[^\s$])([^$]*?[^\s$\\])\$(?![0-9])")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.S)
MATH_COMMANDS = frozenset("""
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
    nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma
    Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell infty partial nabla
    mathcal mathbb mathbf mathrm mathit mathsf mathtt boldsymbol bm text textrm operatorname
    frac sqrt log ln exp sin cos tan max min arg argmax argmin sup inf lim sum prod int
    cdot cdots ldots dots times div pm mp circ ast star le leq ge geq ne neq approx sim
    simeq equiv propto ll gg subset subseteq supset supseteq in notin cup cap setminus
    emptyset forall exists neg land lor to rightarrow leftarrow leftrightarrow Rightarrow
    Leftarrow mapsto uparrow downarrow mid parallel top bot perp prime hat bar tilde vec
    dot ddot widehat widetilde overline underline left right big Big bigl bigr quad qquad
    top dagger langle rangle lceil rceil lfloor rfloor vert Vert
""".split())


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _is_safe_math(math: str) -> bool:
    """Whether `math` (between the dollars) is plain math: balanced braces, known
    commands only, and no `^^` (TeX's way of writing any character)."""
    if "^^" in math or not _balanced(math):
        return False
    return all(m.group(1) in MATH_COMMANDS or not m.group(1).isalpha()
               for m in _COMMAND.finditer(math))


def _paired_braces(text: str) -> set[int]:
    """Positions of the braces in `text` that have a partner."""
    paired: set[int] = set()
    opened: list[int] = []
    for i, char in enumerate(text):
        if char == "{":
            opened.append(i)
        elif char == "}" and opened:
            paired.update((opened.pop(), i))
    return paired


def _escape_text(text: str) -> str:
    paired = _paired_braces(text)
    out = []
    for i, char in enumerate(text):
        if char in "{}":
            if i in paired:
                out.append("\\" + char)
            else:
                out.append(r"\textbraceleft{}" if char == "{" else r"\textbraceright{}")
        else:
            out.append(_TEXT_SPECIALS.get(char, char))
    return "".join(out)


def _escape_math(math: str) -> str:
    """Math kept as math; characters that are never math in a title are escaped."""
    return re.sub(r"(?<!\\)([%&#])", r"\\\1", math)


def escape(text: str) -> str:
    """`text` as the value of a BibTeX field: LaTeX specials escaped, braces balanced,
    `$...$` math kept when it is safe, white space made single spaces."""
    text = " ".join(text.split())
    out = []
    position = 0
    for match in _MATH.finditer(text):
        math = match.group(1)
        if not _is_safe_math(math):
            continue
        out.append(_escape_text(text[position:match.start()]))
        out.append(f"${_escape_math(math)}$")
        position = match.end()
    out.append(_escape_text(text[position:]))
    return "".join(out)


def verbatim(value: str) -> str:
    """A URL or DOI as a field value: as it is, but with braces and backslashes
    percent-encoded (the same address), so it cannot unbalance the entry."""
    return value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _name(name: str) -> str:
    """One author for the `author` field; a name containing the word "and" is braced
    whole, so BibTeX does not split it into two people."""
    escaped = escape(name)
    return f"{{{escaped}}}" if re.search(r"\sand\s", escaped, re.I) else escaped


# --- entries ------------------------------------------------------------------------------

def entry_type(paper: Paper) -> tuple[str, str | None]:
    """The entry type for `paper` and the field its venue goes in (None without venue)."""
    if not paper.venue:
        return "misc", None
    if _JOURNAL.search(paper.venue):
        return "article", "journal"
    return "inproceedings", "booktitle"


def paper_url(paper: Paper) -> str | None:
    """The address a citation links to: the paper's `url`, else its arXiv page."""
    if paper.url:
        return paper.url
    return ARXIV_ABS_URL.format(paper.arxiv) if paper.arxiv else None


def bibtex_fields(paper: Paper) -> list[tuple[str, str]]:
    """The fields of `paper`'s entry, in order, each value as written between the `=` and
    the comma (braced, or a bare month name)."""
    fields: list[tuple[str, str]] = []
    if paper.authors:
        fields.append(("author", "{" + " and ".join(_name(a) for a in paper.authors) + "}"))
    fields.append(("title", "{{" + escape(paper.title) + "}}"))
    _, venue_field = entry_type(paper)
    if venue_field:
        fields.append((venue_field, "{" + escape(paper.venue or "") + "}"))
    if paper.published:
        fields.append(("year", "{" + paper.published[:4] + "}"))
        if len(paper.published) >= 7:
            fields.append(("month", MONTHS[int(paper.published[5:7]) - 1]))
    if paper.doi:
        fields.append(("doi", "{" + verbatim(paper.doi) + "}"))
    url = paper_url(paper)
    if url:
        fields.append(("url", "{" + verbatim(url) + "}"))
    if paper.arxiv:
        fields.append(("eprint", "{" + verbatim(paper.arxiv) + "}"))
        fields.append(("archivePrefix", "{arXiv}"))
    return fields


def bibtex_entry(paper: Paper, key: str) -> str:
    """`paper`'s BibTeX entry under `key`, without a trailing newline."""
    kind, _ = entry_type(paper)
    fields = bibtex_fields(paper)
    width = max(len(name) for name, _ in fields)
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name.ljust(width)} = {value}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def bibtex_file(papers: Iterable[Paper], keys: dict[str, str],
                entry: Callable[[Paper, str], str] | None = None) -> str:
    """A BibTeX file with every paper's entry, in slug order, after a header comment.

    `entry` makes a paper's entry (default `bibtex_entry`): a site that already made them
    for its pages passes its own."""
    entry = entry or bibtex_entry
    ordered = sorted(papers, key=lambda p: p.slug)
    header = (f"% Every paper of the reading list ({len(ordered)}), one entry each, by slug.\n"
              "% UTF-8; fields are given only where the paper's file states them.\n")
    return header + "".join(f"\n{entry(p, keys[p.slug])}\n" for p in ordered)
