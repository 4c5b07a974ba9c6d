"""Every generated page as an engine-neutral record: where it goes, its title, its HTML.

Plain Python, no MkDocs: given a reading list, `SitePages` renders each page's content with
the Jinja HTML templates in `templates/` (autoescaped, so contributor text is text) into a
`GeneratedPage`. The MkDocs plugin publishes these records as they are, without running
Markdown over them; an exporter can write the same records out for another engine.
Paper bodies are the only Markdown: `body.BodyRenderer` converts and sanitizes each once.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .archive import MONTH_NAMES, Month, month_index, months
from .bibtex import bibtex_entry, citation_keys
from .body import BodyRenderer
from .charts import stats_context
from .exports import BIB_PATH, JSON_PATH, papers_bib, papers_json
from .feeds import FEED_PATH, atom_feed, feeds_of, tag_feed_path
from .fields import LINK_LABELS, link_urls
from .filtering import FILTER_DATA, filter_data, first_sentence, shorten
from .grouping import Groups, group
from .icons import STYLESHEET as ICON_STYLESHEET, icon, icon_stylesheet
from .mathml import math_html
from .model import GeneratedFile, Paper, ReadingList
from .schema import PUBLISHED_SCHEMA, schema_text
from .urls import (ARCHIVE_INDEX, HOME, PAPERS_INDEX, STATS_PAGE, TAGS_INDEX, THEMES_INDEX,
                   archive_uri, paper_uri, papers_uri, relative, root_of, tag_uri, theme_uri,
                   url_of)

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/reading-list.css"
SCRIPT = "assets/reading-list.js"
CHART_STYLESHEET = "assets/charts.css"
# Every stylesheet the generated pages need, for an engine to link on every page.
STYLESHEETS = (STYLESHEET, ICON_STYLESHEET, CHART_STYLESHEET)
LATEST_ON_HOME = 10
# Cards on one page of a long listing (every paper, a tag's papers): a page stays light
# (about 200 KB of cards) however long the list grows, and the engine renders fewer pages.
PAGE_SIZE = 200
# Lines on one archive page: an archive line is a third of a card.
ARCHIVE_PAGE_SIZE = 3 * PAGE_SIZE
# Cards under each tag of a theme page; the tag's own page lists the rest.
THEME_SECTION_SIZE = 10
DESCRIPTION_LENGTH = 200
# Material's search index, which the filter of /papers/ reads abstracts from.
SEARCH_INDEX = "search/search_index.json"
# The home page's text when docs/ has no index.md.
DEFAULT_HOME = "# Reading list\n\nA curated list of research papers.\n"

# Stands for "the site's root, relative to this page" in HTML rendered once for many pages.
# Autoescaped contributor text can never contain a literal '<', so it cannot forge one.
_ROOT = "<@root@>"
_HEADING = re.compile(r'<h([2-6]) id="([^"]+)"[^>]*>(.*?)<a class="headerlink"', re.S)
_TAG = re.compile(r"<[^>]+>")
_MATH = re.compile(r'<math\b[^>]*?\balttext="([^"]*)"[^>]*>.*?</math>', re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|li|br|div|h[1-6]|tr|td|th|blockquote|pre|ul|ol|dl|dd|dt|hr|table)"
                        r"\b[^>]*>")
# A tag, and its name when it is one that a search result keeps.
_SEARCH_TAG = re.compile(r"<(/?)(?:(p|code|pre|li|ol|ul|sub|sup)\b)?[^>]*>")


@dataclass(frozen=True)
class TocEntry:
    """One heading of a page's table of contents; `title` is HTML."""

    level: int
    id: str
    title: str

    def __reduce__(self):
        # Rebuilt from a tuple: a third of pickle's default work, for pages sent back
        # from the second process (`background`).
        return TocEntry, (self.level, self.id, self.title)


