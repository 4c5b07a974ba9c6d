"""Measuring one thing at a time: a timed subprocess, the pages a build wrote, a serve edit.

Every measurement runs the program under test as a subprocess, so each gets a fresh
interpreter and its own peak memory (`/usr/bin/time -f %M`, in KiB).
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

GNU_TIME = "/usr/bin/time"
TAIL_LINES = 20


@dataclass
class Run:
    """One subprocess run: wall seconds, peak RSS (KiB, None if unknown), and how it ended."""

    seconds: float
    rss_kib: int | None
    returncode: int
    output_tail: str = ""
    timings: dict[str, float] | None = None  # ours only: the plugin's own phase timings

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def as_dict(self) -> dict:
        """For results.json (without the output of successful runs)."""
        result = asdict(self)
        if self.ok:
            del result["output_tail"]
        return result


def tail(text: str, lines: int = TAIL_LINES) -> str:
    """The last `lines` lines of text."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _peak_rss(path: Path) -> int | None:
    """The %M that GNU time wrote (its last line; earlier lines may note the exit status)."""
    try:
        return int(path.read_text().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        return None


def timed_run(command: list[str], env: dict[str, str] | None = None,
              cwd: Path | None = None) -> Run:
    """Run `command` to completion: wall time with perf_counter, peak RSS with GNU time."""
    with tempfile.NamedTemporaryFile(suffix=".rss") as rss:
        wrapped = [GNU_TIME, "-o", rss.name, "-f", "%M", *command] \
            if os.access(GNU_TIME, os.X_OK) else command
        start = time.perf_counter()
        done = subprocess.run(wrapped, cwd=cwd, env={**os.environ, **(env or {})},
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, errors="replace")
        seconds = time.perf_counter() - start
        return Run(seconds, _peak_rss(Path(rss.name)), done.returncode, tail(done.stdout))


def read_timings(path: Path) -> dict[str, float] | None:
    """The JSON object of phase timings the plugin wrote, or None if absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {k: float(v) for k, v in data.items() if isinstance(v, (int, float))}


def summary(values: list[float]) -> dict[str, float] | None:
    """Median, min and max of the values, or None when there are none."""
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


# ---------------------------------------------------------------------------------------
# What a build wrote
# ---------------------------------------------------------------------------------------

def file_size(path: Path) -> int | None:
    """Bytes of the file, or None if it is not there."""
    try:
        return path.stat().st_size
    except OSError:
        return None


def paper_page_sizes(site: Path) -> dict[str, int]:
    """Bytes of each paper page, `papers/<slug>/index.html`, by slug."""
    return {page.parent.name: page.stat().st_size
            for page in (site / "papers").glob("*/index.html")}


def html_pages(site: Path) -> dict:
    """How many HTML pages the site has, their bytes, and the largest one."""
    count = total = 0
    largest, largest_bytes = None, -1
    for page in site.rglob("*.html"):
        size = page.stat().st_size
        count, total = count + 1, total + size
        if size > largest_bytes:
            largest, largest_bytes = page, size
    return {"html_pages": count, "html_bytes": total,
            "max_page": str(largest.relative_to(site)) if largest else None,
            "max_page_bytes": largest_bytes if largest else None}


# ---------------------------------------------------------------------------------------
# One-paper edits while `mkdocs serve --dirty` runs
# ---------------------------------------------------------------------------------------

SERVING_RE = re.compile(r"Serving on ")
RELOAD_RE = re.compile(r"Reloading browsers")
# MkDocs polls the watched folders every 0.5 s, then logs this and starts the rebuild
# after 0.1 s without further changes.
DETECTED_RE = re.compile(r"Detected file changes")
BUILD_DONE_RE = re.compile(r"Documentation built in (?P<seconds>[0-9.]+) seconds"
                           r"|(?P<reload>Reloading browsers)")
ERROR_RE = re.compile(r"ERROR|Aborted|Traceback|An error happened")


class ServeFailed(Exception):
    """The server stopped, logged an error or said nothing in time; the message says which."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LogWatcher:
    """Reads a server's output on a thread, timestamping each line as it arrives."""

    process: subprocess.Popen
    lines: "queue.Queue[tuple[float, str]]" = field(default_factory=queue.Queue)
    seen: list[str] = field(default_factory=list)
    noted: float | None = None  # when a line matching wait_for's `note` arrived

    def __post_init__(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line.rstrip()))
        self.lines.put((time.perf_counter(), ""))  # end of output

    def drain(self) -> None:
        """Forget lines that arrived so far (remembering them for error reports)."""
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait()[1])
        self.noted = None

    def wait_for(self, pattern: re.Pattern, timeout: float,
                 note: re.Pattern | None = None) -> tuple[float, re.Match] | None:
        """The arrival time and match of the next line matching `pattern`.

        With `note`, the arrival time of the first line on the way that matches it is kept
        in `noted`. None when `timeout` passes first; ServeFailed when the server exits or
        logs an error.
        """
        deadline = time.perf_counter() + timeout
        while (left := deadline - time.perf_counter()) > 0:
            try:
                at, line = self.lines.get(timeout=min(left, 0.5))
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    raise ServeFailed(f"mkdocs serve exited ({self.process.returncode})")
                continue
            self.seen.append(line)
            if note is not None and self.noted is None and note.search(line):
                self.noted = at
            if found := pattern.search(line):
                return at, found
            if ERROR_RE.search(line):
                raise ServeFailed(f"mkdocs serve logged: {line.strip()}")
        return None


