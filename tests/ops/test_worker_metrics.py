"""`jinghutong worker --metrics-port` serves the worker's own counters (jobs run, delivery
outcomes, WeChat calls): scaled out, a worker has no API whose /metrics would show them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from jinghutong.core.migrate import upgrade_to_head
from support.backup import TEST_SECRET

WORKER = [sys.executable, "-m", "jinghutong.cli", "worker"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_worker_serves_its_counters(tmp_path):
    data = tmp_path / "worker"
    data.mkdir()
    upgrade_to_head(f"sqlite+aiosqlite:///{data / 'jinghutong.db'}")
    port = _free_port()
    env = {**os.environ, "JHT_SECRET_KEY": TEST_SECRET, "JHT_ENV": "test"}
    env.pop("JHT_DATABASE_URL", None)
    worker = subprocess.Popen(
        [*WORKER, "--data-dir", str(data), "--metrics-port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wanted = 'jht_jobs_total{kind="retention.sweep",outcome="done"} 1.0'
    text = ""
    try:
        with httpx.Client() as client:
            for _ in range(600):  # the periodic jobs run as the worker starts
                try:
                    text = client.get(f"http://127.0.0.1:{port}/metrics").text
                except httpx.TransportError:
                    text = ""
                if wanted in text or worker.poll() is not None:
                    break
                time.sleep(0.1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert wanted in text
    assert "jht_deliveries_total" in text  # the family is there before any delivery
