"""Fan-out benchmark: one bulletin to N recipients (all with quota) against the WeChat emulator
with injected latency, sent by the engine (`jinghutong worker` processes: claim, send, record)
and by a bare async httpx loop at the same concurrency. Prints messages/s, the ratio, the
speed-up of two workers over one, and checks the emulator's inboxes: N messages, none twice.

    python bench/fanout.py                      # 100,000 recipients, workers 1 then 2
    python bench/fanout.py --n 5000             # a quick check

Needs PostgreSQL (--db; the database is DROPPED and rebuilt) and Redis for the shared rate
limiter (--redis; pass "" to use the in-process bucket)."""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bulletin_world import ADMIN_ID, Shape, area_ids, reset, seed, sync_url

from jinghutong.bulletins.delivery.sender import SEND_PATH
from jinghutong.integrations.wechat.emulator import EMULATOR_APP_ID, EMULATOR_APP_SECRET
from jinghutong.notifications.templates import BULLETIN_TEMPLATE, bulletin_data

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/jht_bulletins_bench"
PREFIX = "bench-"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_emulator(port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("jinghutong")
    proc = subprocess.Popen(
        [str(exe), "wechat-emulator", "--port", str(port)], stdout=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/faults", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("emulator did not start")


def arm_emulator(url: str, n: int, latency_ms: float) -> None:
    httpx.delete(f"{url}/device/inboxes")
    httpx.post(
        f"{url}/device/bulk-subscribe",
        json={"prefix": PREFIX, "count": n, "template_ids": [BULLETIN_TEMPLATE]},
        timeout=120,
    ).raise_for_status()
    httpx.post(f"{url}/faults", json={"latency_ms": latency_ms, "paths": [SEND_PATH]})


def inbox_check(url: str) -> dict[str, int]:
    return dict(httpx.get(f"{url}/device/stats", timeout=60).json())


async def bare_loop(url: str, n: int, concurrency: int) -> float:
    """The baseline: the same messages, same emulator, same concurrency, nothing else — over
    the same HTTP clients the engine uses (`http_clients`: one httpx client with 32 connections
    costs twice the CPU per request of four with eight, and the baseline should be the best a
    bare loop can do, not httpcore's pool)."""
    from jinghutong.bulletins.delivery.sender import http_clients

    clients = http_clients(url, concurrency, 10)
    try:
        client = clients[0]
        res = await client.post(
            "/cgi-bin/stable_token",
            json={
                "grant_type": "client_credential",
                "appid": EMULATOR_APP_ID,
                "secret": EMULATOR_APP_SECRET,
                "force_refresh": False,
            },
        )
        token = res.json()["access_token"]
        from jinghutong.core import clock

        data = bulletin_data("警惕冒充客服退款诈骗", "反诈宣传", clock.now(), "大市派出所")
        body: dict[str, Any] = {
            "template_id": BULLETIN_TEMPLATE,
            "page": "pages/bulletins/detail?id=x",
            "data": data,
            "miniprogram_state": "formal",
            "lang": "zh_CN",
        }
        todo = iter(range(n))
        errors = 0

        async def worker(lane: int) -> None:
            nonlocal errors
            client = clients[lane % len(clients)]
            for i in todo:
                r = await client.post(
                    SEND_PATH,
                    params={"access_token": token},
                    json={**body, "touser": f"{PREFIX}{i}"},
                )
                errors += r.json().get("errcode", 0) != 0

        started = time.perf_counter()
        await asyncio.gather(*(worker(lane) for lane in range(concurrency)))
        elapsed = time.perf_counter() - started
    finally:
        for c in clients:
            await c.aclose()
    if errors:
        print(f"  baseline: {errors} errors")
    return elapsed


def worker_env(db: str, emulator: str, redis: str, concurrency: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        JHT_DATABASE_URL=db,
        JHT_WECHAT__API_BASE=emulator,
        JHT_WECHAT__RATE_PER_SECOND="1000000",
        JHT_WORKER_POLL_SECONDS="0.2",
        JHT_LOG_LEVEL="WARNING",
        JHT_SECRET_KEY="bench-only-secret-key-0123456789abcdef",
        JHT_DATA_DIR="/tmp/jht-bench-fanout",
        JHT_BULLETIN_CONCURRENCY=str(concurrency),
    )
    if redis:
        env["JHT_REDIS_URL"] = redis
    else:
        env.pop("JHT_REDIS_URL", None)
    return env


def new_bulletin(db: str, village_id: str) -> str:
    """A draft by the bench admin to one village, then released by the engine's own code."""
    import json

    bulletin_id = "BENCHBULLETIN" + str(int(time.time() * 1000))[-13:]
    with psycopg.connect(sync_url(db)) as conn:
        conn.execute(
            """INSERT INTO bulletins (id, category, title, body, important, audience, reach_path,
                   status, published_at, author_id, updated_at, created_at)
               VALUES (%s, '反诈宣传', '警惕冒充客服退款诈骗', '请勿点击陌生链接。', false, %s, '/',
                   'sending', now(), %s, now(), now())""",
            (bulletin_id, json.dumps({"areas": [village_id]}), ADMIN_ID),
        )
        conn.execute("UPDATE subscription_quotas SET remaining = 1")
        conn.commit()
    return bulletin_id


async def release(db: str, bulletin_id: str) -> int:
    from jinghutong.bulletins.delivery.release import release as do_release
    from jinghutong.core.db import Database
    from jinghutong.models import Bulletin

    database = Database(db)
    try:
        async with database.session() as session:
            bulletin = await session.get(Bulletin, bulletin_id)
            assert bulletin is not None
            return await do_release(session, bulletin)
    finally:
        await database.dispose()


def counts(db: str, bulletin_id: str) -> dict[str, int]:
    with psycopg.connect(sync_url(db)) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM deliveries WHERE bulletin_id = %s GROUP BY status",
            (bulletin_id,),
        ).fetchall()
    return {s: int(n) for s, n in rows}


def pending_left(db: str, bulletin_id: str) -> bool:
    """One indexed probe: the harness must not eat the CPU it is measuring (a GROUP BY over
    100,000 rows ten times a second did)."""
    with psycopg.connect(sync_url(db)) as conn:
        row = conn.execute(
            "SELECT 1 FROM deliveries WHERE bulletin_id = %s AND status = 'pending' LIMIT 1",
            (bulletin_id,),
        ).fetchone()
    return row is not None


def engine_run(args: argparse.Namespace, emulator: str, village: str, workers: int) -> float:
    env = worker_env(args.db, emulator, args.redis, args.concurrency)
    exe = Path(sys.executable).with_name("jinghutong")
    procs = [subprocess.Popen([str(exe), "worker"], env=env) for _ in range(workers)]
    try:
        time.sleep(4)  # imports, token, first poll: not part of the fan-out
        bulletin_id = new_bulletin(args.db, village)
        started = time.perf_counter()
        made = asyncio.run(release(args.db, bulletin_id))
        released = time.perf_counter() - started
        sending = time.perf_counter()
        while pending_left(args.db, bulletin_id):
            time.sleep(0.1)
        elapsed = time.perf_counter() - sending
        state = counts(args.db, bulletin_id)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=30)
    print(
        f"  engine, {workers} worker(s): release (INSERT … SELECT of {made} rows) "
        f"{released:.2f} s; "
        f"send {elapsed:.2f} s; rows {state}"
    )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--db", default=DEFAULT_DB)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()

    micro = max(1, args.n // 100)
    shape = Shape(grids=max(1, micro // 10), micro_grids=min(10, micro), households=100)
    shape.households = args.n // (shape.grids * shape.micro_grids)
    reset(args.db)
    took = seed(args.db, shape, PREFIX)
    n = shape.total_households
    [village] = area_ids(args.db, "village")
    print(
        f"fan-out: {n} recipients with quota, {args.latency_ms:.0f} ms injected latency, "
        f"concurrency {args.concurrency}; seeded in {took:.1f} s"
    )

    port = free_port()
    emulator_url = f"http://127.0.0.1:{port}"
    emulator = start_emulator(port)
    try:
        arm_emulator(emulator_url, n, args.latency_ms)
        base = asyncio.run(bare_loop(emulator_url, n, args.concurrency))
        base_rate = n / base
        print(
            f"  bare httpx loop: {base:.2f} s, {base_rate:,.0f} msg/s; "
            f"inboxes {inbox_check(emulator_url)}"
        )
        rates: dict[int, float] = {}
        for workers in [int(w) for w in args.workers.split(",")]:
            arm_emulator(emulator_url, n, args.latency_ms)
            elapsed = engine_run(args, emulator_url, village, workers)
            rates[workers] = n / elapsed
            check = inbox_check(emulator_url)
            ok = check["messages"] == n and check["received_twice"] == 0
            print(
                f"  engine, {workers} worker(s): {rates[workers]:,.0f} msg/s, "
                f"ratio to bare loop {rates[workers] / base_rate:.2f}; inboxes {check} "
                f"→ {'exactly once' if ok else 'NOT exactly once'}"
            )
        if 1 in rates and 2 in rates:
            print(f"  speed-up of 2 workers over 1: {rates[2] / rates[1]:.2f}x")
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)


if __name__ == "__main__":
    main()
