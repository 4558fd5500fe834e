"""What one text report costs the server, in process (no uvicorn, no sockets): the real app
driven through httpx's ASGI transport by concurrent clients, after a warm-up. Prints CPU per
report (the client's share included: it runs in the same process). For comparing two versions
of the code, not for the issue's ratio (that is bench/intake.py).

    python bench/intake_cost.py [--reports 3000] [--clients 64] [--database-url …]

This VM's speed drifts by ±40 % within the hour, so CPU time compares two versions only when
they alternate several times. Instructions do not drift: run it under callgrind with
`--callgrind`, which turns collection on only around the measured reports:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.out \\
        python bench/intake_cost.py --callgrind --reports 400 --clients 16 --warm 100

and read "Collected" (the same code gives the same count within ~1 %). To measure another
checkout: `git worktree add /tmp/old <rev>` and `PYTHONPATH=/tmp/old/src python …`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import tempfile
import time

import httpx
from intake import SECRET, _prepare


def _collect(on: bool) -> None:
    """Turn callgrind's collection on or off for this process."""
    state = "on" if on else "off"
    subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], check=True)


async def _run(url: str, args: argparse.Namespace) -> float:
    from jinghutong.app import create_app
    from jinghutong.core.gc_tuning import freeze_startup_heap

    tokens = await _prepare(url, args.clients)
    app = create_app(run_worker=False)
    freeze_startup_heap()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            sent = 0

            async def client(n: int, until: int) -> None:
                nonlocal sent
                while sent < until:
                    sent += 1
                    response = await http.post(
                        "/api/v1/cases",
                        json={"kind": "hazard", "text": f"后山有落石，第{sent}次上报"},
                        headers={
                            "Authorization": f"Bearer {tokens[n]}",
                            "Idempotency-Key": secrets.token_hex(8),
                        },
                    )
                    if response.status_code != 201:
                        raise SystemExit(f"report refused: {response.status_code} {response.text}")

            await asyncio.gather(*(client(n, args.warm) for n in range(args.clients)))
            sent = 0
            if args.callgrind:
                _collect(True)
            started = time.process_time()
            await asyncio.gather(*(client(n, args.reports) for n in range(args.clients)))
            used = time.process_time() - started
            if args.callgrind:
                _collect(False)
    return used


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("JHT_BENCH_DATABASE_URL"))
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--reports", type=int, default=3000, help="measured")
    parser.add_argument("--warm", type=int, default=300, help="reports before measuring")
    parser.add_argument("--callgrind", action="store_true", help="running under callgrind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jht-bench-cost-") as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/jinghutong.db"
        os.environ.update(
            JHT_SECRET_KEY=SECRET, JHT_DATA_DIR=tmp, JHT_LOG_LEVEL="WARNING", JHT_DATABASE_URL=url
        )
        used = asyncio.run(_run(url, args))
    backend = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    print(
        f"案件受理成本 / intake cost — {backend}, {args.clients} clients: "
        f"{used * 1000 / args.reports:.3f} ms CPU per report (client included)"
    )


if __name__ == "__main__":
    main()
