"""Crash safety (issue 4 "Bad input and failure"): reports in flight while the server is killed
with SIGKILL and restarted. Every acknowledged case exists exactly once afterwards, and every
submission retried with its Idempotency-Key exists exactly once too. Real uvicorn servers
(`jinghutong api`) on a SQLite data directory, as in production's embedded mode."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

from jinghutong.core import clock, crypto
from jinghutong.core.db import Database
from jinghutong.models import ApiToken, Case
from support.factories import grant, join, make_household, make_person, make_tree

CLI = [sys.executable, "-m", "jinghutong.cli"]
SECRET = "crash-test-secret-key-0123456789abcdefghij"
VILLAGERS = 8
SUBMISSIONS = 240
CONCURRENCY = 32


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JHT_")}
    env.update(JHT_SECRET_KEY=SECRET, JHT_DATA_DIR=str(data_dir), JHT_LOG_LEVEL="WARNING")
    return env


async def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*CLI, *args, "--data-dir", str(data_dir)]
    return await asyncio.to_thread(
        subprocess.run, command, env=_env(data_dir), capture_output=True, text=True
    )


def _start(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    log = (data_dir / "server.log").open("ab")
    proc = subprocess.Popen(
        [*CLI, "api", "--port", str(port), "--data-dir", str(data_dir)],
        env=_env(data_dir),
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server died: {(data_dir / 'server.log').read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


async def _seed(url: str) -> list[str]:
    """A micro-grid with its 联户长 and villagers, each with a bearer token."""
    crypto.configure(SECRET)
    db = Database(url)
    tokens = []
    try:
        async with db.session() as session:
            tree = await make_tree(session)
            leader = await make_person(session, "联户长", openid="o-crash-leader")
            await grant(session, leader, "group_leader", tree.micro_grid)
            for i in range(VILLAGERS):
                person = await make_person(session, f"村民{i}")
                await join(
                    session, person, await make_household(session, tree.micro_grid, f"{i}号")
                )
                raw = "jht_" + secrets.token_urlsafe(24)
                session.add(
                    ApiToken(
                        token_hash=crypto.token_hash(raw),
                        person_id=person.id,
                        method="wechat",
                        expires_at=clock.now() + timedelta(days=1),
                    )
                )
                tokens.append(raw)
    finally:
        await db.dispose()
    return tokens


async def _fire(base: str, jobs: list[tuple[str, str, dict]], kill_after: int, proc) -> dict:
    """Send every job (token, key, body) with bounded concurrency; SIGKILL the server once
    `kill_after` answers have come back. Returns {key: response json} for the acknowledged."""
    answered: dict[str, dict] = {}
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(http: httpx.AsyncClient, token: str, key: str, body: dict) -> None:
        async with gate:
            # Against a server left running, a timeout is retried with the same key, as the
            # mini-program does (a loaded CI machine can be slow); the kill phase takes the
            # failure as the phone would: no answer.
            for _ in range(1 if kill_after > 0 else 5):
                try:
                    response = await http.post(
                        "/api/v1/cases",
                        json=body,
                        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                    )
                    break
                except httpx.TransportError:
                    continue
            else:
                return
            if response.status_code == 201:
                answered[key] = response.json()
                if len(answered) == kill_after and proc.poll() is None:
                    os.kill(proc.pid, signal.SIGKILL)

    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        await asyncio.gather(*(one(http, *job) for job in jobs))
    return answered


async def test_acknowledged_and_retried_reports_exist_exactly_once_after_a_kill(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    await _cli(data_dir, "migrate")
    url = f"sqlite+aiosqlite:///{data_dir / 'jinghutong.db'}"
    tokens = await _seed(url)
    jobs = [
        (tokens[i % VILLAGERS], f"crash-{i}", {"kind": "hazard", "text": f"第{i}份上报"})
        for i in range(SUBMISSIONS)
    ]
    port = _free_port()
    proc = _start(data_dir, port)
    try:
        first = await _fire(f"http://127.0.0.1:{port}", jobs, SUBMISSIONS // 4, proc)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        assert 0 < len(first) < SUBMISSIONS, "the kill did not land mid-flight"

        proc = _start(data_dir, port)
        unanswered = [job for job in jobs if job[1] not in first]
        retried = await _fire(f"http://127.0.0.1:{port}", unanswered, -1, proc)
        # A retry of something the dead server had answered gives the same case back.
        replay = await _fire(f"http://127.0.0.1:{port}", jobs[:5], -1, proc)
    finally:
        proc.kill()
        proc.wait()

    assert set(retried) == {job[1] for job in unanswered}
    for key, body in replay.items():
        if key in first:
            assert body["id"] == first[key]["id"]
    db = Database(url)
    try:
        async with db.session(read_only=True) as session:
            ids = set((await session.scalars(select(Case.id))).all())
            numbers = await session.scalar(select(func.count(func.distinct(Case.number))))
            total = await session.scalar(select(func.count()).select_from(Case))
    finally:
        await db.dispose()
    acknowledged = {b["id"] for b in first.values()} | {b["id"] for b in retried.values()}
    assert total == SUBMISSIONS == len(acknowledged) == numbers
    assert ids == acknowledged
    verified = await _cli(data_dir, "audit", "verify")
    assert verified.returncode == 0, verified.stdout
    assert "留痕校验通过" in verified.stdout

    with sqlite3.connect(data_dir / "jinghutong.db") as raw:
        raw.execute("UPDATE case_events SET type = 'closed' WHERE seq = 2")
    tampered = await _cli(data_dir, "audit", "verify")
    assert tampered.returncode == 1
    assert "tampered" in tampered.stdout and "留痕校验失败" in tampered.stdout