@dataclass(frozen=True)
class GeneratedPage:
    """One page to publish, free of any engine's types.

    `src_uri` names it as a Markdown source would be named (`papers/<slug>.md`), which
    fixes its URL; `title` and `description` are plain text; `html` is its content.
    """

    src_uri: str
    title: str
    description: str
    html: str
    toc: tuple[TocEntry, ...] = ()
    searchable: bool = False  # index pages are not: search holds each paper once
    in_nav: bool = False
    # What search should hold for the page: paragraphs of its text, as HTML.
    search_text: str = ""
    # Elements for the page's <head> (feed links, citation meta tags), as HTML.
    head: str = ""

    def __reduce__(self):  # as TocEntry's
        return GeneratedPage, (self.src_uri, self.title, self.description, self.html,
                               self.toc, self.searchable, self.in_nav, self.search_text,
                               self.head)


@dataclass(frozen=True)
class PlannedPage:
    """A generated page before its HTML: what an engine needs to place it (its source
    path, title, whether search and the navigation hold it), and how to render it."""

    src_uri: str
    title: str
    searchable: bool
    in_nav: bool
    make: Callable[[], GeneratedPage] = field(repr=False, compare=False)

    def render(self) -> GeneratedPage:
        """The page, rendered."""
        return self.make()


@dataclass(frozen=True)
class PlannedFile:
    """A generated file before its content: where it goes, and how to make it."""

    path: str
    make: Callable[[], str] = field(repr=False, compare=False)

    def render(self) -> GeneratedFile:
        """The file, made."""
        return GeneratedFile(self.path, self.make())


@dataclass(frozen=True)
class Pagination:
    """Where one page of a long listing stands among its pages."""

    uri: str  # this page's source path
    number: int
    count: int
    previous: str | None  # source paths of the neighbouring pages
    next: str | None


def paginate(items: list, size: int, uri_of_page: Callable[[int], str]
             ) -> Iterator[tuple[Pagination, list]]:
    """`items` in pages of `size` (one page when there are none), each with its place."""
    count = max(1, math.ceil(len(items) / size))
    for number in range(1, count + 1):
        yield (Pagination(uri_of_page(number), number, count,
                          uri_of_page(number - 1) if number > 1 else None,
                          uri_of_page(number + 1) if number < count else None),
               items[(number - 1) * size: number * size])


def paged_title(title: str, pagination: Pagination) -> str:
    """A listing's title, with which page this is after the first."""
    if pagination.number == 1:
        return title
    return f"{title} (page {pagination.number} of {pagination.count})"


@dataclass(frozen=True)
class ThemeSection:
    """One tag on a theme page: its newest papers, each marked if a card above shows it."""

    tag: str
    papers: list[tuple[Paper, bool]]  # (paper, already shown higher up the page)
    total: int


_PAPER_ICONS = {name: icon(name) for name in ("authors", "venue", "published", "added")}
_CARD_ICONS = {name: icon(name) for name in ("pdf", "code")}


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


@dataclass(frozen=True)
class RelatedPaper:
    """A related paper as its page lists it: where, its title and the tags shared."""

    href: str
    title: str
    shared: str


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    icon: Markup


def paper_links(paper: Paper) -> list[Link]:
    """The link buttons of a paper, in a fixed order."""
    hrefs = link_urls(paper)
    # A `url` that is the arXiv page again would be a second button to the same place.
    if hrefs["arxiv"] and paper.url and paper.url.rstrip("/").replace(
            "http://", "https://", 1) == hrefs["arxiv"]:
        hrefs["url"] = None
    return [Link(LINK_LABELS[name], href, icon(name))
            for name, href in hrefs.items() if href]


def short_authors(authors: tuple[str, ...], limit: int = 3) -> str:
    """The first authors' names, and "et al." for the rest."""
    if len(authors) > limit:
        return ", ".join(authors[:limit]) + " et al."
    return ", ".join(authors)


def citation_meta(paper: Paper) -> str:
    """Highwire Press `citation_*` meta tags, which Zotero and Google Scholar read."""
    tags = [("citation_title", paper.title)]
    tags += [("citation_author", name) for name in paper.authors]
    if paper.published:
        tags.append(("citation_publication_date", paper.published.replace("-", "/")))
    if paper.arxiv:
        tags.append(("citation_arxiv_id", paper.arxiv))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.pdf:
        tags.append(("citation_pdf_url", paper.pdf))
    return "\n".join(f'<meta name="{name}" content="{escape(value)}">' for name, value in tags)


