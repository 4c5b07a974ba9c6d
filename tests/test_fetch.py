"""`site-builder new --fetch ID`: metadata from arXiv or Crossref, served here by a local
HTTP server from recorded answers (no test touches the network).

`data/fetch/arxiv-2302.02676.xml` is the arXiv API's answer for a paper of this list, in the
API's Atom format, with the metadata its file in `papers/` states. The other answers are
synthetic records in the services' formats, carrying what real ones do (a journal
reference, a DOI, LaTeX accents and math, JATS and MathML markup).
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder import fetching
from site_builder.cli import cli
from site_builder.commands import new as new_module
from site_builder.commands.new import schema_url
from site_builder.loading import load_paper, load_taxonomy

DATA = Path(__file__).resolve().parent / "data" / "fetch"
REPO = Path(__file__).resolve().parent.parent

ATOM = "application/atom+xml; charset=utf-8"
JSON = "application/json"

COH = "2302.02676"
COH_ABSTRACT = (REPO / "papers" / "chain-of-hindsight-aligns-language-models-with-feedback.md"
                ).read_text(encoding="utf-8").split("---\n", 2)[2].strip()
EXAMPLE_DOI = "10.5555/example.2024.00002"


def recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


class Recordings(http.server.ThreadingHTTPServer):
    """Answers GET requests from a table: path and query -> (status, type, body, delay)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, tuple[int, str, bytes, float]] = {}
        self.requests: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, path: str, body: bytes, status: int = 200, kind: str = ATOM,
               delay: float = 0.0) -> None:
        self.routes[path] = (status, kind, body, delay)


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.server.requests.append(self.path)
        status, kind, body, delay = self.server.routes.get(
            self.path, (404, "text/plain", b"Resource not found.", 0.0))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up waiting
            pass

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    recordings = Recordings()
    thread = threading.Thread(target=recordings.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield recordings
    recordings.shutdown()
    recordings.server_close()


@pytest.fixture
def run(reading_list_dir, monkeypatch, server):
    """`site-builder new ARGS` in the list's folder, both services pointed at the server."""
    monkeypatch.chdir(reading_list_dir.root)
    monkeypatch.setenv("ARXIV_API_URL", server.base)
    monkeypatch.setenv("CROSSREF_API_URL", server.base)
    monkeypatch.setattr(new_module, "is_interactive", lambda: False)

    def run_new(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, ["new", *args], input=input)

    return run_new


def paper_files(folder) -> list[str]:
    return sorted(p.name for p in folder.papers.iterdir() if p.name != "themes.yml")


def check_passes(folder) -> None:
    result = CliRunner().invoke(cli, ["check", "--papers-dir", str(folder.papers)])
    assert result.exit_code == 0, result.output


def query(arxiv_id: str) -> str:
    return f"/api/query?id_list={arxiv_id}"


# --- arXiv -------------------------------------------------------------------------------


def test_an_arxiv_id_writes_a_complete_paper_that_passes_check(run, server, reading_list_dir):
    server.answer(query(COH), recorded("arxiv-2302.02676.xml"))
    result = run("--fetch", COH, "--tags", "preference-optimization unlearning",
                 "--added", "2026-11-24")
    assert result.exit_code == 0, result.output
    slug = "chain-of-hindsight-aligns-language-models-with-feedback"
    text = (reading_list_dir.papers / f"{slug}.md").read_text(encoding="utf-8")
    assert text == (
        "---\n"
        f"# yaml-language-server: $schema={schema_url(reading_list_dir.papers)}\n"
        "title: Chain of Hindsight Aligns Language Models with Feedback\n"
        "tags: [preference-optimization, unlearning]\n"
        "added: 2026-11-24\n"
        "authors: [Hao Liu, Carmelo Sferrazza, Pieter Abbeel]\n"
        "published: 2023-02-06\n"
        "arxiv: '2302.02676'\n"
        "pdf: https://arxiv.org/pdf/2302.02676\n"
        "---\n"
        f"{COH_ABSTRACT}\n")
    assert server.requests == [query(COH)]
    assert result.stdout.splitlines()[:2] == [
        f"Wrote papers/{slug}.md",
        "From arXiv: title, authors, published, arxiv, the abstract. Check them against the "
        "paper; what it does not state is left out.",
    ]
    check_passes(reading_list_dir)


@pytest.mark.parametrize("given", [
    "2404.00001", "2404.00001v3", "arXiv:2404.00001v2", "https://arxiv.org/abs/2404.00001v2",
    "https://arxiv.org/pdf/2404.00001.pdf", "10.48550/arXiv.2404.00001",
])
def test_every_form_of_an_arxiv_id_asks_for_the_paper_without_version(
        run, server, reading_list_dir, given):
    server.answer(query("2404.00001"), recorded("arxiv-2404.00001.xml"))
    result = run("--fetch", given, "--tags", "unlearning", "--added", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert server.requests == [query("2404.00001")]
    [name] = paper_files(reading_list_dir)
    taxonomy, _ = load_taxonomy(reading_list_dir.papers / "themes.yml")
    paper, problems = load_paper(reading_list_dir.papers / name, taxonomy)
    assert problems == []
    # LaTeX accents decoded, math kept as $...$, white space normalised.
    assert paper.title == ("An Example Paper: Learning What Not to Generate with "
                           "$\\alpha$-Divergences and Café Negatives")
    assert paper.body == ("We study how a model learns from negatives, naïve or hard, and bound "
                          "the error by $O(\\sqrt{n})$ with probability $1-\\delta$. Gains of "
                          "50% hold for every task & dataset we tried.")
    assert paper.authors == ("Ada Example", "Alan Sample")
    assert paper.published == "2024-04-08"  # the first version's date
    assert paper.venue == "Example Conference 2024"  # the journal reference
    assert paper.doi == "10.5555/example.2024.00001"
    assert paper.arxiv == "2404.00001"
    assert (paper.url, paper.pdf) == (None, "https://arxiv.org/pdf/2404.00001")


def test_the_option_wins_over_the_environment(run, server, reading_list_dir, monkeypatch):
    monkeypatch.setenv("ARXIV_API_URL", "http://127.0.0.1:9")  # would be refused
    server.answer(query(COH), recorded("arxiv-2302.02676.xml"))
    result = run("--fetch", COH, "--tags", "unlearning", "--arxiv-api", server.base + "/")
    assert result.exit_code == 0, result.output


def test_options_given_as_well_win_and_notes_follow_the_abstract(run, server, reading_list_dir):
    server.answer(query(COH), recorded("arxiv-2302.02676.xml"))
    result = run("--fetch", COH, "--tags", "unlearning", "--venue", "ICLR 2024",
                 "--body", "Notes: section 3.")
    assert result.exit_code == 0, result.output
    taxonomy, _ = load_taxonomy(reading_list_dir.papers / "themes.yml")
    [name] = paper_files(reading_list_dir)
    paper, _ = load_paper(reading_list_dir.papers / name, taxonomy)
    assert paper.venue == "ICLR 2024"
    assert paper.body == COH_ABSTRACT + "\n\nNotes: section 3."


def test_tags_are_asked_for_on_a_terminal(run, server, reading_list_dir, monkeypatch):
    monkeypatch.setattr(new_module, "is_interactive", lambda: True)
    server.answer(query(COH), recorded("arxiv-2302.02676.xml"))
    result = run("--fetch", COH, input="unlearnig\nunlearning preference-optimization\n")
    assert result.exit_code == 0, result.output
    assert "Declared tags (papers/themes.yml):" in result.output
    assert "Title" not in result.output  # fetched: not asked
    [name] = paper_files(reading_list_dir)
    assert "tags: [unlearning, preference-optimization]\n" in (
        reading_list_dir.papers / name).read_text(encoding="utf-8")


def test_without_tags_and_no_terminal_nothing_is_written(run, server, reading_list_dir):
    server.answer(query(COH), recorded("arxiv-2302.02676.xml"))
    result = run("--fetch", COH)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "papers/chain-of-hindsight-aligns-language-models-with-feedback.md:1: tags: is missing "
        "(give --tags)",
        "Nothing was written.",
    ]
    assert paper_files(reading_list_dir) == []


def test_a_paper_the_list_has_is_refused(run, server, reading_list_dir):
    reading_list_dir.add("coh", "Chain of Hindsight", ["unlearning"], arxiv='"2302.02676v2"')
    server.answer(query(COH), recorded("arxiv-2302.02676.xml"))
    result = run("--fetch", COH, "--tags", "unlearning")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "papers/chain-of-hindsight-aligns-language-models-with-feedback.md:8: arxiv: same arXiv "
        "paper as papers/coh.md (2302.02676; edit that file instead)",
        "Nothing was written.",
    ]
    assert paper_files(reading_list_dir) == ["coh.md"]


