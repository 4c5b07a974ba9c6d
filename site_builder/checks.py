"""Checks that only a view of the whole list can make: duplicates, unused tags, empty themes.

Each paper file is validated on its own by `loading`; this module looks across papers.

Two papers are the same paper when they have
- the same arXiv identifier, ignoring the version (`2404.05868v2` is `2404.05868`),
- the same DOI, ignoring case (DOIs are case-insensitive),
- the same title once case, accents, punctuation and spacing are dropped, or
- nearly the same title: a `difflib` ratio of at least `NEAR_TITLE_RATIO` between the
  normalised titles, with the same numbers and negations in both (so "Qwen2 Technical
  Report" and "Qwen2.5 Technical Report", or "Attention Is All You Need" and "Attention Is
  Not All You Need", stay apart).

An arXiv DOI (`10.48550/arXiv.2404.05868`) is the arXiv identifier in another form.

Titles are not compared when both papers have arXiv identifiers, or both have other DOIs, and
these differ: the identifiers already say they are different papers. That is how a curator
keeps two different papers whose titles happen to be alike.

`DuplicateIndex` holds these identities; `site-builder import` uses it for entries that are
not files yet, and `check_reading_list` for the files of the list.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .loading import display_path
from .model import Paper, Problem, ReadingList, Severity

NEAR_TITLE_RATIO = 0.9

# A near-identical title is looked for only among the papers that share one of a few rare
# pieces of the incoming title: enough pieces that every title differing from it by at most
# `_WORD_EDITS` words (changed, added or removed) is among them. A word edit breaks at most
# two of the title's word pairs, so that many edits leave one of 2 * _WORD_EDITS + 1 pairs
# intact; titles too short for that (three words or fewer) are looked up by _WORD_EDITS + 1
# of their words.
# Choosing the rarest pieces keeps the lists read short: common words such as "learning"
# would otherwise make every lookup compare against most of the list.
_WORD_EDITS = 2
# Which identifiers an indexed paper has (DuplicateIndex._identified).
_ARXIV, _DOI = 1, 2

ARXIV_VERSION_RE = re.compile(r"v[0-9]+$")
NEARLY_SAME_TITLE = "nearly the same title"
ARXIV_DOI_RE = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_]+")
# Words that make alike titles different papers: "Part I"/"Part II", "Is"/"Is Not".
_ROMAN_NUMERALS = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
_NEGATIONS = frozenset({"not", "no", "non", "without"})


def arxiv_key(arxiv: str) -> str:
    """The arXiv identifier without its version, for comparison: `2404.05868v2` -> `2404.05868`."""
    return ARXIV_VERSION_RE.sub("", arxiv.strip()).casefold()


def doi_key(doi: str) -> str:
    """The DOI for comparison: DOIs are case-insensitive."""
    return doi.strip().casefold()


def arxiv_keys(arxiv: str | None, doi: str | None) -> dict[str, str]:
    """The paper's arXiv identities, by the field that gives them.

    arXiv's own DOIs (`10.48550/arXiv.2404.05868`) name the arXiv paper, so a file with only
    that DOI is the same paper as one with `arxiv: "2404.05868"`.
    """
    keys = {}
    if arxiv:
        keys["arxiv"] = arxiv_key(arxiv)
    if doi and (found := ARXIV_DOI_RE.match(doi.strip())):
        keys["doi"] = arxiv_key(found.group(1))
    return keys


def title_words(title: str) -> list[str]:
    """The title's words, case-folded, without accents and punctuation."""
    if title.isascii():  # most titles: nothing to take accents off
        return _WORD_RE.findall(title.lower())
    decomposed = unicodedata.normalize("NFKD", title)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD_RE.findall(plain.casefold())


def title_key(title: str) -> str:
    """The title for exact comparison: its letters and digits only.

    Dropping the spaces too makes "Pre-training" and "Pretraining", or "Chain-of-Hindsight"
    and "Chain of Hindsight", the same title.
    """
    return "".join(title_words(title))


