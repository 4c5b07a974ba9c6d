"""The `reading-list` MkDocs plugin: the only module that knows about MkDocs.

It loads and validates the papers once per build, renders every generated page to HTML
(`pages.SitePages`) and hands MkDocs that HTML through `RenderedPage`, a `Page` whose
`read_source` and `render` take the record instead of running Python-Markdown: MkDocs
builds a Markdown converter with every configured extension for each page it renders,
which would cost more than all our own work. Hand-written pages in `docs/` stay Markdown.

Under `mkdocs serve` the plugin lives across rebuilds (it has `on_startup`), keeps the
bodies it rendered, and with `--dirty` marks only the pages whose HTML changed for MkDocs
to rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from .body import BodyRenderer
from .checks import check_reading_list
from .config import ReadingListConfig
from .icons import STYLESHEET as ICON_STYLESHEET
from .loading import PaperCache, load_reading_list
from .model import ReadingList
from .pages import (CHART_STYLESHEET, DEFAULT_HOME, SCRIPT, STYLESHEET, GeneratedFile,
                    GeneratedPage, RenderCache, SitePages)
from .urls import HOME, small_navigation

log = get_plugin_logger(__name__)

# Set to a file name, the plugin writes its phase timings there as JSON (benchmarks/).
TIMINGS_ENV = "READING_LIST_TIMINGS"


def _in_the_way(src_uri: str) -> str:
    return (f"docs/{src_uri}: would be replaced by a generated page "
            "(rename or remove the hand-written file)")


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def _toc(entries) -> TableOfContents:
    """A page record's table of contents as MkDocs holds one."""
    return get_toc([{"level": e.level, "id": e.id, "name": e.title, "children": []}
                    for e in entries])


def _search_index(config: MkDocsConfig):
    """Material's search index, if its plugin is on and keeps its entries as we know."""
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    return index if isinstance(getattr(index, "entries", None), list) else None


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory across `mkdocs serve` rebuilds.

    MkDocs makes a new template environment for every build, so without this each
    rebuild compiles the theme's templates again. Entries are keyed by each template's
    source checksum, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class RenderedPage(Page):
    """A MkDocs page whose content is a `GeneratedPage` already rendered to HTML."""

    def __init__(self, record: GeneratedPage, file: File, config: MkDocsConfig,
                 indexed_directly: bool = False) -> None:
        super().__init__(None, file, config)
        self.record = record
        self.indexed_directly = indexed_directly

    def read_source(self, config: MkDocsConfig) -> None:
        record = self.record
        self.markdown = ""
        # Themes print the title and description unescaped (MkDocs' templates do not
        # autoescape): escape them here, as Python-Markdown would have.
        self.meta = {"title": str(escape(record.title)),
                     "description": str(escape(record.description))}
        if not record.searchable or self.indexed_directly:
            self.meta["search"] = {"exclude": True}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self.record.html
        self.toc = _toc(self.record.toc)
        self.present_anchor_ids = {e.id for e in self.record.toc}


