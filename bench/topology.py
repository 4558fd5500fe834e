"""The topology harness (issue 19): the province's deployment shape on loopback, faults
injected, outcomes checked on the database and on the WeChat emulator's inboxes.

    python bench/topology.py --short     # CI: small counts, short outages (≤ 4 min, 2 cores)
    python bench/topology.py             # the issue's counts: 1,000 reports, 50,000 messages,
                                         # a 30 s Redis outage
    python bench/topology.py --only 2,6  # some scenarios; --keep keeps the logs

Starts, each as its own OS process: a private PostgreSQL (initdb into a temporary directory, a
free port, so `pg_ctl restart` cannot disturb a shared server), redis-server, a moto S3 server,
the WeChat emulator, `jinghutong demo load` (migrate + demo), 2 × `jinghutong api`, a
round-robin TCP balancer in front of them (bench/topo/lb.py, why that and not nginx: see
there) and 2 × `jinghutong worker`, configured through JHT_* variables only.

Why bench/ and a package bench/topo/ rather than tests/topology/: it takes minutes, needs the
PostgreSQL and Redis binaries, and prints a table of counts — a harness CI runs on its own
(.ci/run), not a test the suite's `pytest -n auto` should pick up. Each scenario still asserts;
the process exits 1 when any assertion failed. Processes are killed by process group and the
temporary directory removed on every exit (success, failure, Ctrl-C)."""

from __future__ import annotations

import argparse
import atexit
import shutil
import signal
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from topo import world
from topo.procs import pg_bin_dir
from topo.scenarios import SCENARIOS, Context, Row
from topo.stack import FULL, SHORT, Stack

COLUMNS = ("sent", "acknowledged", "stored", "received", "duplicates", "resent", "s500", "s503")
HEAD = (
    "scenario",
    "sent",
    "acked",
    "stored",
    "received",
    "dup",
    "resent",
    "500s",
    "503s",
    "outcome",
)


def table(rows: list[Row]) -> str:
    lines = [
        "| " + " | ".join(HEAD) + " |",
        "|" + "|".join("---" for _ in HEAD) + "|",
    ]
    for r in rows:
        cells = [r.scenario, *(str(getattr(r, c)) for c in COLUMNS), r.outcome]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def missing_binaries() -> list[str]:
    missing = [] if pg_bin_dir() else ["PostgreSQL (/usr/lib/postgresql/*/bin)"]
    return missing + [b for b in ("redis-server",) if shutil.which(b) is None]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--short", action="store_true", help="the CI profile")
    parser.add_argument("--only", help="scenario numbers, e.g. 1,4")
    parser.add_argument("--keep", action="store_true", help="keep the logs' directory")
    args = parser.parse_args()
    if missing := missing_binaries():
        print(f"cannot run: {', '.join(missing)} not installed")
        return 2
    profile = SHORT if args.short else FULL
    chosen = {int(x) for x in args.only.split(",")} if args.only else None

    stack = Stack(profile)
    atexit.register(stack.close, args.keep)

    def stop(signum: int, _frame: object) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):  # a second signal must not cut the cleanup
            signal.signal(sig, signal.SIG_IGN)
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    started = time.monotonic()
    rows: list[Row] = []
    try:
        stack.start()
        village = world.seed_audience(stack.db_url, profile.audience)
        ctx = Context(stack, village)
        print(
            f"topology ({profile.name}) up in {time.monotonic() - started:.0f} s: "
            f"audience {ctx.n}, {len(ctx.villagers)} villagers reporting; logs {stack.ws.root}",
            flush=True,
        )
        for number, scenario in enumerate(SCENARIOS, start=1):
            if chosen and number not in chosen:
                continue
            t = time.monotonic()
            try:
                row = scenario(ctx)
            except Exception as exc:
                traceback.print_exc()
                row = Row(f"{number} {scenario.__name__}", failures=[f"crashed: {exc!r}"])
            row.notes.append(f"{time.monotonic() - t:.0f} s")
            rows.append(row)
            print(f"  {row.scenario}: {row.outcome} ({'; '.join(row.notes)})", flush=True)
    except Exception:
        traceback.print_exc()
        rows.append(Row("harness", failures=["the topology did not start"]))
    finally:
        keep = args.keep or any(r.failures for r in rows)
        stack.close(keep)
    print()
    print(table(rows))
    print(f"\n{profile.name} profile, {time.monotonic() - started:.0f} s in all")
    return 1 if any(r.failures for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
