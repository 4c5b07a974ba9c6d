"""The `reading-list` MkDocs plugin: the only module that knows about MkDocs.

It loads and validates the papers once per build, renders every generated page to HTML
(`pages.SitePages`) and hands MkDocs that HTML through `RenderedPage`, a `Page` whose
`read_source` and `render` take the record instead of running Python-Markdown: MkDocs
builds a Markdown converter with every configured extension for each page it renders,
which would cost more than all our own work. Hand-written pages in `docs/` stay Markdown.

A build lays the site out from the pages' plan (`SitePages.plan`) and has a forked
worker (`background.Background`) render them on the second core while MkDocs works; each
page takes its HTML just before the theme renders it (`on_page_context`).

Under `mkdocs serve` the plugin lives across rebuilds (it has `on_startup`), keeps the
bodies and pages it rendered, and with `--dirty` marks only the pages whose HTML changed
for MkDocs to rebuild.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
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

from .background import MISSING, Background
from .body import BodyRenderer
from .checks import check_reading_list
from .config import ReadingListConfig
from .loading import PaperCache, load_reading_list
from .model import ReadingList
from .pages import (DEFAULT_HOME, SCRIPT, STYLESHEETS, GeneratedPage, PlannedFile,
                    PlannedPage, RenderCache, SitePages)
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
    """A MkDocs page whose content is a `GeneratedPage` rendered to HTML.

    `record` gives the page's record, rendering it or waiting for it if need be. A
    `deferred` page takes it only when the theme is about to render the page
    (`on_page_context`), so that a second process can render it meanwhile: until then its
    content is empty and its description unset.
    """

    def __init__(self, planned: PlannedPage, record: Callable[[], GeneratedPage], file: File,
                 config: MkDocsConfig, indexed_directly: bool = False,
                 deferred: bool = False) -> None:
        super().__init__(None, file, config)
        self.planned = planned
        self._record = record
        self.indexed_directly = indexed_directly
        self.deferred = deferred

    @property
    def record(self) -> GeneratedPage:
        return self._record()

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # Themes print the title and description unescaped (MkDocs' templates do not
        # autoescape): escape them here, as Python-Markdown would have.
        self.meta = {"title": str(escape(self.planned.title))}
        if not self.deferred:
            self.meta["description"] = str(escape(self.record.description))
        if not self.planned.searchable or self.indexed_directly:
            self.meta["search"] = {"exclude": True}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.deferred:
            self.content = ""
        else:
            self.fill()

    def fill(self) -> None:
        """Give the page its record's HTML, table of contents and description."""
        record = self.record
        self.meta["description"] = str(escape(record.description))
        self.content = record.html
        self.toc = _toc(record.toc)
        self.present_anchor_ids = {e.id for e in record.toc}