# --- Crossref ----------------------------------------------------------------------------


@pytest.mark.parametrize("given", [EXAMPLE_DOI, f"https://doi.org/{EXAMPLE_DOI}",
                                   f"doi:{EXAMPLE_DOI}"])
def test_a_doi_writes_a_paper_from_crossref(run, server, reading_list_dir, given):
    server.answer(f"/works/{EXAMPLE_DOI}", recorded("crossref-10.5555-example.2024.00002.json"),
                  kind=JSON)
    result = run("--fetch", given, "--tags", "hard-negatives", "--added", "2026-11-24")
    assert result.exit_code == 0, result.output
    slug = "negatives-in-example-models-a-study-of-alpha-margins"
    assert paper_files(reading_list_dir) == [f"{slug}.md"]
    text = (reading_list_dir.papers / f"{slug}.md").read_text(encoding="utf-8")
    assert text.split("\n", 2)[2] == (
        "title: 'Negatives in Example Models: a Study of $\\alpha$-Margins'\n"
        "tags: [hard-negatives]\n"
        "added: 2026-11-24\n"
        "authors: [Ada Example, Alan Sample]\n"
        "published: 2024-06-02\n"
        "venue: Example Journal of Negatives\n"
        f"doi: {EXAMPLE_DOI}\n"
        "---\n"
        # JATS removed, the formula's TeX kept once (not also its MathML), MathML as TeX.
        "Hard negatives sharpen what a model learns: we show the loss falls as "
        "$1/\\sqrt{k}$ for $k^{2}$ pairs.\n"
        "\n"
        "A second paragraph, with markup & entities.\n")
    check_passes(reading_list_dir)


