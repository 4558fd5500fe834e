"""Every operation of `openapi.yaml`, fuzzed by schemathesis over HTTP against a live
`jinghutong serve`, as a villager, a 联户长 and the chief: no answer is a server error, and every
answer — errors included — has a status and a body the description promises.

Schemathesis alone would send random ids, which every route answers with 404 before doing
anything. So the test first makes a small world through the API (a report with a photo, a
letter to the chief, a draft bulletin) and hands schemathesis dictionaries of real ids — the
caller's own and other people's — bound to the path and body fields that name them. The run is
bounded: a fixed number of examples per operation (coverage and fuzzing phases).

On PostgreSQL (JHT_TEST_DATABASE_URL set) the server runs on a database of its own,
`jht_fuzz`, so that PostgreSQL's stricter types are fuzzed too."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from support.live_server import LiveServer, clean_env, fresh_postgres_database, serving

EXAMPLES_PER_OPERATION = 10
# `bash .ci/run` fuzzes once, on its PostgreSQL pass, when it has PostgreSQL (the fuzz is the
# longest file of the suite and CI's time is bounded); it says so by this variable on its
# SQLite pass. Anyone else's `pytest` fuzzes on whichever database it runs.
pytestmark = pytest.mark.skipif(
    os.environ.get("JHT_FUZZ_ON_POSTGRES_ONLY") == "1"
    and not os.environ.get("JHT_TEST_DATABASE_URL"),
    reason="CI fuzzes on its PostgreSQL pass (.ci/run)",
)
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
# Logging out would end the run's own session; the rest of the API is fair game.
EXCLUDED_PATHS = ("/api/v1/auth/logout",)
ROLES = ("villager", "group_leader", "chief")

# Path and body fields → the dictionary of real ids they draw from (most of the time).
BINDINGS = {
    "path.case_id": "cases",
    "path.area_id": "areas",
    "path.household_id": "households",
    "path.media_id": "media",
    "path.petition_id": "petitions",
    "path.bulletin_id": "bulletins",
    "path.appointment_id": "appointments",
    "path.service_id": "services",
    "path.membership_id": "memberships",
    "query.area_id": "areas",
    "query.village_id": "areas",
    "query.parent_id": "areas",
    "body.household_id": "households",
    "body.area_id": "areas",
    "body.media_ids[*]": "media",
    "body.cover_media_id": "media",
    "body.voice_media_id": "media",
    "body.service_id": "services",
}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = clean_env()
    test_url = os.environ.get("JHT_TEST_DATABASE_URL")
    if test_url:
        env["JHT_DATABASE_URL"] = fresh_postgres_database(test_url, "jht_fuzz")
    with serving(tmp_path_factory.mktemp("fuzz"), env) as live:
        yield live


def _login(http: httpx.Client, account: dict) -> str:
    if account["username"]:
        body = {"username": account["username"], "password": account["password"]}
        answer = http.post("/api/v1/auth/password", json=body)
    else:
        device = http.post("/wechat-emulator/device/login", json={"openid": account["openid"]})
        answer = http.post("/api/v1/auth/wechat", json={"code": device.json()["code"]})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def _upload(http: httpx.Client, token: str) -> str:
    answer = http.post(
        "/api/v1/media",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("photo.jpg", _jpeg(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def _ids(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return [str(item["id"]) for item in (body if isinstance(body, list) else body["items"])]


@pytest.fixture(scope="module")
def world(server: LiveServer) -> tuple[dict[str, str], dict[str, list[str]]]:
    return make_world(server)


def make_world(server: LiveServer) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Tokens per role, and real ids by kind: each role's own things and the others'."""
    accounts = server.accounts()
    first = {role: next(a for a in accounts if a["role"] == role) for role in ROLES}
    ids: dict[str, list[str]] = {}
    with httpx.Client(base_url=server.url, timeout=30) as http:
        tokens = {role: _login(http, account) for role, account in first.items()}

        def auth(role: str) -> dict[str, str]:
            return {"Authorization": f"Bearer {tokens[role]}"}

        villager = auth("villager")
        me = http.get("/api/v1/me", headers=villager).json()
        photo = _upload(http, tokens["villager"])
        case = http.post(
            "/api/v1/cases",
            headers={**villager, "Idempotency-Key": "fuzz-case-1"},
            json={"kind": "help", "text": "家里老人摔倒了，想请人帮忙", "media_ids": [photo]},
        )
        assert case.status_code == 201, case.text
        letter = http.post(
            "/api/v1/petitions",
            headers={**villager, "Idempotency-Key": "fuzz-petition-1"},
            json={"text": "村口的路灯坏了很久了"},
        )
        assert letter.status_code == 201, letter.text
        chief = auth("chief")
        draft = http.post(
            "/api/v1/bulletins",
            headers=chief,
            json={
                "title": "防范电信诈骗",
                "body": "不要相信陌生来电",
                "category": "反诈宣传",
                "audience": {"areas": [first["villager"]["area_id"]]},
            },
        )
        assert draft.status_code == 201, draft.text
        ids["cases"] = [
            case.json()["id"],
            *_ids(http.get("/api/v1/cases?scope=area", headers=chief)),
        ]
        ids["petitions"] = [letter.json()["id"]]
        ids["bulletins"] = [draft.json()["id"]]
        stations = _ids(http.get("/api/v1/areas", headers=chief))
        townships = _ids(http.get(f"/api/v1/areas?parent_id={stations[0]}", headers=chief))
        ids["areas"] = [a["area_id"] for a in first.values()] + stations + townships
        ids["households"] = [m["household_id"] for m in me["memberships"]] + _ids(
            http.get("/api/v1/households?limit=5", headers=chief)
        )
        ids["memberships"] = [m["id"] for m in me["memberships"]]
        ids["media"] = [photo, *(_upload(http, tokens[role]) for role in ("group_leader", "chief"))]
        ids["services"] = _ids(http.get("/api/v1/appointment-services", headers=villager))
        ids["appointments"] = _ids(http.get("/api/v1/appointments", headers=chief)) or ["none"]
    return tokens, {kind: list(dict.fromkeys(values)) for kind, values in ids.items()}


def _config(path: Path, ids: dict[str, list[str]]) -> Path:
    lines = []
    for name, values in ids.items():
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(values)}", ""]
    lines.append("[parameters]")
    lines += [
        f'"{key}" = {{ dictionary = "{name}", probability = 0.8 }}'
        for key, name in BINDINGS.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def schemathesis_command(url: str, token: str, config: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config),
        "run",
        f"{url}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        *(arg for path in EXCLUDED_PATHS for arg in ("--exclude-path", path)),
        "--phases",
        "coverage,fuzzing",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--workers",
        "1",
        "--continue-on-failure",
        "--request-timeout",
        "20",
        "--seed",
        "20261202",
        "--no-color",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_no_server_errors_and_every_answer_as_described(
    role: str, server: LiveServer, world, tmp_path: Path
) -> None:
    tokens, ids = world
    config = _config(tmp_path / "schemathesis.toml", ids)
    command = schemathesis_command(server.url, tokens[role], config)
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    summary = run.stdout[run.stdout.rfind("SUMMARY") :]
    print(f"\n{role}: {summary}")
    assert run.returncode == 0, f"schemathesis as {role} found failures:\n{run.stdout[-20000:]}"