class ReadingListPlugin(BasePlugin[ReadingListConfig]):
    """Generates the reading list's pages from `papers/`."""

    def __init__(self) -> None:
        self.papers_dir: Path | None = None
        self.reading_list: ReadingList | None = None
        self.site_pages: SitePages | None = None
        self.planned: dict[str, PlannedPage] = {}  # every generated page, in build order
        self.generated: dict[str, GeneratedPage] = {}  # those rendered so far
        self.home: GeneratedPage | None = None
        self.planned_files: list[PlannedFile] = []
        self._files: list[File] = []  # their MkDocs files
        self._contents: dict[str, str] = {}  # path -> content, of those made already
        self._background: Background | None = None  # rendering them in a second process
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
        for stylesheet in STYLESHEETS:
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        return config

    def _parallel(self) -> bool:
        """Whether this build may use a second process (the `parallel` option);
        `Background.start` then says whether one can run here."""
        # Not under serve: its rebuilds render only what changed, and forking a process
        # that runs the server's threads could copy a lock held by one of them.
        return self.config.parallel is not False and not self.serving

    def on_pre_build(self, config: MkDocsConfig) -> None:
        # Runs before MkDocs cleans site/, so an invalid paper leaves the last good site be.
        assert self.papers_dir is not None
        if not self.papers_dir.is_dir():
            raise PluginError(f"{self.config.papers_dir}: folder not found "
                              "(set papers_dir under the reading-list plugin in mkdocs.yml)")
        self._stop_background()
        with self._timed("load"):
            # Kept across rebuilds only while serving; a single build reads every file once.
            result = load_reading_list(self.papers_dir,
                                       cache=self.papers_read if self.serving else None,
                                       parallel=self._parallel())
        problems = list(result.problems)
        site_pages = None
        if result.reading_list is not None and not any(p.is_error for p in problems):
            with self._timed("group"):
                site_pages = SitePages(result.reading_list,
                                       directory_urls=config.use_directory_urls,
                                       render_body=self.bodies.render,
                                       cache=RenderCache(self.rendered),
                                       site_name=config.site_name, site_url=config.site_url)
                planned = {page.src_uri: page for page in site_pages.plan()}
                planned_files = list(site_pages.plan_files())
            if self._parallel():
                # Forked now, the worker renders while the checks below and MkDocs run.
                with self._timed("worker start"):
                    self._background = Background.start(
                        lambda: _made(planned.values(), planned_files))
        if result.reading_list is not None:
            # Duplicates, as `site-builder check` finds them; unused tags are left to the
            # check, so declaring a tag before its first paper does not break a build.
            with self._timed("checks"):
                problems += check_reading_list(result.reading_list, taxonomy_warnings=False)
        for problem in problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        errors = [p for p in problems if p.is_error]
        if errors or site_pages is None:
            self._stop_background()
            count = len(errors)
            summary = f"{count} problem{'s' if count != 1 else ''} in {self.config.papers_dir}/"
            if self.serving and self.site_pages is not None:
                # MkDocs stalls every request after a failed rebuild; a preview is more
                # useful showing the last good papers until the file is fixed.
                log.error(f"{summary}; the preview shows the papers as they were before "
                          "(fix the file to update it)")
                return
            raise PluginError(f"{summary}; nothing was built")
        # Checked here, before site/ is cleaned, like the papers themselves.
        docs_dir = Path(config.docs_dir)
        taken = [uri for uri in (*planned, *(f.path for f in planned_files))
                 if (docs_dir / uri).exists()]
        if taken:
            self._stop_background()
            for uri in taken:
                log.error(_in_the_way(uri))
            raise PluginError(f"{len(taken)} hand-written page(s) in the way; nothing was built")
        self.reading_list, self.site_pages = result.reading_list, site_pages
        self.planned, self.planned_files, self.generated = planned, planned_files, {}
        self._contents = {}
        with self._timed("pages"):
            if self._background is None:
                self.generated = {uri: page.render() for uri, page in planned.items()}
            self.home = site_pages.home_section()
        if self._background is None:
            with self._timed("files"):
                self._contents = {f.path: f.make() for f in planned_files}
        # Made now, whatever the last build made that this one did not use can go.
        site_pages.cache.forget_previous()
        self.rendered = site_pages.cache
        log.info(f"{len(self.reading_list.papers)} papers, "
                 f"{len(self.reading_list.taxonomy.tags)} tags, "
                 f"{len(self.reading_list.taxonomy.themes)} themes")

    def _page_record(self, src_uri: str) -> GeneratedPage:
        """A generated page's record: rendered already, by the worker, or now."""
        record = self.generated.get(src_uri)
        if record is None:
            record = MISSING
            if self._background is not None:
                with self._timed("wait"):
                    record = self._background.take(("page", src_uri))
            if record is MISSING:
                with self._timed("pages"):
                    record = self.planned[src_uri].render()
            self.generated[src_uri] = record
        return record

    def _file_content(self, planned: PlannedFile) -> str:
        """A generated file's content: made already, by the worker, or now."""
        content = self._contents.pop(planned.path, MISSING)
        if content is MISSING and self._background is not None:
            with self._timed("wait"):
                content = self._background.take(("file", planned.path))
        if content is MISSING:
            with self._timed("files"):
                content = planned.make()
        return content

    def _stop_background(self) -> None:
        if self._background is not None:
            self._background.close()
            if self._background.error:
                log.debug(f"the second process failed; its work was done here:\n"
                          f"{self._background.error}")
            else:
                self.timings["background"] = self._background.wall
            self._background = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site_pages is not None
        self._search_index = _search_index(config)
        deferred = self._background is not None
        for uri, planned in self.planned.items():
            inclusion = InclusionLevel.INCLUDED if planned.in_nav else InclusionLevel.NOT_IN_NAV
            if self._placeholder:
                file = File.generated(config, uri, abs_src_path=self._placeholder,
                                      inclusion=inclusion)
            else:
                file = File.generated(config, uri, content="", inclusion=inclusion)
            self._add(files, file)
            RenderedPage(planned, functools.partial(self._page_record, uri), file, config,
                         indexed_directly=self._search_index is not None, deferred=deferred)
        self._files = []
        for planned_file in self.planned_files:
            # A deferred file is written empty with the others, and again with its
            # content after the pages (on_post_build): the worker makes files last.
            file = File.generated(config, planned_file.path,
                                  content="" if deferred else self._file_content(planned_file))
            self._add(files, file)
            self._files.append(file)
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
                   for uri, p in ((uri, self._page_record(uri)) for uri in self.planned)}
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

    @event_priority(100)  # before other plugins look at the page's content
    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        self._rendered_urls.add(page.url)
        if isinstance(page, RenderedPage) and page.deferred:
            page.fill()
        return context

    @event_priority(100)  # before the search plugin writes its index, and other plugins
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._background is not None:
            for planned, file in zip(self.planned_files, self._files):
                file.content_string = self._file_content(planned)
                file.copy_file()
            self._background.finish()
        if self._search_index is not None:
            with self._timed("search"):
                self._fill_search_index(config)
        if self._placeholder:
            self._built = self._pending
        self._stop_background()
        # The second process's time is reported beside the total, not in it: it ran while
        # this one worked.
        self.timings["total"] = sum(v for k, v in self.timings.items() if k != "background")
        log.debug("timings: " + ", ".join(f"{k} {v:.3f} s" for k, v in self.timings.items()))
        if target := os.environ.get(TIMINGS_ENV):
            Path(target).write_text(json.dumps(self.timings, indent=2) + "\n", encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_background()
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
        ours = [{"location": self.site_pages.url(uri), "title": str(escape(planned.title)),
                 "text": self._page_record(uri).search_text}
                for uri, planned in self.planned.items() if planned.searchable]
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


def _made(pages, files: list[PlannedFile]) -> Iterator[tuple[tuple[str, str], object]]:
    """What the second process makes, in the order the build asks for it: pages in build
    order, then files."""
    for planned in pages:
        yield ("page", planned.src_uri), planned.render()
    for planned_file in files:
        yield ("file", planned_file.path), planned_file.make()
