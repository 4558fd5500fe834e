"""SQLite write-ahead-log checkpoints off the event loop, for a process's one writing connection.

By default SQLite copies the log back into the database file inside the commit that takes the
log past 1,000 pages, and waits for the disk (fsync) there. The writing connection runs on the
event loop's thread (core.sqlite_inline), so every request in the process waited with it:
under bench/intake.py a commit took 0.16 ms at the median and 7.4 ms at the 99th percentile,
and half of all commit time was those checkpoints.

Here a thread with its own connection runs PASSIVE checkpoints shortly after commits. The
sqlite3 module lets go of the GIL while SQLite works, so the copying and the fsync no longer
hold the loop; a PASSIVE checkpoint never takes the write lock, so the writer never waits for
it either. What it cannot do is restart the log while commits keep arriving (a restart needs a
moment where everything in the log has been copied), so the writing connection keeps SQLite's
own automatic checkpoint as a backstop at a higher threshold (`BACKSTOP_PAGES`): a log the
thread could not empty (sustained load, a long reader pinning old pages) is checkpointed in a
commit as before, just less often, and cannot grow without bound.
"""

from __future__ import annotations

import sqlite3
import threading

import structlog

log = structlog.get_logger(__name__)

# The writing connection's own automatic checkpoint, as a backstop (SQLite's default: 1,000).
BACKSTOP_PAGES = 4000
# How long the thread lets commits gather before a checkpoint: one copies many transactions.
GATHER_S = 0.2


class Checkpointer:
    """Checkpoints `path`'s log on its own thread after `committed()` is called. Started on the
    first call; `close()` stops it (the writing connection's close does)."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._gather_s = GATHER_S
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def committed(self) -> None:
        """A write transaction committed (called on the event loop: a flag, no waiting)."""
        if self._wanted.is_set():
            return
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="sqlite-checkpoints", daemon=True
            )
            self._thread.start()
        self._wanted.set()

    def close(self) -> None:
        """Stop the thread, letting a checkpoint under way finish (it is safe to interrupt,
        but a finished one leaves the log shorter for the next start)."""
        self._stop.set()  # first the stop, then the wake-up: `_run` relies on the order
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            while True:
                self._wanted.wait()
                if self._stop.wait(self._gather_s):  # gather commits; a close ends it early
                    return
                self._wanted.clear()
                # `close` sets the stop before it wakes us: a close whose wake-up the clear
                # above just undid has its stop seen here.
                if self._stop.is_set():
                    return
                self._checkpoint(conn)
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:
            # Not fatal: the backstop (or the next attempt) checkpoints instead.
            log.warning("sqlite_checkpoint_failed", error=str(error))