@dataclass(frozen=True)
class Duplicate:
    """An incoming paper matches `paper`, already in the index.

    `field` is the incoming paper's key that matched ("arxiv", "doi" or "title"); `reason`
    says how, e.g. "same arXiv paper (2404.05868)".
    """

    paper: Paper
    field: str
    what: str  # "same arXiv paper", "same DOI", "same title", "nearly the same title"
    detail: str = ""  # the shared identifier, or the other title

    @property
    def reason(self) -> str:
        return f"{self.what} ({self.detail})" if self.detail else self.what

    @property
    def severity(self) -> Severity:
        """Alike titles may still be two papers: a warning, which --strict makes an error."""
        return "warning" if self.what == NEARLY_SAME_TITLE else "error"


@dataclass
class _Entry:
    paper: Paper
    arxiv: frozenset[str]  # its arXiv identities
    doi: str | None  # its DOI, unless that is an arXiv DOI
    words: str  # normalised title, words joined by single spaces
    marks: tuple[str, ...]  # its numbers and negations


def _pairs(words: list[str]) -> list[str]:
    """Neighbouring words, with the title's start and end as words too ("^" and "$" are never
    words), so that short titles have enough pairs."""
    bounded = ["^", *words, "$"]
    return [f"{a} {b}" for a, b in zip(bounded, bounded[1:])]


def _pieces(words: list[str]) -> set[str]:
    """What a title is indexed under: its words and its pairs of neighbouring words."""
    return set(words) | set(_pairs(words))


def _marks(words: Iterable[str]) -> tuple[str, ...]:
    """The numbers and negations in a title: near-identical titles must agree on them."""
    # A word is letters and digits (_WORD_RE): it has a digit unless it is all letters.
    return tuple(sorted(w for w in words if not w.isalpha()
                        or w in _ROMAN_NUMERALS or w in _NEGATIONS))


def _other_doi(doi: str | None) -> str | None:
    """The DOI for comparison, unless it is an arXiv DOI (which counts as the arXiv id)."""
    return doi_key(doi) if doi and not ARXIV_DOI_RE.match(doi.strip()) else None


