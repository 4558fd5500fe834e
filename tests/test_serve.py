"""The README's first command: `jinghutong serve` on an empty data directory migrates, loads the
demo jurisdiction, serves the API with the emulator, and the demo identities log in."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from support.live_server import LiveServer, clean_env, serving


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    with serving(tmp_path_factory.mktemp("serve"), clean_env(), timeout=120) as server:
        print(f"\nfirst start (migrate + demo load + ready): {server.startup_seconds:.1f} s")
        yield server


def test_demo_identities_log_in_through_the_emulator(served: LiveServer):
    base = served.url
    accounts = served.accounts()
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


def test_the_demo_is_loaded_once_and_the_database_lives_in_the_data_dir(served: LiveServer):
    base = served.url
    assert (Path(served.data_dir) / "jinghutong.db").exists()
    assert httpx.get(f"{base}/readyz").json()["status"] == "ok"
    assert httpx.get(f"{base}/metrics").status_code == 200