# --- failures: one line, exit 1, nothing written -----------------------------------------


def _refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


@pytest.mark.parametrize("case", [
    "http-error", "crossref-not-found", "unknown-id", "error-entry", "not-xml", "not-a-feed",
    "not-json", "json-without-a-work", "timeout", "refused",
])
def test_each_failure_is_one_line_and_writes_nothing(run, server, reading_list_dir, case):
    fetch_id, extra = COH, []
    if case == "http-error":
        server.answer(query(COH), b"Service Unavailable", status=503, kind="text/plain")
        expected = "arXiv answered HTTP 503 Service Unavailable (try again later)"
    elif case == "crossref-not-found":
        fetch_id = "10.5555/missing"
        expected = ("Crossref has no record of the DOI 10.5555/missing (check it; a DOI "
                    "registered elsewhere, such as DataCite, is not in Crossref)")
    elif case == "unknown-id":
        fetch_id = "2302.99999"
        server.answer(query(fetch_id), recorded("arxiv-none.xml"))
        expected = "arXiv has no paper 2302.99999 (check the identifier)"
    elif case == "error-entry":
        fetch_id = "2404.99999"
        server.answer(query(fetch_id), recorded("arxiv-error.xml"))
        expected = ("arXiv refused the identifier 2404.99999: incorrect id format for "
                    "2404.99999 (check the identifier)")
    elif case == "not-xml":
        server.answer(query(COH), b"Rate exceeded.", kind="text/plain")
        expected = ("the answer from arXiv is not a paper's record: not XML (syntax error: "
                    "line 1, column 0) (check the service URL, or try again later)")
    elif case == "not-a-feed":
        server.answer(query(COH), b"<html><body><h1>Maintenance</h1></body></html>",
                      kind="text/html")
        expected = ("the answer from arXiv is not a paper's record: not an Atom feed "
                    "(check the service URL, or try again later)")
    elif case == "not-json":
        fetch_id = EXAMPLE_DOI
        server.answer(f"/works/{EXAMPLE_DOI}", b"<html>Moved</html>", kind="text/html")
        expected = ("the answer from Crossref is not a paper's record: not JSON (Expecting "
                    "value: line 1 column 1 (char 0)) (check the service URL, or try again "
                    "later)")
    elif case == "json-without-a-work":
        fetch_id = EXAMPLE_DOI
        server.answer(f"/works/{EXAMPLE_DOI}", b'{"status": "ok", "message-type": '
                      b'"work-list", "message": {"items": []}}', kind=JSON)
        expected = ("the answer from Crossref is not a paper's record: no work in it "
                    "(check the service URL, or try again later)")
    elif case == "timeout":
        server.answer(query(COH), recorded("arxiv-2302.02676.xml"), delay=2.0)
        extra = ["--timeout", "0.3"]
        expected = (f"arXiv (127.0.0.1:{server.server_address[1]}) did not answer within "
                    "0.3 s (try again later, or give a longer --timeout)")
    else:
        port = _refused_port()
        extra = ["--arxiv-api", f"http://127.0.0.1:{port}"]
        expected = (f"cannot reach arXiv (127.0.0.1:{port}): the connection was refused "
                    "(check the network connection, or fill the fields by hand)")
    result = run("--fetch", fetch_id, "--tags", "unlearning", *extra)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"--fetch {fetch_id}: {expected}. Nothing was written."]
    assert paper_files(reading_list_dir) == []


