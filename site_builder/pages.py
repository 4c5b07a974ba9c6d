"""The Markdown of every generated page: papers, tags, themes and the indexes.

Plain Python: given a reading list it returns (path, Markdown) pairs that any Markdown-based
engine can publish. Contributor text is escaped by the templates; bodies are sanitized by
`body.BodyRenderer`. Links between generated pages are ordinary relative Markdown links to
`.md` paths, so the engine checks them and turns them into URLs.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup, escape

from .body import BodyRenderer
from .fields import ARXIV_ABS_URL, LINK_LABELS
from .grouping import Groups, group
from .model import Paper, ReadingList

TEMPLATES = Path(__file__).parent / "templates"
LATEST_ON_HOME = 10

# The characters Python-Markdown lets a backslash escape (`|` with the tables extension,
# which the plugin turns on); `<`, `>` and `&` are HTML-escaped before this.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def paper_uri(slug: str) -> str:
    return f"papers/{slug}.md"


def tag_uri(tag: str) -> str:
    return f"tags/{tag}.md"


def theme_uri(theme: str) -> str:
    return f"themes/{theme}.md"


PAPERS_INDEX = "papers/index.md"
TAGS_INDEX = "tags/index.md"


@dataclass(frozen=True)
class GeneratedPage:
    """One page to publish: where it goes, its Markdown, and whether the nav lists it."""

    src_uri: str
    markdown: str
    in_nav: bool


def markdown_text(value: object) -> Markup:
    """Escape text for Markdown inline context: no HTML, no Markdown syntax."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(value))))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@functools.cache
def icon(name: str) -> Markup:
    """An inline SVG icon from Material's bundled set (no request to another host)."""
    try:
        import material

        path = Path(material.__file__).parent / "templates" / ".icons" / f"{name}.svg"
        return Markup(f'<span class="rl-icon">{path.read_text(encoding="utf-8")}</span>')
    except (ImportError, OSError):
        return Markup("")


_LINK_ICONS = {
    "url": "material/file-document-outline",
    "pdf": "material/file-pdf-box",
    "arxiv": "material/alpha-a-box-outline",
    "doi": "material/identifier",
    "code": "material/code-braces",
    "project": "material/web",
    "data": "material/database-outline",
}


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    icon: Markup


def paper_links(paper: Paper) -> list[Link]:
    """The link buttons of a paper, in a fixed order."""
    hrefs = {
        "url": paper.url,
        "pdf": paper.pdf,
        "arxiv": ARXIV_ABS_URL.format(paper.arxiv) if paper.arxiv else None,
        "doi": f"https://doi.org/{quote(paper.doi, safe='/:;()')}" if paper.doi else None,
        "code": paper.code,
        "project": paper.project,
        "data": paper.data,
    }
    return [Link(LINK_LABELS[name], href, icon(_LINK_ICONS[name]))
            for name, href in hrefs.items() if href]


def front_matter(title: str) -> Markup:
    """Page metadata as YAML; the title is HTML-escaped because themes print it unescaped."""
    return Markup(yaml.safe_dump({"title": str(escape(title))}, allow_unicode=True,
                                 width=10**9))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = markdown_text
    env.filters["plural"] = plural
    env.globals.update(icon=icon, paper_uri=paper_uri, tag_uri=tag_uri, theme_uri=theme_uri,
                       PAPERS_INDEX=PAPERS_INDEX, TAGS_INDEX=TAGS_INDEX,
                       front_matter=front_matter)
    return env


def _linker(start: str) -> Callable[[str], str]:
    """Relative Markdown links from a page in folder `start` to other source files."""
    return functools.partial(posixpath.relpath, start=start)


class SitePages:
    """Builds the Markdown of every generated page of one reading list."""

    def __init__(self, reading_list: ReadingList,
                 render_body: Callable[[str], str] | None = None) -> None:
        self.reading_list = reading_list
        self.taxonomy = reading_list.taxonomy
        self.groups: Groups = group(reading_list)
        self._render_body = render_body or BodyRenderer().render
        self._env = _environment()
        # A paper's card reads the same on every index page in one folder: rendered once.
        self._cards: dict[tuple[str, str], Markup] = {}

    def _render(self, template: str, src_uri: str, **context) -> str:
        start = posixpath.dirname(src_uri) or "."
        return self._env.get_template(template).render(
            link=_linker(start), card=functools.partial(self._card, start=start),
            taxonomy=self.taxonomy, groups=self.groups, **context
        )

    def _card(self, paper: Paper, start: str) -> Markup:
        key = (paper.slug, start)
        if key not in self._cards:
            self._cards[key] = Markup(self._env.get_template("card.md.j2").render(
                paper=paper, link=_linker(start)))
        return self._cards[key]

    def paper_page(self, paper: Paper) -> GeneratedPage:
        uri = paper_uri(paper.slug)
        text = self._render(
            "paper.md.j2", uri, paper=paper, links=paper_links(paper),
            body_html=Markup(self._render_body(paper.body)) if paper.body.strip() else None,
            related=self.groups.related(paper),
        )
        return GeneratedPage(uri, text, in_nav=False)

    def tag_page(self, tag: str) -> GeneratedPage:
        uri = tag_uri(tag)
        text = self._render("tag.md.j2", uri, tag=tag, papers=self.groups.by_tag[tag],
                            themes=self.taxonomy.themes_of(tag))
        return GeneratedPage(uri, text, in_nav=False)

    def pages(self) -> Iterator[GeneratedPage]:
        """Every generated page: indexes first, then themes, tags and papers."""
        yield GeneratedPage(PAPERS_INDEX, self._render("papers.md.j2", PAPERS_INDEX), True)
        for theme_group in self.groups.themes:
            uri = theme_uri(theme_group.theme.slug)
            yield GeneratedPage(uri, self._render("theme.md.j2", uri, group=theme_group), True)
        yield GeneratedPage(TAGS_INDEX, self._render("tags.md.j2", TAGS_INDEX), True)
        for tag in self.groups.by_tag:
            yield self.tag_page(tag)
        for paper in self.groups.papers:
            yield self.paper_page(paper)

    def home_section(self, src_uri: str = "index.md") -> str:
        """Markdown for the home page: the themes with their counts and the latest additions."""
        return self._render("home.md.j2", src_uri, latest=self.groups.papers[:LATEST_ON_HOME])