class DuplicateIndex:
    """The identities of papers seen so far, to tell whether another paper is among them.

        index = DuplicateIndex(reading_list.papers)
        match = index.find(title, arxiv=arxiv, doi=doi)
        if match:
            print(f"already in the list as {match.paper.path}: {match.reason}")
        else:
            index.add(new_paper)   # so a second copy later in the same input is caught

    A lookup compares the title only with the few titles sharing one of its rarest words or
    word pairs: finding and adding each of 10,000 papers in turn takes about a second.
    """

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self._by_arxiv: dict[str, Paper] = {}
        self._by_doi: dict[str, Paper] = {}
        self._by_title: dict[str, list[_Entry]] = {}
        self._entries: list[_Entry] = []
        self._lengths: list[int] = []  # len(entry.words), by entry
        self._identified: list[int] = []  # by entry: _ARXIV if it has an arXiv id, | _DOI
        self._postings: dict[str, list[int]] = {}  # word or word pair -> indices into _entries
        for paper in papers:
            self.add(paper)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, paper: Paper) -> None:
        """Remember `paper`. Where an identity is already known, the first paper keeps it."""
        self._add(paper, arxiv_keys(paper.arxiv, paper.doi), title_words(paper.title))

    def find_and_add(self, paper: Paper) -> Duplicate | None:
        """`find` for `paper`, then `add` it: what checking a list in order does, with the
        title's words worked out once."""
        arxiv_ids, words = arxiv_keys(paper.arxiv, paper.doi), title_words(paper.title)
        match = self._find(words, arxiv_ids, paper.doi)
        self._add(paper, arxiv_ids, words)
        return match

    def _add(self, paper: Paper, arxiv_ids: dict[str, str], words: list[str]) -> None:
        arxiv = frozenset(arxiv_ids.values())
        for key in arxiv:
            self._by_arxiv.setdefault(key, paper)
        if paper.doi:
            self._by_doi.setdefault(doi_key(paper.doi), paper)
        entry = _Entry(paper, arxiv, _other_doi(paper.doi), " ".join(words), _marks(words))
        position = len(self._entries)
        self._entries.append(entry)
        self._lengths.append(len(entry.words))
        self._identified.append((_ARXIV if arxiv else 0) | (_DOI if entry.doi else 0))
        if words:
            self._by_title.setdefault("".join(words), []).append(entry)
        for piece in _pieces(words):
            self._postings.setdefault(piece, []).append(position)

    def find(self, title: str | None = None, arxiv: str | None = None,
             doi: str | None = None) -> Duplicate | None:
        """The paper in the index that this one duplicates, or None.

        Identifiers are tried before titles; among equally good title matches the paper
        added first wins.
        """
        return self._find(title_words(title or ""), arxiv_keys(arxiv, doi), doi)

    def _find(self, words: list[str], arxiv_ids: dict[str, str],
              doi: str | None) -> Duplicate | None:
        for field, key in arxiv_ids.items():
            if key in self._by_arxiv:
                return Duplicate(self._by_arxiv[key], field, "same arXiv paper", key)
        if doi and doi_key(doi) in self._by_doi:
            return Duplicate(self._by_doi[doi_key(doi)], "doi", "same DOI", doi.strip())
        if not words:
            return None

        other_doi = _other_doi(doi)

        def comparable(entry: _Entry) -> bool:
            # Shared identifiers were matched above, so identifiers on both sides here differ:
            # different papers, whatever their titles.
            return not (arxiv_ids and entry.arxiv or other_doi and entry.doi)

        for entry in self._by_title.get("".join(words), ()):
            if comparable(entry):
                return Duplicate(entry.paper, "title", "same title")
        near = self._nearest_title(words, comparable,
                                   (_ARXIV if arxiv_ids else 0) | (_DOI if other_doi else 0))
        if near is not None:
            return Duplicate(near.paper, "title", NEARLY_SAME_TITLE, near.paper.title)
        return None

    def _nearest_title(self, words: list[str], comparable: Callable[[_Entry], bool],
                       identified: int) -> _Entry | None:
        """The indexed title most like `words`, if any is at least NEAR_TITLE_RATIO alike.

        `identified` says which identifiers the title's paper has (as `_identified`): an
        entry with one of the same kind is a different paper, and is passed over at once.
        """
        text, marks = " ".join(words), _marks(words)
        pairs = set(_pairs(words))
        if len(pairs) > 2 * _WORD_EDITS:
            probes, count = pairs, 2 * _WORD_EDITS + 1
        else:
            probes, count = set(words), _WORD_EDITS + 1
        rarest = sorted(probes, key=lambda piece: (len(self._postings.get(piece, ())), piece))
        # ratio() is at most 2*min/(sum) of the lengths: only titles of a length within
        # these bounds can reach NEAR_TITLE_RATIO.
        size, lengths, flags = len(text), self._lengths, self._identified
        shortest = size * NEAR_TITLE_RATIO / (2 - NEAR_TITLE_RATIO) - 1e-9  # float slack
        longest = size * (2 - NEAR_TITLE_RATIO) / NEAR_TITLE_RATIO + 1e-9
        candidates = sorted({i for piece in rarest[:count] for i in self._postings.get(piece, ())
                             if not flags[i] & identified and shortest <= lengths[i] <= longest})
        best, best_ratio = None, NEAR_TITLE_RATIO
        matcher = None  # made for the first candidate that gets that far: most get none
        for i in candidates:
            entry = self._entries[i]
            other = entry.words
            # The same bound, for the better ratio found so far.
            if 2 * min(size, len(other)) < best_ratio * (size + len(other)):
                continue
            if entry.marks != marks or not comparable(entry):
                continue
            if matcher is None:
                matcher = difflib.SequenceMatcher(None, "", text, autojunk=False)
            matcher.set_seq1(other)  # SequenceMatcher caches what it learns about seq2
            if (matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio
                    and (ratio := matcher.ratio()) >= best_ratio):
                if best is None or ratio > best_ratio:
                    best, best_ratio = entry, ratio
        return best


