"""A real `jinghutong serve` in a child process, for the tests that talk to it over HTTP the way
a newcomer, the mini-program or an outside client does (the README's first command)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy import text

from jinghutong.core.db import make_engine

CLI = [sys.executable, "-m", "jinghutong.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class LiveServer:
    url: str
    data_dir: Path
    env: dict[str, str]
    startup_seconds: float

    def accounts(self) -> list[dict]:
        """The demo identities (`jinghutong demo accounts --json`)."""
        out = subprocess.run(
            [*CLI, "demo", "accounts", "--json"],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(out.stdout)


def clean_env(**overrides: str) -> dict[str, str]:
    """The environment of a fresh shell: none of the suite's JHT_ settings leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JHT_")}
    env.update(overrides)
    return env


@contextmanager
def serving(data_dir: Path, env: dict[str, str], timeout: float = 180) -> Iterator[LiveServer]:
    """`jinghutong serve` on a free port until the block ends (SIGTERM, then kill). Its output
    goes to `serve.log` beside the data directory: a pipe nobody reads fills up after some
    hundred access-log lines and blocks the server mid-request."""
    port = free_port()
    started = time.perf_counter()
    log_path = data_dir.with_name(data_dir.name + "-serve.log")
    log = log_path.open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, log_path.read_text(encoding="utf-8")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "serve did not become ready"
            time.sleep(0.2)
        yield LiveServer(base, data_dir, env, time.perf_counter() - started)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def fresh_postgres_database(test_url: str, name: str) -> str:
    """An empty database `name` on the test server (dropped first if left by a run before);
    the URL of it. For a live server that must not share the suite's database."""

    async def recreate() -> None:
        engine = make_engine(test_url, pool=False)
        async with engine.connect() as connection:
            conn = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        await engine.dispose()

    asyncio.run(recreate())
    parts = urlsplit(test_url)
    return urlunsplit(parts._replace(path=f"/{name}"))
