"""The `reading-list` MkDocs plugin: the only module that knows about MkDocs.

It loads and validates the papers once per build, adds the generated pages as virtual
files, keeps the navigation small, and rebuilds on `mkdocs serve` when a paper changes.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from .config import ReadingListConfig
from .checks import check_reading_list
from .loading import load_reading_list
from .model import ReadingList
from .pages import PAPERS_INDEX, TAGS_INDEX, GeneratedPage, SitePages, theme_uri
from .schema import PUBLISHED_SCHEMA, schema_text

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "assets"
STYLESHEET = "assets/reading-list.css"
# Generated pages are Markdown that relies on these (cards, chips, tables).
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables")
HOME = "index.md"
DEFAULT_HOME = "# Reading list\n\nA curated list of research papers.\n"


def _in_the_way(src_uri: str) -> str:
    return (f"docs/{src_uri}: would be replaced by a generated page "
            "(rename or remove the hand-written file)")


class ReadingListPlugin(BasePlugin[ReadingListConfig]):
    """Generates the reading list's pages from `papers/`."""

    def __init__(self) -> None:
        self.papers_dir: Path | None = None
        self.reading_list: ReadingList | None = None
        self.site_pages: SitePages | None = None
        self.generated: list[GeneratedPage] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.papers_dir = root / self.config.papers_dir
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Runs before MkDocs cleans site/, so an invalid paper leaves the last good site be.
        assert self.papers_dir is not None
        if not self.papers_dir.is_dir():
            raise PluginError(f"{self.config.papers_dir}: folder not found "
                              "(set papers_dir under the reading-list plugin in mkdocs.yml)")
        result = load_reading_list(self.papers_dir)
        problems = list(result.problems)
        if result.reading_list is not None:
            # Duplicates, as `site-builder check` finds them; unused tags are left to the
            # check, so declaring a tag before its first paper does not break a build.
            problems += check_reading_list(result.reading_list, taxonomy_warnings=False)
        for problem in problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        errors = [p for p in problems if p.is_error]
        if errors or result.reading_list is None:
            count = len(errors)
            raise PluginError(f"{count} problem{'s' if count != 1 else ''} in "
                              f"{self.config.papers_dir}/; nothing was built")
        self.reading_list = result.reading_list
        self.site_pages = SitePages(self.reading_list)
        self.generated = list(self.site_pages.pages())
        # Checked here, before site/ is cleaned, like the papers themselves.
        docs_dir = Path(config.docs_dir)
        taken = [uri for uri in (*(page.src_uri for page in self.generated), STYLESHEET,
                                 PUBLISHED_SCHEMA) if (docs_dir / uri).exists()]
        if taken:
            for uri in taken:
                log.error(_in_the_way(uri))
            raise PluginError(f"{len(taken)} hand-written page(s) in the way; nothing was built")
        log.info(f"{len(self.reading_list.papers)} papers, "
                 f"{len(self.reading_list.taxonomy.tags)} tags, "
                 f"{len(self.reading_list.taxonomy.themes)} themes")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site_pages is not None
        for page in self.generated:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            self._add(files, File.generated(config, page.src_uri, content=page.markdown,
                                            inclusion=inclusion))
        self._add(files, File.generated(config, STYLESHEET,
                                        abs_src_path=str(ASSETS / "reading-list.css")))
        # Editors validate and complete paper files against this (see `site-builder new`).
        self._add(files, File.generated(config, PUBLISHED_SCHEMA,
                                        content=schema_text(self.site_pages.taxonomy)))
        if files.get_file_from_path(HOME) is None:
            files.append(File.generated(config, HOME, content=DEFAULT_HOME))
        if config.nav is None and self.config.nav:
            config.nav = self._navigation(files)
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        # Hand-written pages are caught before the build; this catches other plugins' files.
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(_in_the_way(file.src_uri))
        files.append(file)

    def _navigation(self, files: Files) -> list:
        """Home, papers, themes, tags, then the hand-written pages in MkDocs' usual order."""
        assert self.reading_list is not None
        generated = {PAPERS_INDEX, TAGS_INDEX, HOME}
        themes = [theme_uri(slug) for slug in self.reading_list.taxonomy.themes]
        generated.update(themes)
        docs_pages = sorted(
            (f for f in files.documentation_pages()
             if f.src_uri not in generated and f.inclusion.is_in_nav()),
            key=file_sort_key,
        )
        return [
            {"Home": HOME},
            {"Papers": PAPERS_INDEX},
            {"Themes": themes},
            {"Tags": TAGS_INDEX},
            *nest_paths(f.src_uri for f in docs_pages),
        ]

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if page.file.src_uri == HOME and self.site_pages is not None:
            return markdown.rstrip() + "\n\n" + self.site_pages.home_section(HOME)
        return markdown

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.papers_dir is not None:
            server.watch(str(self.papers_dir))
        return server