def test_something_that_is_no_identifier_is_a_usage_error(run, server, reading_list_dir):
    result = run("--fetch", "chain of hindsight", "--tags", "unlearning")
    assert result.exit_code == 2
    assert ("Invalid value for --fetch: 'chain of hindsight' is neither an arXiv identifier "
            "nor a DOI") in result.stderr
    assert server.requests == []
    assert paper_files(reading_list_dir) == []


# --- the library ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2404.05868", ("arxiv", "2404.05868")),
    ("2404.05868v2", ("arxiv", "2404.05868v2")),
    (" arXiv:2404.05868 ", ("arxiv", "2404.05868")),
    ("ARXIV: cs/0112017", ("arxiv", "cs/0112017")),
    ("math.GT/0309136v1", ("arxiv", "math.GT/0309136v1")),
    ("https://arxiv.org/abs/cs/0112017v1", ("arxiv", "cs/0112017v1")),
    ("http://export.arxiv.org/pdf/2404.05868v1.pdf", ("arxiv", "2404.05868v1")),
    ("arxiv.org/abs/2404.05868?context=cs", ("arxiv", "2404.05868")),
    ("10.1145/3394486.3403392", ("doi", "10.1145/3394486.3403392")),
    ("https://doi.org/10.1000/a%2Fb", ("doi", "10.1000/a/b")),
    ("https://dx.doi.org/10.48550/arXiv.2404.05868", ("arxiv", "2404.05868")),
])
def test_identifiers(text, expected):
    assert fetching.parse_identifier(text) == expected


@pytest.mark.parametrize("text", ["", "2404.586", "arxiv.org/abs/", "doi.org/11.1/x", "hello"])
def test_not_identifiers(text):
    with pytest.raises(ValueError):
        fetching.parse_identifier(text)


@pytest.mark.parametrize("text, expected", [
    ("Plain  text\n  wrapped", "Plain text wrapped"),
    ("p < 0.05 -- kept & 50% as written", "p < 0.05 -- kept & 50% as written"),
    (r"Sch\"{o}lkopf and G\'eron", "Schölkopf and Géron"),
    (r"an $\alpha$-loss, \(x^2\) and 5\% \& more", r"an $\alpha$-loss, $x^2$ and 5% & more"),
    ("<i>Deep</i> &amp; <sc>wide</sc>", "Deep & wide"),
    ("<mml:math><mml:msub><mml:mi>x</mml:mi><mml:mi>i</mml:mi></mml:msub></mml:math> terms",
     "$x_{i}$ terms"),
    ('<mml:math alttext="\\beta"><mml:mi>β</mml:mi></mml:math>', "$\\beta$"),
])
def test_clean_line(text, expected):
    assert fetching.clean_line(text) == expected


def test_arxiv_text_is_not_read_as_markup():
    assert fetching.clean_line("bound a<b and c>d", markup=False) == "bound a<b and c>d"


@pytest.mark.parametrize("message, expected", [
    ({"issued": {"date-parts": [[2024, 6, 2]]}}, "2024-06-02"),
    ({"issued": {"date-parts": [[2024]]}, "published-online": {"date-parts": [[2024, 6, 2]]}},
     "2024-06-02"),
    ({"issued": {"date-parts": [[2024, 6]]}, "published-print": {"date-parts": [[2024, 9, 1]]}},
     "2024"),
    ({"issued": {"date-parts": [[None]]}}, ""),
    ({}, ""),
])
def test_crossref_dates(message, expected):
    assert fetching._crossref_date(message) == expected
