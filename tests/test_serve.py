"""The README's first command: `jinghutong serve` on an empty data directory migrates, loads the
demo jurisdiction, serves the API with the emulator, and the demo identities log in."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CLI = [sys.executable, "-m", "jinghutong.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("JHT_")}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*CLI, "serve", "--port", str(port), "--data-dir", str(data_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "serve did not become ready"
            time.sleep(0.2)
        print(f"\nfirst start (migrate + demo load + ready): {time.perf_counter() - started:.1f} s")
        yield base, data_dir, env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def _accounts(env: dict[str, str]) -> list[dict]:
    out = subprocess.run(
        [*CLI, "demo", "accounts", "--json"], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_demo_identities_log_in_through_the_emulator(served):
    base, _, env = served
    accounts = _accounts(env)
    roles = {a["role"] for a in accounts}
    assert {
        "chief",
        "admin",
        "duty_room",
        "area_officer",
        "village_police",
        "group_leader",
        "villager",
    } <= roles

    with httpx.Client(base_url=base, timeout=10) as http:
        for account in [a for a in accounts if a["role"] in ("group_leader", "villager")][:3]:
            code = http.post(
                "/wechat-emulator/device/login", json={"openid": account["openid"]}
            ).json()["code"]
            login = http.post("/api/v1/auth/wechat", json={"code": code})
            assert login.status_code == 200, login.text
            me = http.get(
                "/api/v1/me", headers={"Authorization": f"Bearer {login.json()['token']}"}
            ).json()
            assert me["person"]["name"] == account["name"]
            assert me["memberships"][0]["status"] == "active"

        chief = next(a for a in accounts if a["role"] == "chief")
        login = http.post(
            "/api/v1/auth/password",
            json={"username": chief["username"], "password": chief["password"]},
        )
        assert login.status_code == 200
        me = http.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {login.json()['token']}"}
        ).json()
        assert me["roles"][0]["role_name"] == "所长"
        assert me["person"]["is_staff"] is True


def test_the_demo_is_loaded_once_and_the_database_lives_in_the_data_dir(served):
    base, data_dir, _ = served
    assert (Path(data_dir) / "jinghutong.db").exists()
    assert httpx.get(f"{base}/readyz").json()["status"] == "ok"
    assert httpx.get(f"{base}/metrics").status_code == 200