def _duplicates(papers: list[Paper], focus: set[str] | None,
                prefer: set[str] | None = None) -> list[Problem]:
    """One problem per duplicated paper, at the matched key of the later file in slug order.

    With `focus` (display paths of the files being checked), only pairs that involve a
    focused file are reported, and at the focused file. With `prefer` (display paths of
    the files a change adds or edits), every pair is reported, but at the preferred file
    when only one of the two is.
    """
    problems = []
    index = DuplicateIndex()
    wanted = focus if focus is not None else prefer
    for paper in sorted(papers, key=lambda p: p.slug):
        match = index.find_and_add(paper)
        if match is None:
            continue
        later, earlier = paper, match.paper
        if wanted is not None and display_path(later.path) not in wanted:
            if display_path(earlier.path) in wanted:
                later, earlier = earlier, later  # report it in the file being checked
            elif focus is not None:
                continue
        if match.field != "title":
            hint = f"{match.detail}; keep one file"
        else:
            hint = "keep one file; if they are different papers, add each one's arxiv id or doi"
            if match.what == NEARLY_SAME_TITLE:
                hint = f"'{earlier.title}'; {hint}"
        problems.append(Problem(display_path(later.path), later.line_of(match.field),
                                match.field, f"{match.what} as {display_path(earlier.path)}",
                                hint, match.severity))
    return problems


def _unused(reading_list: ReadingList) -> list[Problem]:
    """Warnings for declared tags no paper uses, and for themes no paper falls under."""
    taxonomy = reading_list.taxonomy
    where = display_path(taxonomy.path)
    used = Counter(tag for paper in reading_list.papers for tag in paper.tags)
    problems = []
    for tag in taxonomy.tags:
        if used[tag]:
            continue
        first_theme = taxonomy.themes_of(tag)[0].slug
        line = taxonomy.lines.get(f"tag:{tag}") or taxonomy.lines.get(f"theme:{first_theme}", 1)
        problems.append(Problem(where, line, f"tags.{tag}", "is used by no paper",
                                "tag a paper with it, or remove it from the themes",
                                severity="warning"))
    for slug, theme in taxonomy.themes.items():
        if not any(used[tag] for tag in theme.tags):
            problems.append(Problem(where, taxonomy.lines.get(f"theme:{slug}", 1),
                                    f"themes.{slug}", "has no papers",
                                    "tag a paper with one of its tags, or remove the theme",
                                    severity="warning"))
    return problems


def check_reading_list(reading_list: ReadingList, paths: Iterable[str] | None = None,
                       taxonomy_warnings: bool = True,
                       prefer: Iterable[str] | None = None) -> list[Problem]:
    """Problems that only the whole list shows: duplicates (errors; warnings for nearly the
    same title), unused tags and empty themes (warnings).

    `reading_list` should hold every valid paper, so duplicates are found across the list.
    With `paths` (display paths, as `Problem.path` has them), duplicates are reported only
    for those files; `taxonomy_warnings=False` leaves out the unused-tag and empty-theme
    warnings, which are about `themes.yml` rather than any paper. With `prefer` (display
    paths of new or changed files), a duplicate between such a file and another is reported
    at the new or changed one, whichever sorts later.
    """
    focus = set(paths) if paths is not None else None
    problems = _duplicates(list(reading_list.papers), focus,
                           set(prefer) if prefer is not None else None)
    if taxonomy_warnings:
        problems += _unused(reading_list)
    return problems