def append_sentence(path: Path, number: int) -> None:
    """Rewrite a paper file with one more sentence at the end of its abstract."""
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text} We thank the reviewers for edit {number}.\n", encoding="utf-8")


def _stop(process: subprocess.Popen) -> None:
    """Stop the server as Ctrl-C would, then harder if it does not go."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
        return
    except subprocess.TimeoutExpired:
        process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _edit_once(watcher: LogWatcher, path: Path, number: int, timeout: float) -> dict:
    """Edit one paper and time the rebuild it triggers (wall, and MkDocs' own figure).

    The rebuild is done at "Documentation built in X seconds". MkDocs logs each distinct
    message once per process, though, so when X repeats an earlier figure that line is
    dropped: then "Reloading browsers", logged right after every successful rebuild, marks
    the end, and MkDocs' own figure is unknown.
    """
    time.sleep(1.0)  # let the file watcher settle after the previous build
    watcher.drain()
    start = time.perf_counter()
    append_sentence(path, number)
    done = watcher.wait_for(BUILD_DONE_RE, timeout, note=DETECTED_RE)
    if done is None:
        raise ServeFailed(f"no rebuild within {timeout:.0f} s of editing {path.name}")
    at, found = done
    detected = watcher.noted
    reload = (at, found) if found.group("reload") else watcher.wait_for(RELOAD_RE, 5.0)
    return {"paper": path.name, "wall_seconds": at - start,
            "detected_seconds": detected - start if detected is not None else None,
            "rebuild_seconds": at - detected if detected is not None else None,
            "mkdocs_seconds": float(found.group("seconds")) if found.group("seconds") else None,
            "reload_wall_seconds": reload[0] - start if reload else None}


def serve_edits(command: list[str], env: dict[str, str], papers: list[Path],
                timeout: float) -> dict:
    """Start `mkdocs serve`, wait for it to serve, then edit each paper in turn.

    Returns the edits, or {"error": ...} with the end of the server's output.
    """
    process = subprocess.Popen(command, env={**os.environ, **env}, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace", bufsize=1)
    watcher = LogWatcher(process)
    try:
        start = time.perf_counter()
        if watcher.wait_for(SERVING_RE, timeout) is None:
            raise ServeFailed(f"not serving after {timeout:.0f} s")
        first_build = time.perf_counter() - start
        edits = [_edit_once(watcher, path, number, timeout)
                 for number, path in enumerate(papers, 1)]
        return {"startup_seconds": first_build, "edits": edits}
    except ServeFailed as failure:
        return {"error": str(failure), "output_tail": tail("\n".join(watcher.seen))}
    finally:
        _stop(process)