def tex_of_math(fragment: str) -> str:
    """HTML with each MathML formula put back as its `$...$` source (its `alttext`)."""
    if "<math" not in fragment:
        return fragment
    return _MATH.sub(lambda m: f"${m.group(1)}$", fragment)


def text_of_html(fragment: str) -> str:
    """The text of rendered HTML, whitespace collapsed: blocks apart, inline words whole,
    formulas as their TeX. (`markup.plain_text` is another job: publisher markup in the
    text of a paper file.)"""
    spaced = _BLOCK_TAG.sub(" ", tex_of_math(fragment))
    return " ".join(html.unescape(_TAG.sub("", spaced)).split())


def search_text(paper: Paper, body_html: str) -> str:
    """A paper as search holds it: its authors and its abstract and notes.

    Only the markup a search result shows is kept (paragraphs, lists, code), as
    Material's search keeps it when it reads a page.
    """
    authors = f"<p>{escape(', '.join(paper.authors))}</p>" if paper.authors else ""
    return authors + _SEARCH_TAG.sub(_search_tag, tex_of_math(body_html)).replace("\n", " ")


def _search_tag(match: re.Match) -> str:
    return f"<{match.group(1)}{match.group(2)}>" if match.group(2) else ""


def table_of_contents(fragment: str) -> tuple[TocEntry, ...]:
    """The headings with a permalink in rendered HTML, in order."""
    return tuple(TocEntry(int(level), anchor, title.strip())
                 for level, anchor, title in _HEADING.findall(fragment))


