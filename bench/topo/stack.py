"""The whole topology on loopback: PostgreSQL, Redis, a moto S3 server, the WeChat emulator,
2 × `jinghutong api` behind the round-robin balancer (lb.py) and 2 × `jinghutong worker`,
all configured through JHT_* variables as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import redis

from topo.procs import BIN, Postgres, Workspace, free_port, http_up, pg_bin_dir, wait_for

BUCKET = "jht-media"
SECRET = "topology-only-secret-key-0123456789abcdef"


@dataclass
class Profile:
    name: str
    reports: int  # scenario 1
    audience: int  # persons a bulletin reaches (scenarios 2, 3, 6, 7)
    redis_outage: float  # seconds (scenario 3)
    pg_reports: int  # reports during the PostgreSQL restart (scenario 4)
    uploads: int  # uploads during the S3 outage (scenario 5)
    lease: float  # delivery and job lease, seconds (scenario 6 waits for it)
    skew: float  # seconds a worker's clock is off (scenario 7)
    rate: int  # WeChat calls per second, all workers together
    concurrency: int  # reporters in flight


SHORT = Profile("short", 200, 3000, 6, 150, 3, 20, 3, 600, 16)
FULL = Profile("full", 1000, 50_000, 30, 600, 6, 30, 5, 1000, 24)


class Stack:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.ws = Workspace()
        self.ports = {
            name: free_port()
            for name in ("pg", "redis", "moto", "emulator", "api-a", "api-b", "lb")
        }
        self.emulator = f"http://127.0.0.1:{self.ports['emulator']}"
        self.base = f"http://127.0.0.1:{self.ports['lb']}"
        self.moto = f"http://127.0.0.1:{self.ports['moto']}"
        self.redis_url = f"redis://127.0.0.1:{self.ports['redis']}/0"
        self.db_url = ""

    # -- environment ------------------------------------------------------------------------
    def env(self, name: str, **extra: str) -> dict[str, str]:
        p = self.profile
        env = {k: v for k, v in os.environ.items() if not k.startswith("JHT_")}
        data = self.ws.root / f"data-{name}"
        data.mkdir(exist_ok=True)
        storage = (
            f"s3://{BUCKET}?endpoint={self.moto}&region=us-east-1"
            "&access_key_id=testing&secret_access_key=testing"
        )
        env.update(
            JHT_ENV="development",
            JHT_DATA_DIR=str(data),
            JHT_DATABASE_URL=self.db_url,
            JHT_DATABASE_POOL_SIZE="10",
            JHT_REDIS_URL=self.redis_url,
            JHT_STORAGE_URL=storage,
            JHT_SECRET_KEY=SECRET,
            JHT_PUBLIC_BASE_URL=self.base,
            JHT_WECHAT__API_BASE=self.emulator,
            JHT_WECHAT__RATE_PER_SECOND=str(p.rate),
            JHT_WORKER_POLL_SECONDS="0.3",
            JHT_LOG_LEVEL="WARNING",
            JHT_MEDIA__UPLOAD_LIMIT="100000/hour",
            JHT_DELIVERY_LEASE_SECONDS=str(p.lease),
            JHT_JOB_LEASE_SECONDS=str(p.lease),
            JHT_DEMO__LOAD_ON_EMPTY="false",
        )
        env.update(extra)
        return env

    # -- start ------------------------------------------------------------------------------
    def start(self) -> None:
        bindir = pg_bin_dir()
        assert bindir is not None, "PostgreSQL binaries not found"
        pg = Postgres(self.ws.root / "pg", self.ports["pg"], bindir)
        self.ws.postgres = pg
        pg.init()
        pg.start()
        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{pg.port}/postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE jht")
        self.db_url = pg.url("jht")
        self.start_redis()
        self.start_moto()
        self.ws.spawn(
            "emulator",
            [str(BIN / "jinghutong"), "wechat-emulator", "--port", str(self.ports["emulator"])],
            self.env("emulator"),
        )
        wait_for(http_up(self.emulator + "/faults"), "the WeChat emulator")
        # migrate + demo through the CLI, as an operator would
        subprocess.run(
            [str(BIN / "jinghutong"), "demo", "load"],
            env=self.env("setup"),
            check=True,
            capture_output=True,
            timeout=300,
        )
        for name in ("api-a", "api-b"):
            self.start_api(name)
        self.ws.spawn(
            "lb",
            [
                sys.executable,
                str(Path(__file__).with_name("lb.py")),
                "--listen",
                str(self.ports["lb"]),
                "--backend",
                f"127.0.0.1:{self.ports['api-a']}",
                "--backend",
                f"127.0.0.1:{self.ports['api-b']}",
            ],
            self.env("lb"),
        )
        wait_for(http_up(self.base + "/healthz"), "the load balancer")
        for name in ("worker-1", "worker-2"):
            self.start_worker(name)

    def start_api(self, name: str) -> None:
        port = self.ports[name]
        self.ws.spawn(
            name,
            [str(BIN / "jinghutong"), "api", "--port", str(port)],
            self.env(name),
        )
        wait_for(http_up(f"http://127.0.0.1:{port}/readyz"), name)

    def start_worker(self, name: str, skew: float = 0.0) -> None:
        extra = {"JHT_CLOCK_SKEW_SECONDS": str(skew)} if skew else {}
        self.ws.spawn(name, [str(BIN / "jinghutong"), "worker"], self.env(name, **extra))

    def start_redis(self) -> None:
        self.ws.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.ws.root),
            ],
            self.env("redis"),
        )
        client = redis.Redis.from_url(self.redis_url)
        wait_for(lambda: bool(client.ping()), "Redis")

    def stop(self, name: str) -> None:
        self.ws.procs[name].kill()

    def start_moto(self) -> None:
        self.ws.spawn(
            "moto",
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.ports["moto"])],
            self.env("moto"),
        )
        wait_for(http_up(self.moto + "/"), "the moto S3 server")
        httpx.put(f"{self.moto}/{BUCKET}", timeout=10).raise_for_status()  # create the bucket

    def api_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.ports[n]}" for n in ("api-a", "api-b")]

    def wait_apis_ready(self, timeout: float = 60) -> None:
        for url in self.api_urls():
            wait_for(
                lambda url=url: httpx.get(url + "/readyz", timeout=2).status_code == 200,
                f"{url}/readyz",
                timeout,
            )

    def close(self, keep: bool = False) -> None:
        self.ws.close(keep)


def settle(seconds: float) -> None:
    time.sleep(seconds)
