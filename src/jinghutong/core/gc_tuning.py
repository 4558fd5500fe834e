"""The garbage collector, set for a long-running server process (`jinghutong serve`, `api`,
`worker`; never in tests or one-off commands).

CPython's default collects the youngest generation every 700 new container objects. A server
with dozens of requests in flight has most of its young objects alive (they belong to the
requests), so each collection finds little garbage, promotes the survivors, and every few
hundred requests a full collection walks the whole heap — a quarter of a million objects once
the app, SQLAlchemy's metadata and the models are loaded: ~90 ms with the event loop stopped.
Measured on the case intake path (in-process, 64 concurrent reports, SQLite): the collector
took ~15 % of a report's CPU.

So, once the process has loaded everything (`freeze_startup_heap`): the heap built at start-up
(modules, the app, compiled statements) moves to the permanent generation that collections do
not walk, and the thresholds are raised so that collections come less often, find more
garbage and rarely go the whole way. Reference counting still frees almost everything at
once; only cyclic garbage waits a little longer (at most ~50,000 new objects' worth)."""

from __future__ import annotations

import gc

# Youngest generation: collect after this many new container objects (default 700); the next
# two: after this many collections of the one below (defaults 10 and 10).
THRESHOLDS = (50_000, 20, 100)


def freeze_startup_heap() -> None:
    gc.collect()  # what start-up left as garbage is freed, not frozen
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