@functools.cache
def _environment() -> jinja2.Environment:
    """The templates' environment, made once: templates compile on first use only."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["plural"] = plural
    env.filters["math"] = math_html  # a title with its $...$ formulas as MathML
    env.globals.update(icon=icon, paper_uri=paper_uri, tag_uri=tag_uri, theme_uri=theme_uri,
                       archive_uri=archive_uri,
                       PAPERS_INDEX=PAPERS_INDEX, TAGS_INDEX=TAGS_INDEX,
                       THEMES_INDEX=THEMES_INDEX, ARCHIVE_INDEX=ARCHIVE_INDEX,
                       STATS_PAGE=STATS_PAGE)
    return env


def _same(one: tuple, other: tuple) -> bool:
    """Whether two inputs are the same: identical papers, equal everything else."""
    return len(one) == len(other) and all(
        a is b or (not isinstance(a, (Paper, tuple)) and a == b)
        or (isinstance(a, tuple) and isinstance(b, tuple) and _same(a, b))
        for a, b in zip(one, other))


class RenderCache:
    """Cards, pages and feeds rendered in one build, reusable by the next (`mkdocs serve`).

    A card depends on its paper alone; a paper page on its paper, its related papers and
    its citation key; a listing on the papers it shows, the list's counts and the
    taxonomy. An entry is reused only for the very same `Paper` record given directly
    (`loading.PaperCache` hands back the same record for an unchanged file), and equal
    other inputs, so an edit re-renders only what shows it. Each build gets a new cache
    made from the last one, so what a build no longer uses is dropped.
    """

    def __init__(self, previous: RenderCache | None = None) -> None:
        self._stores: dict[str, dict[str, tuple]] = {}  # kind -> name -> (inputs, value)
        self._previous = previous

    def get(self, kind: str, name: str, inputs: tuple, render: Callable[[], object]):
        """What was made of `inputs` for `name` (a slug, a feed), rendered if need be.

        Papers among the inputs must be the very same records; other inputs equal.
        """
        store = self._stores.setdefault(kind, {})
        known = store.get(name)
        if known is None and self._previous is not None:
            known = self._previous._stores.get(kind, {}).get(name)
        if known is None or not _same(known[0], inputs):
            known = (inputs, render())
        store[name] = known
        return known[1]

    def forget_previous(self) -> None:
        self._previous = None


class SitePages:
    """Renders every generated page of one reading list to HTML."""

    def __init__(self, reading_list: ReadingList, *, directory_urls: bool = True,
                 render_body: Callable[[str], str] | None = None,
                 page_size: int = PAGE_SIZE, cache: RenderCache | None = None,
                 site_name: str = "Reading list", site_url: str | None = None,
                 search_index: str = SEARCH_INDEX) -> None:
        self.reading_list = reading_list
        self.taxonomy = reading_list.taxonomy
        self.groups: Groups = group(reading_list)
        self.directory_urls = directory_urls
        self.page_size = page_size
        self._render_body = render_body or BodyRenderer().render
        self._env = _environment()
        self.cache = cache if cache is not None else RenderCache()
        self.site_name, self.site_url = site_name, site_url or None
        self.search_index = search_index  # where the engine's search index is published
        self._texts: dict[str, str] = {}  # slug -> text of its abstract and notes
        self._tag_sets_themes: dict[tuple[str, ...], list] = {}
        self._chips: dict[tuple[str, str], Markup] = {}  # (tag, root) -> its chip

    @functools.cached_property
    def citation_keys(self) -> dict[str, str]:
        """Every paper's BibTeX key, by slug (worked out when first needed)."""
        return citation_keys(self.reading_list.papers)

    def url(self, src_uri: str) -> str:
        """The site-relative URL of a page."""
        return url_of(src_uri, self.directory_urls)

    def _href(self, root: str) -> Callable[[str], Markup]:
        # Safe as markup: URLs are made of validated slugs and fixed words.
        return lambda src_uri: Markup(relative(self.url(src_uri), root))

    def _card(self, paper: Paper) -> str:
        # Card HTML has _ROOT for the way back to the site's root.
        return self.cache.get("cards", paper.slug, (paper, self.directory_urls),
                              lambda: self._env.get_template("card.html.j2").render(
            paper=paper, href=Markup(_ROOT + self.url(paper_uri(paper.slug))),
            authors=short_authors(paper.authors), added=paper.added.isoformat(),
            summary=self.summary(paper), icons=_CARD_ICONS,
            tag_chips=self._tag_chips(paper.tags, Markup(_ROOT))))

    def _archive_line(self, paper: Paper) -> str:
        # Rendered once per paper, with _ROOT for the way back to the site's root.
        return self.cache.get("archive_lines", paper.slug, (paper, self.directory_urls),
                              lambda: self._env.get_template("archive_line.html.j2").render(
            paper=paper, href=Markup(_ROOT + self.url(paper_uri(paper.slug))),
            added=paper.added.isoformat(), month_label=MONTH_NAMES[paper.added.month - 1][:3],
            authors=short_authors(paper.authors),
            tag_chips=self._tag_chips(paper.tags, Markup(_ROOT))))

    def _themes_of(self, tags: tuple[str, ...]) -> list:
        """The themes that gather any of `tags`, in declared order (worked out once a set)."""
        themes = self._tag_sets_themes.get(tags)
        if themes is None:
            themes = self._tag_sets_themes[tags] = [
                t for t in self.taxonomy.themes.values() if not set(t.tags).isdisjoint(tags)]
        return themes

    def bibtex(self, paper: Paper) -> str:
        """The paper's BibTeX entry, as its page and `papers.bib` give it."""
        key = self.citation_keys[paper.slug]
        return self.cache.get("bibtex", paper.slug, (paper, key),
                              lambda: bibtex_entry(paper, key))

    def _text(self, paper: Paper) -> str:
        """The text of a paper's abstract and notes, once per build (for its page's
        description and its cards' first sentence)."""
        text = self._texts.get(paper.slug)
        if text is None:
            body = self._render_body(paper.body) if paper.body.strip() else ""
            text = self._texts[paper.slug] = text_of_html(body)
        return text

    def summary(self, paper: Paper) -> str:
        """The first sentence of a paper's abstract, as plain text."""
        return first_sentence(self._text(paper))

    def _render(self, template: str, src_uri: str, **context) -> str:
        root = root_of(self.url(src_uri))
        return self._env.get_template(template).render(
            href=self._href(root), file_href=lambda path: relative(path, root),
            card=lambda paper: Markup(self._card(paper).replace(_ROOT, root)),
            line=lambda paper: Markup(self._archive_line(paper).replace(_ROOT, root)),
            taxonomy=self.taxonomy, counts=self.groups.counts, **context)

    def _page(self, src_uri: str, title: str, description: str, template: str, *,
              searchable: bool = False, in_nav: bool = False, **context) -> GeneratedPage:
        # Everything a template can read is among the inputs: the papers it shows come in
        # `context`, and of the list as a whole it sees only the counts and the taxonomy.
        inputs = (template, title, description, searchable, in_nav, self.directory_urls,
                  self.site_name, self.groups.counts, self.taxonomy, context)
        return self.cache.get("pages", src_uri, inputs, lambda: self._render_page(
            src_uri, title, description, template, searchable, in_nav, context))

    def _render_page(self, src_uri: str, title: str, description: str, template: str,
                     searchable: bool, in_nav: bool, context: dict) -> GeneratedPage:
        content = self._render(template, src_uri, **context)
        return GeneratedPage(src_uri, title, description, content,
                             table_of_contents(content), searchable, in_nav,
                             head=self.feed_links(src_uri))

    def _planned(self, src_uri: str, title: str, description: str, template: str, *,
                 searchable: bool = False, in_nav: bool = False, **context) -> PlannedPage:
        """A page from one of the templates, rendered when asked."""
        return PlannedPage(src_uri, title, searchable, in_nav, functools.partial(
            self._page, src_uri, title, description, template, searchable=searchable,
            in_nav=in_nav, **context))

    # --- the pages ---------------------------------------------------------------------

    def _tag_chips(self, tags: tuple[str, ...], root: str) -> Markup:
        chips = []
        for tag in tags:
            chip = self._chips.get((tag, root))
            if chip is None:
                chip = self._chips[tag, root] = Markup('<a class="rl-tag" href="{}">{}</a>').format(
                    relative(self.url(tag_uri(tag)), root), tag)
            chips.append(chip)
        return Markup(" ").join(chips)

    def paper_page(self, paper: Paper) -> PlannedPage:
        """A paper's page: its links, abstract and notes, citation and related papers."""
        return PlannedPage(paper_uri(paper.slug), paper.title, True, False,
                           functools.partial(self._paper_page, paper))

    def _paper_page(self, paper: Paper) -> GeneratedPage:
        uri = paper_uri(paper.slug)
        root = root_of(self.url(uri))
        mine = set(paper.tags)
        related = tuple(RelatedPaper(relative(self.url(paper_uri(other.slug)), root),
                                     other.title, ", ".join(t for t in other.tags if t in mine))
                        for other in self.groups.related(paper))
        # Its citation key too: another paper can take the key it had (`citation_keys`).
        inputs = (paper, related, self.directory_urls, self.site_name,
                  self.citation_keys[paper.slug])
        return self.cache.get("paper_pages", paper.slug, inputs,
                              lambda: self._render_paper_page(paper, related))

    def _render_paper_page(self, paper: Paper, related: tuple[RelatedPaper, ...]) -> GeneratedPage:
        uri = paper_uri(paper.slug)
        root = root_of(self.url(uri))
        body = self._render_body(paper.body) if paper.body.strip() else ""
        description = shorten(self._text(paper), DESCRIPTION_LENGTH) if body else paper.title
        themes = [(relative(self.url(theme_uri(t.slug)), root), t.title)
                  for t in self._themes_of(paper.tags)]
        content = self._env.get_template("paper.html.j2").render(
            paper=paper, added=paper.added.isoformat(), links=paper_links(paper),
            tag_chips=self._tag_chips(paper.tags, root), icons=_PAPER_ICONS,
            themes=themes, body_html=Markup(body) if body else None, related=related,
            bibtex=self.bibtex(paper))
        return GeneratedPage(uri, paper.title, description, content,
                             table_of_contents(content), searchable=True,
                             search_text=search_text(paper, body),
                             head=citation_meta(paper) + "\n" + self.feed_links(uri))

    def _listing(self, papers: list[Paper], uri_of_page: Callable[[int], str],
                 title: str, description: str, template: str,
                 **context) -> Iterator[PlannedPage]:
        """A listing split into pages of `page_size` cards (one page when empty)."""
        for pagination, shown in paginate(papers, self.page_size, uri_of_page):
            yield self._planned(pagination.uri, paged_title(title, pagination), description,
                             template, in_nav=pagination.uri == PAPERS_INDEX,
                             papers=shown, pagination=pagination, **context)

    def tag_pages(self, tag: str) -> Iterator[PlannedPage]:
        """The pages of one tag: its description and its papers, newest first."""
        description = (self.taxonomy.tag_descriptions.get(tag)
                       or f"Papers with the tag {tag}.")
        papers = self.groups.by_tag.get(tag, [])
        together = Counter(other for p in papers for other in p.tags if other != tag)
        yield from self._listing(papers, functools.partial(tag_uri, tag), f"Tag: {tag}",
                                 description, "tag.html.j2", tag=tag,
                                 feed_path=tag_feed_path(tag),
                                 themes=self.taxonomy.themes_of(tag),
                                 together=together.most_common(12))

    def theme_page(self, slug: str) -> PlannedPage:
        theme_group = next(g for g in self.groups.themes if g.theme.slug == slug)
        theme = theme_group.theme
        return self._planned(theme_uri(slug), theme.title, theme.description or theme.title,
                          "theme.html.j2", group=theme_group,
                          sections=theme_sections(theme_group.by_tag))

    def archive_pages(self) -> Iterator[PlannedPage]:
        """/archive/ (the month index and the newest months) and a page for each month."""
        listed = months(self.groups.papers)
        index = month_index(listed)
        sizes = {month.key: len(month.papers) for month in listed}
        common = dict(index=index, total=len(self.groups.papers), month_sizes=sizes)
        shown, count = [], 0  # whole months, newest first, while they fit one page
        for month in listed:
            if shown and count + len(month.papers) > ARCHIVE_PAGE_SIZE:
                break
            shown.append(Month(month.key, month.label, month.papers[:ARCHIVE_PAGE_SIZE]))
            count += len(month.papers)
        yield self._planned(ARCHIVE_INDEX, "Archive", "Papers by the month they were added.",
                         "archive.html.j2", months=shown, pagination=None, page_month=None,
                         **common)
        for month in listed:
            for pagination, part in paginate(month.papers, ARCHIVE_PAGE_SIZE,
                                             functools.partial(archive_uri, month.key)):
                yield self._planned(pagination.uri,
                                    paged_title(f"Archive: {month.label}", pagination),
                                    f"Papers added in {month.label}.", "archive.html.j2",
                                    months=[Month(month.key, month.label, part)],
                                    pagination=pagination, page_month=month, **common)

    def stats_page(self) -> PlannedPage:
        """/stats/: papers per theme, per tag and per year published, as charts."""
        return PlannedPage(STATS_PAGE, "Statistics", False, False, self._stats_page)

    def _stats_page(self) -> GeneratedPage:
        href = self._href(root_of(self.url(STATS_PAGE)))
        return self._page(STATS_PAGE, "Statistics",
                          "Papers per theme, per tag and per year published.", "stats.html.j2",
                          **stats_context(self.groups, href))

    def pages(self) -> Iterator[GeneratedPage]:
        """Every generated page, rendered, in the order of `plan`."""
        for planned in self.plan():
            yield planned.render()

    def plan(self) -> Iterator[PlannedPage]:
        """Every generated page, unrendered: papers first, then the listings.

        Planning renders nothing, so an engine can lay out the site while the HTML is
        rendered elsewhere (`background.Background`). Papers come first because rendering
        them renders each body once, which the listings' cards then reuse: a listing
        rendered first would wait for every body its cards summarize.
        """
        for paper in self.groups.papers:
            yield self.paper_page(paper)
        root = root_of(self.url(PAPERS_INDEX))
        example = self.url(paper_uri("SLUG"))
        yield from self._listing(
            self.groups.papers, papers_uri, "All papers",
            "Every paper on the list, newest addition first.", "papers.html.j2",
            filter_data_href=relative(FILTER_DATA, root),
            search_index_href=relative(self.search_index, root),
            # How the filter's script links a paper and a tag from this page, and how
            # the search index names a paper's page.
            paper_href=relative(example, root) + "|" + example,
            tag_href=relative(self.url(tag_uri("TAG")), root))
        yield self._planned(THEMES_INDEX, "Themes", "Every theme, with its tags and papers.",
                            "themes.html.j2", in_nav=True)
        for theme_group in self.groups.themes:
            yield self.theme_page(theme_group.theme.slug)
        yield self._planned(TAGS_INDEX, "Tags", "Every tag with its number of papers.",
                            "tags.html.j2", in_nav=True)
        yield from self.archive_pages()
        yield self.stats_page()
        for tag in self.groups.by_tag:
            yield from self.tag_pages(tag)

    def files(self) -> Iterator[GeneratedFile]:
        """Every file published beside the pages, made, in the order of `plan_files`."""
        for planned in self.plan_files():
            yield planned.render()

    def plan_files(self) -> Iterator[PlannedFile]:
        """Every file published beside the pages, unmade: stylesheets, script, the paper
        schema, the filter's data, feeds and exports."""
        def asset(name: str) -> Callable[[], str]:
            return lambda: (ASSETS / name).read_text("utf-8")

        yield PlannedFile(STYLESHEET, asset("reading-list.css"))
        yield PlannedFile(ICON_STYLESHEET, icon_stylesheet)
        yield PlannedFile(CHART_STYLESHEET, asset("charts.css"))
        # Editors validate and complete paper files against this (see `site-builder new`).
        yield PlannedFile(PUBLISHED_SCHEMA, lambda: schema_text(self.taxonomy))
        yield PlannedFile(SCRIPT, asset("reading-list.js"))
        yield PlannedFile(FILTER_DATA, lambda: filter_data(
            self.groups.papers, sorted(self.groups.by_tag),
            {p.slug: self.summary(p) for p in self.groups.papers}))
        yield from self._feeds()
        yield PlannedFile(JSON_PATH, lambda: papers_json(
            self.reading_list, site_url=self.site_url, directory_urls=self.directory_urls,
            keys=self.citation_keys))
        yield PlannedFile(BIB_PATH, lambda: papers_bib(
            self.reading_list, self.citation_keys, lambda paper, key: self.bibtex(paper)))

    def _feeds(self) -> Iterator[PlannedFile]:
        """The site's feed and each tag's; a feed whose papers are unchanged is reused."""
        for feed in feeds_of(self.groups, self.taxonomy, self.site_name):
            inputs = (feed.papers, feed.title, feed.subtitle, self.site_url,
                      self.directory_urls, self.site_name)
            yield PlannedFile(feed.path, lambda feed=feed, inputs=inputs: self.cache.get(
                "feeds", feed.path, inputs, lambda: atom_feed(
                    feed.papers, title=feed.title, feed_path=feed.path,
                    subtitle=feed.subtitle, alternate_uri=feed.alternate_uri,
                    site_url=self.site_url, directory_urls=self.directory_urls,
                    render_body=self._render_body, site_name=self.site_name)))

    def feed_links(self, src_uri: str) -> str:
        """The `<link rel="alternate">` of the site's feed, for a page's <head>.

        A tag's own feed is linked on its page but not here: Material reads every
        alternate link as another language of the site and asks for a `sitemap.xml`
        beside it, which only the site's root has.
        """
        href = relative(FEED_PATH, root_of(self.url(src_uri)))
        return (f'<link rel="alternate" type="application/atom+xml" href="{escape(href)}" '
                f'title="{escape(self.site_name)}: latest additions">')

    def home_section(self) -> GeneratedPage:
        """What goes below the hand-written home page: themes and the latest additions."""
        return self._page(HOME, "Home", "", "home.html.j2",
                          latest=self.groups.papers[:LATEST_ON_HOME])


def theme_sections(by_tag: dict[str, list[Paper]],
                   size: int = THEME_SECTION_SIZE) -> list[ThemeSection]:
    """Each tag of a theme with its newest `size` papers; a paper gets one card a page."""
    shown: set[str] = set()
    sections = []
    for tag, papers in by_tag.items():
        newest = papers[:size]
        sections.append(ThemeSection(tag, [(p, p.slug in shown) for p in newest], len(papers)))
        shown.update(p.slug for p in newest)
    return sections
