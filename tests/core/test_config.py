"""Settings: environment variables with nested groups; production refuses placeholders."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from jinghutong.core.config import Settings

REAL = {
    "JHT_ENV": "production",
    "JHT_SECRET_KEY": "k3Jq9vX2mB7nR4tY8wZ1cF6hL0pS5dG2aE9uI3oK",
    "JHT_DATABASE_URL": "postgresql+psycopg://jht@db/jht",
    "JHT_WECHAT__APP_ID": "wx1234567890abcdef",
    "JHT_WECHAT__APP_SECRET": "0123456789abcdef0123456789abcdef",
    "JHT_WECHAT__PUSH_TOKEN": "console-token-77",
}


def _env(monkeypatch, values):
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_nested_groups_come_from_double_underscore_variables(monkeypatch):
    _env(
        monkeypatch, {"JHT_WECHAT__API_BASE": "http://emu:9000/", "JHT_AUTH__TOKEN_TTL_HOURS": "2"}
    )
    settings = Settings()
    assert settings.wechat_api_base == "http://emu:9000"
    assert settings.auth.token_ttl_hours == 2


def test_production_starts_with_real_secrets(monkeypatch):
    _env(monkeypatch, REAL)
    settings = Settings()
    assert settings.env == "production" and not settings.wechat.emulated


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("JHT_SECRET_KEY", "dev-only-insecure-secret-key-change-me", "JHT_SECRET_KEY"),
        ("JHT_SECRET_KEY", "short", "JHT_SECRET_KEY"),
        ("JHT_WECHAT__APP_SECRET", "", "JHT_WECHAT__APP_ID"),
        ("JHT_WECHAT__PUSH_TOKEN", "jinghutong-dev-push-token", "PUSH_TOKEN"),
        ("JHT_DATABASE_URL", "", "JHT_DATABASE_URL"),
    ],
)
def test_production_refuses_placeholders(monkeypatch, variable, value, complaint):
    _env(monkeypatch, {**REAL, variable: value})
    with pytest.raises(ValidationError, match=complaint):
        Settings()


def test_development_defaults_use_the_emulator_and_sqlite(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.wechat.emulated
    assert settings.wechat_api_base.endswith("/wechat-emulator")
    assert settings.resolved_database_url.startswith("sqlite+aiosqlite:///")
    assert settings.resolved_storage_url.startswith("file://")


def test_subscribe_template_ids_come_from_the_console_by_our_names(monkeypatch):
    _env(monkeypatch, {"JHT_WECHAT__TEMPLATES": '{"tmpl_bulletin": "Xb9_-kQ2"}'})
    assert Settings().wechat.templates == {"tmpl_bulletin": "Xb9_-kQ2"}


@pytest.mark.parametrize(
    "value",
    [
        '{"tmpl_bulletin": "has space"}',
        '{"tmpl_bulletin": ""}',
        '{"tmpl_bulletin": "same", "tmpl_membership": "same"}',
    ],
)
def test_malformed_template_ids_are_refused_at_start(monkeypatch, value):
    _env(monkeypatch, {"JHT_WECHAT__TEMPLATES": value})
    with pytest.raises(ValidationError):
        Settings()