class ReadingListPlugin(BasePlugin[ReadingListConfig]):
    """Generates the reading list's pages from `papers/`."""

    def __init__(self) -> None:
        self.papers_dir: Path | None = None
        self.reading_list: ReadingList | None = None
        self.site_pages: SitePages | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.home: GeneratedPage | None = None
        self.files: list[GeneratedFile] = []
        self.timings: dict[str, float] = {}
        # Kept across the rebuilds of one `mkdocs serve`.
        self.bodies = BodyRenderer()
        self.papers_read = PaperCache()
        self.rendered: RenderCache | None = None
        self.serving = False
        self._theme_bytecode = _MemoryBytecodeCache()
        self._placeholder: str | None = None  # the source file of every generated page
        self._built: dict[str, str] = {}  # src_uri -> digest of what the last build wrote
        self._pending: dict[str, str] = {}
        self._search_index = None  # Material's search index, when we can add to it
        self._search_entries: dict[str, list[dict]] = {}  # page URL -> its search entries
        self._rendered_urls: set[str] = set()  # pages MkDocs rendered in this build
        self._current_urls: set[str] = set()  # every page of this build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this plugin alive across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        if dirty:
            handle, self._placeholder = tempfile.mkstemp(prefix="reading-list-", suffix=".md")
            os.close(handle)
            # Older than any page MkDocs writes, newer than a page dated back to 0.
            os.utime(self._placeholder, (1, 1))

    def on_shutdown(self) -> None:
        if self._placeholder:
            Path(self._placeholder).unlink(missing_ok=True)

    @contextmanager
    def _timed(self, phase: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - start

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.papers_dir = root / self.config.papers_dir
        self.timings = {}
        for stylesheet in (STYLESHEET, ICON_STYLESHEET, CHART_STYLESHEET):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Runs before MkDocs cleans site/, so an invalid paper leaves the last good site be.
        assert self.papers_dir is not None
        if not self.papers_dir.is_dir():
            raise PluginError(f"{self.config.papers_dir}: folder not found "
                              "(set papers_dir under the reading-list plugin in mkdocs.yml)")
        with self._timed("load"):
            # Kept across rebuilds only while serving; a single build reads every file once.
            result = load_reading_list(self.papers_dir,
                                       cache=self.papers_read if self.serving else None)
        problems = list(result.problems)
        if result.reading_list is not None:
            # Duplicates, as `site-builder check` finds them; unused tags are left to the
            # check, so declaring a tag before its first paper does not break a build.
            with self._timed("checks"):
                problems += check_reading_list(result.reading_list, taxonomy_warnings=False)
        for problem in problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        errors = [p for p in problems if p.is_error]
        if errors or result.reading_list is None:
            count = len(errors)
            summary = f"{count} problem{'s' if count != 1 else ''} in {self.config.papers_dir}/"
            if self.serving and self.site_pages is not None:
                # MkDocs stalls every request after a failed rebuild; a preview is more
                # useful showing the last good papers until the file is fixed.
                log.error(f"{summary}; the preview shows the papers as they were before "
                          "(fix the file to update it)")
                return
            raise PluginError(f"{summary}; nothing was built")
        with self._timed("group"):
            site_pages = SitePages(result.reading_list,
                                   directory_urls=config.use_directory_urls,
                                   render_body=self.bodies.render,
                                   cache=RenderCache(self.rendered),
                                   site_name=config.site_name, site_url=config.site_url)
        with self._timed("pages"):
            generated = {page.src_uri: page for page in site_pages.pages()}
            home = site_pages.home_section()
        # Checked here, before site/ is cleaned, like the papers themselves.
        docs_dir = Path(config.docs_dir)
        with self._timed("files"):
            files = list(site_pages.files())
        taken = [uri for uri in (*generated, *(f.path for f in files))
                 if (docs_dir / uri).exists()]
        if taken:
            for uri in taken:
                log.error(_in_the_way(uri))
            raise PluginError(f"{len(taken)} hand-written page(s) in the way; nothing was built")
        site_pages.cache.forget_previous()
        self.reading_list, self.site_pages = result.reading_list, site_pages
        self.rendered = site_pages.cache
        self.generated, self.home, self.files = generated, home, files
        log.info(f"{len(self.reading_list.papers)} papers, "
                 f"{len(self.reading_list.taxonomy.tags)} tags, "
                 f"{len(self.reading_list.taxonomy.themes)} themes")

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site_pages is not None
        self._search_index = _search_index(config)
        for record in self.generated.values():
            inclusion = InclusionLevel.INCLUDED if record.in_nav else InclusionLevel.NOT_IN_NAV
            if self._placeholder:
                file = File.generated(config, record.src_uri, abs_src_path=self._placeholder,
                                      inclusion=inclusion)
            else:
                file = File.generated(config, record.src_uri, content="", inclusion=inclusion)
            self._add(files, file)
            RenderedPage(record, file, config, indexed_directly=self._search_index is not None)
        for generated_file in self.files:
            self._add(files, File.generated(config, generated_file.path,
                                            content=generated_file.content))
        if files.get_file_from_path(HOME) is None:
            files.append(File.generated(config, HOME, content=DEFAULT_HOME))
        if config.nav is None and self.config.nav:
            config.nav = self._navigation(files)
        if self._placeholder:
            self._mark_changed_pages(files, config)
        return files

    def _mark_changed_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Under `--dirty`, have MkDocs rebuild exactly the pages whose output changes.

        MkDocs rebuilds a page when its source is newer than its output (`is_modified`).
        Generated pages share one empty source file dated 1970, and the output of a page
        whose HTML changed is dated back to 1970 too. A new navigation changes every page.
        """
        assert self.home is not None
        nav = _digest(json.dumps(config.nav, sort_keys=True, default=str))
        digests = {uri: _digest(p.title, p.description, p.html)
                   for uri, p in self.generated.items()}
        digests[HOME] = _digest(self.home.html)
        everything = self._built.get("") != nav
        for file in files.documentation_pages():
            changed = digests.get(file.src_uri) != self._built.get(file.src_uri)
            if (everything or changed) and os.path.exists(file.abs_dest_path):
                os.utime(file.abs_dest_path, (0, 0))
        self._pending = {"": nav, **digests}
        self._rendered_urls = set()
        self._current_urls = {"" if f.url in (".", "./") else f.url
                              for f in files.documentation_pages()}

    @staticmethod
    def _add(files: Files, file: File) -> None:
        # Hand-written pages are caught before the build; this catches other plugins' files.
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(_in_the_way(file.src_uri))
        files.append(file)

    @staticmethod
    def _navigation(files: Files) -> list:
        """The small navigation (`urls.small_navigation`) over the pages MkDocs would list.

        Kept short on purpose: the theme renders the whole navigation into every page, so
        each entry costs as many times as there are pages.
        """
        return small_navigation(f.src_uri for f in files.documentation_pages()
                                if f.inclusion.is_in_nav())

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if page.file.src_uri == HOME and self.home is not None:
            # The themes and latest additions go below the hand-written home text.
            page.toc.items.extend(_toc(self.home.toc))
            return html + "\n" + self.home.html
        return html

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files):
        if self.serving:
            env.bytecode_cache = self._theme_bytecode
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if isinstance(page, RenderedPage):
            head = page.record.head
        elif self.site_pages is not None:
            # Hand-written pages get the feed link too (the home page is one of them).
            head = self.site_pages.feed_links(page.file.src_uri)
        else:
            return output
        # Feed links and citation meta tags go in <head>, which themes own.
        return output.replace("</head>", head + "\n</head>", 1)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        self._rendered_urls.add(page.url)
        return context

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._search_index is not None:
            with self._timed("search"):
                self._fill_search_index(config)
        if self._placeholder:
            self._built = self._pending
        self.timings["total"] = sum(self.timings.values())
        log.debug("timings: " + ", ".join(f"{k} {v:.3f} s" for k, v in self.timings.items()))
        if target := os.environ.get(TIMINGS_ENV):
            Path(target).write_text(json.dumps(self.timings, indent=2) + "\n", encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        self._built = {}  # what is in site/ is unknown: rebuild every page next time

    def _fill_search_index(self, config: MkDocsConfig) -> None:
        """Hand Material's search our pages' entries, and keep its index whole under --dirty.

        Material would read every paper page's HTML back to find the text we already
        have (most of its indexing time); so our pages are excluded from its reading and
        their entries are added here. Under `--dirty` it sees only the pages rebuilt this
        time and merges them into its last index assuming a single page changed; so the
        hand-written pages' entries are kept here by page and the index is handed back whole.
        """
        index, search = self._search_index, config.plugins.get("material/search")
        ours = [{"location": self.site_pages.url(uri), "title": str(escape(page.title)),
                 "text": page.search_text}
                for uri, page in self.generated.items() if page.searchable]
        if not self._placeholder:
            index.entries.extend(ours)
            return
        fresh: dict[str, list[dict]] = {url: [] for url in self._rendered_urls}
        for entry in index.entries:
            fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        self._search_entries.update(fresh)
        self._search_entries = {url: entries for url, entries in self._search_entries.items()
                                if url in self._current_urls}
        index.entries = [e for entries in self._search_entries.values() for e in entries] + ours
        if hasattr(search, "search_index_prev"):
            search.search_index_prev = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.papers_dir is not None:
            server.watch(str(self.papers_dir))
        return server
