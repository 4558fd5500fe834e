"""openapi.yaml at the root is generated from the app: this fails when it drifts."""

from __future__ import annotations

from pathlib import Path

from jinghutong.openapi import openapi_yaml

ROOT = Path(__file__).resolve().parents[1]


def test_openapi_yaml_matches_the_app():
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == openapi_yaml(), "openapi.yaml is out of date: run `jinghutong openapi`"


def test_the_contract_paths_are_documented():
    text = openapi_yaml()
    for path in (
        "/api/v1/auth/wechat:",
        "/api/v1/auth/password:",
        "/api/v1/auth/logout:",
        "/api/v1/me:",
        "/healthz:",
        "/readyz:",
    ):
        assert path in text
