"""Work done by a second process while this one does its own, its results taken as needed.

A site build is single-threaded: while MkDocs renders its theme around each page, a second
core sits idle. `Background` forks a process that makes values (page HTML, feeds) in the
order they will be asked for; `take` waits for one. The child is forked, so it starts with
everything this process has already loaded and validated, and nothing but its results
crosses between them.

The results go through an unlinked temporary file, with their sizes sent down a pipe: the
worker never waits for this process to read (a pipe alone holds 64 KiB), and the pipe's
end of file says that the worker stopped, however it stopped.

A worker that fails, dies or is unavailable costs time, never output: `take` then answers
`MISSING` and the caller makes the value itself, raising any error where it would have
been raised without a worker.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import struct
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Hashable, Iterable
from typing import Any

MISSING: Any = object()
_BATCH = 16  # values per record: fewer, larger records cost less to send
_SIZE = struct.Struct("<Q")  # a record's size in bytes, as the pipe carries it


def can_fork() -> bool:
    """Whether a worker can be forked here, with a second core to run on.

    Only on Linux: macOS forks unsafely once system frameworks are loaded, and Windows has
    no fork.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return len(os.sched_getaffinity(0)) >= 2


def _run(work: Callable[[], Iterable[tuple[Hashable, Any]]], spool: int, sizes: int) -> None:
    """The worker: make every value, append them to the spool file in batches and send
    each record's size down the pipe; then how long it took."""
    def send(record: tuple) -> None:
        data = memoryview(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        written = 0
        while written < len(data):  # a write to a file may stop short (a signal)
            written += os.write(spool, data[written:])
        os.write(sizes, _SIZE.pack(len(data)))  # atomic: shorter than PIPE_BUF

    start = time.perf_counter()
    batch: list[tuple[Hashable, Any]] = []
    try:
        for item in work():
            batch.append(item)
            if len(batch) >= _BATCH:
                send(("items", batch))
                batch = []
        send(("items", batch))
    except BaseException:  # reported to the parent, which makes the rest itself
        send(("items", batch))
        send(("error", traceback.format_exc()))
    send(("done", time.perf_counter() - start))


class Background:
    """Values made by a forked worker, in the order `work` makes them.

        background = Background(lambda: ((page.uri, render(page)) for page in plan))
        ...
        html = background.take(uri)
        if html is MISSING:
            html = render(page)   # the worker failed: same result, made here
        ...
        background.close()
    """

    def __init__(self, work: Callable[[], Iterable[tuple[Hashable, Any]]]) -> None:
        handle, name = tempfile.mkstemp(prefix="reading-list-")
        os.unlink(name)  # gone when both processes close it, however they end
        self._spool, self._offset = handle, 0
        self._sizes, sizes_end = os.pipe()
        self._received: dict[Hashable, Any] = {}
        self._finished = False
        self.error: str | None = None  # the worker's traceback, when it failed
        self.wall = 0.0  # the worker's seconds, once it is done
        self._process = multiprocessing.get_context("fork").Process(
            target=_run, args=(work, handle, sizes_end), daemon=True)
        # Objects frozen at the fork are never scanned by the worker's garbage collector,
        # which would otherwise touch, and so copy, most of the memory it shares with us.
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
            os.close(sizes_end)  # the worker holds the only write end: EOF when it stops

    @classmethod
    def start(cls, work: Callable[[], Iterable[tuple[Hashable, Any]]]) -> Background | None:
        """A worker for `work`, or None where none can run (no fork, one core, no room
        for the temporary file): the caller then does the work itself."""
        if not can_fork():
            return None
        try:
            return cls(work)
        except OSError:
            return None

    def take(self, key: Hashable) -> Any:
        """The value made for `key`, waiting for it; `MISSING` if the worker will not make it.

        Each value is handed out once.
        """
        while key not in self._received and not self._finished:
            self._receive()
        return self._received.pop(key, MISSING)

    def _receive(self) -> None:
        header = _read_exactly(self._sizes, _SIZE.size)
        if header is None:  # the worker stopped without saying it was done
            self._finished = True
            self._process.join(timeout=5)
            self.error = self.error or f"worker ended with exit code {self._process.exitcode}"
            return
        (size,) = _SIZE.unpack(header)
        data = os.pread(self._spool, size, self._offset)
        self._offset += size
        kind, payload = pickle.loads(data)
        if kind == "items":
            self._received.update(payload)
        elif kind == "error":
            self.error = payload
        else:
            self.wall = payload
            self._finished = True

    def finish(self) -> None:
        """Wait for the worker to report that it is done (and how long it took)."""
        while not self._finished:
            self._receive()

    def close(self) -> None:
        """Stop the worker if it still runs, and free what it sent and nobody took."""
        self._finished = True
        self._received.clear()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=5)
        for handle in (self._spool, self._sizes):
            try:
                os.close(handle)
            except OSError:
                pass
        self._spool = self._sizes = -1


def _read_exactly(handle: int, size: int) -> bytes | None:
    """`size` bytes from a pipe, or None at its end."""
    data = b""
    while len(data) < size:
        chunk = os.read(handle, size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
