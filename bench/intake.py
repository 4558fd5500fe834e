"""Benchmark (issue 4 "Performance"): text-report intake (`POST /api/v1/cases`, the real app:
auth, idempotency, routing, number, trail, notifications, text-check job) against a bare
FastAPI endpoint doing one insert into the same database, in the same run, each under real
uvicorn in a subprocess, driven by 64 concurrent httpx clients (bounded in count and time;
the two sides take turns, four rounds by default, so that both meet the same VM drift),
spread over httpx clients of eight connections (see bench/README.md for why).

    python bench/intake.py                                   # SQLite in a temp data dir
    python bench/intake.py --database-url postgresql+psycopg://postgres@127.0.0.1/jht_bench
    JHT_BENCH_DATABASE_URL=postgresql+psycopg://… python bench/intake.py

The PostgreSQL database is wiped (schema public dropped) and migrated first: use a scratch one.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import httpx
from pgdb import ensure_database
from pydantic import BaseModel

from jinghutong.bulletins.delivery.sender import http_clients

CLI = [sys.executable, "-m", "jinghutong.cli"]
SECRET = "bench-secret-key-0123456789abcdefghijklmnop"
ROOT = Path(__file__).resolve().parents[1]


class ReportIn(BaseModel):
    kind: str
    text: str


# -- the bare baseline: one insert per request, same Database class, same unit of work ----------


def bare_app():  # type: ignore[no-untyped-def]
    from fastapi import FastAPI
    from sqlalchemy import text

    from jinghutong.core.db import Database
    from jinghutong.core.gc_tuning import freeze_startup_heap
    from jinghutong.core.ids import new_id

    db = Database(os.environ["BENCH_URL"])
    app = FastAPI()

    @app.post("/bare", status_code=201)
    async def bare(body: ReportIn) -> dict[str, str]:
        row_id = new_id()
        async with db.session() as session:
            await session.execute(
                text("INSERT INTO bench_bare (id, kind, body) VALUES (:i, :k, :b)"),
                {"i": row_id, "k": body.kind, "b": body.text},
            )
        return {"id": row_id}

    # The same runtime as `jinghutong api` (its collector settings): the two sides differ only
    # in the work a request does.
    freeze_startup_heap()
    return app


# -- setup ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data_dir: Path, url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JHT_")}
    env.update(JHT_SECRET_KEY=SECRET, JHT_DATA_DIR=str(data_dir), JHT_LOG_LEVEL="WARNING")
    if url:
        env["JHT_DATABASE_URL"] = url
    env["PYTHONPATH"] = str(ROOT / "bench") + os.pathsep + env.get("PYTHONPATH", "")
    return env


async def _prepare(url: str, clients: int) -> list[str]:
    """Reset (PostgreSQL), migrate, create the bare table, seed villagers with tokens."""
    from sqlalchemy import text

    from jinghutong.core import clock, crypto
    from jinghutong.core.db import Database, is_sqlite, make_engine
    from jinghutong.core.migrate import upgrade_to_head
    from jinghutong.models import (
        ApiToken,
        Area,
        AreaLevel,
        Household,
        Membership,
        Person,
        RoleGrant,
    )

    if not is_sqlite(url):
        ensure_database(url)
        engine = make_engine(url, pool=False)
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()
    await asyncio.to_thread(upgrade_to_head, url)
    crypto.configure(SECRET)
    db = Database(url)
    tokens: list[str] = []
    async with db.session() as s:
        await s.execute(
            text(
                "CREATE TABLE bench_bare (id VARCHAR(26) PRIMARY KEY, kind VARCHAR(16), body TEXT)"
            )
        )
        parent = None
        for level in ("station", "township", "village", "grid", "micro_grid"):
            area = Area(level=level, name=level, depth=0 if parent is None else parent.depth + 1)
            area.id = secrets.token_hex(13)
            area.path = (parent.path if parent else "/") + area.id + "/"
            area.parent_id = parent.id if parent else None
            area.lat, area.lng = 29.6, 118.9
            s.add(area)
            await s.flush()
            parent = area
        assert parent is not None and parent.level == AreaLevel.micro_grid
        leader = Person(name="联户长", openid="o-bench-leader")
        s.add(leader)
        await s.flush()
        s.add(RoleGrant(person_id=leader.id, role="group_leader", area_id=parent.id))
        for i in range(clients):
            person = Person(name=f"村民{i}")
            home = Household(
                area_id=parent.id, area_path=parent.path, address=f"{i}号", head_name="户主"
            )
            s.add_all([person, home])
            await s.flush()
            s.add(Membership(person_id=person.id, household_id=home.id, status="active"))
            raw = "jht_" + secrets.token_urlsafe(24)
            expires = clock.now() + timedelta(days=1)
            s.add(
                ApiToken(
                    token_hash=crypto.token_hash(raw),
                    person_id=person.id,
                    method="wechat",
                    expires_at=expires,
                )
            )
            tokens.append(raw)
    await db.dispose()
    return tokens


def _cpu_seconds(pid: int) -> float:
    """User + system CPU the server process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _serve(cmd: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {' '.join(cmd)}")
        try:
            httpx.post(f"http://127.0.0.1:{port}/healthz-probe", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


# -- load -------------------------------------------------------------------------------------


async def _load(url: str, tokens: list[str], clients: int, count: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop_at = time.perf_counter() + seconds

    async def client_loop(http: httpx.AsyncClient, n: int) -> None:
        nonlocal sent, errors
        token = tokens[n % len(tokens)]
        while sent < count and time.perf_counter() < stop_at:
            sent += 1
            body = {"kind": "hazard", "text": f"后山有落石，第{sent}次上报"}
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": secrets.token_hex(8)}
            t0 = time.perf_counter()
            try:
                response = await http.post(url, json=body, headers=headers)
            except httpx.TransportError:
                errors += 1  # counted and shown, not fatal: the run's figures still stand
                continue
            latencies.append(time.perf_counter() - t0)
            if response.status_code != 201:
                errors += 1

    # Clients of at most eight connections each, as the bulletin sender uses: one httpx client
    # holding 64 connections spends several ms of CPU per request in its pool and, sharing the
    # two cores, would cap the bare side at a third of what the bare server does.
    https = http_clients("", clients, 60)
    started = time.perf_counter()
    await asyncio.gather(*(client_loop(https[n % len(https)], n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    for http in https:
        await http.aclose()
    return {"latencies": latencies, "errors": errors, "elapsed": elapsed}


def _summary(runs: list[dict]) -> dict:
    """Throughput and latency over several runs of one side, pooled."""
    latencies = sorted(x for run in runs for x in run["latencies"])
    return {
        "requests": len(latencies),
        "errors": sum(run["errors"] for run in runs),
        "rps": len(latencies) / sum(run["elapsed"] for run in runs),
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


async def _warm(url: str, tokens: list[str]) -> None:
    await _load(url, tokens, 4, 40, 10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("JHT_BENCH_DATABASE_URL"))
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=10000, help="per side")
    parser.add_argument("--seconds", type=float, default=20.0, help="per side, at most")
    parser.add_argument(
        "--rounds", type=int, default=4, help="bare and intake take turns this many times"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="jht-bench-") as tmp:
        data_dir = Path(tmp)
        url = args.database_url or f"sqlite+aiosqlite:///{data_dir / 'jinghutong.db'}"
        tokens = asyncio.run(_prepare(url, args.clients))
        env = {**_env(data_dir, args.database_url), "BENCH_URL": url}
        bare_port, app_port = _free_port(), _free_port()
        bare = _serve(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "intake:bare_app",
                "--factory",
                "--port",
                str(bare_port),
                "--log-level",
                "warning",
            ],
            env,
            bare_port,
        )
        app = _serve(
            [*CLI, "api", "--port", str(app_port), "--data-dir", str(data_dir)], env, app_port
        )
        sides = (
            ("bare insert", bare, bare_port, "/bare"),
            ("case intake", app, app_port, "/api/v1/cases"),
        )
        # The two sides take turns: a VM's speed drifts over a minute (seen here: the same
        # code's throughput ranged ±30 % between runs), and turns expose both to the same drift.
        runs: dict[str, list[dict]] = {name: [] for name, *_ in sides}
        cpu_used = dict.fromkeys(runs, 0.0)
        try:
            for _name, _, port, path in sides:
                asyncio.run(_warm(f"http://127.0.0.1:{port}{path}", tokens))
            for _ in range(args.rounds):
                for name, proc, port, path in sides:
                    target = f"http://127.0.0.1:{port}{path}"
                    cpu = _cpu_seconds(proc.pid)
                    runs[name].append(
                        asyncio.run(
                            _load(
                                target,
                                tokens,
                                args.clients,
                                args.requests // args.rounds,
                                args.seconds / args.rounds,
                            )
                        )
                    )
                    cpu_used[name] += _cpu_seconds(proc.pid) - cpu
            results = {name: _summary(side_runs) for name, side_runs in runs.items()}
            for name, r in results.items():
                r["cpu_ms"] = cpu_used[name] * 1000 / max(1, r["requests"])
        finally:
            for proc in (bare, app):
                proc.terminate()
                proc.wait(timeout=15)

    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"\n案件受理基准 / case intake benchmark — {backend}, {args.clients} concurrent clients")
    for name, r in results.items():
        print(
            f"  {name:<12} {r['rps']:8.1f} req/s   p50 {r['p50']:7.1f} ms   p99 {r['p99']:7.1f} ms"
            f"   ({r['requests']} requests, {r['errors']} errors)"
            f"   server CPU {r['cpu_ms']:.1f} ms/request"
        )
    ratio = results["case intake"]["rps"] / results["bare insert"]["rps"]
    cost = results["bare insert"]["cpu_ms"] / results["case intake"]["cpu_ms"]
    turns = [
        len(i["latencies"]) / i["elapsed"] / (len(b["latencies"]) / b["elapsed"])
        for b, i in zip(runs["bare insert"], runs["case intake"], strict=True)
    ]
    print(f"  ratio intake / bare = {ratio:.2f}  (aim ≥ 0.5)")
    print(f"  per turn: {', '.join(f'{t:.2f}' for t in turns)}")
    # The load generator shares the machine: the server's own CPU per request is the figure
    # that does not depend on it (1.0 would mean intake costs no more than one bare insert).
    print(f"  server CPU per request, bare / intake = {cost:.2f}\n")


if __name__ == "__main__":
    main()
