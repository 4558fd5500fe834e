"""`openapi.yaml` at the project root is generated from the app; a test fails when it drifts."""

from __future__ import annotations

from typing import Any

import yaml

from jinghutong.core.config import Settings


def openapi_document() -> dict[str, Any]:
    from jinghutong.app import create_app

    # Generated with no WeChat credentials but without the emulator: it is not part of the API.
    settings = Settings(env="development", database_url="sqlite+aiosqlite:///:memory:")
    return create_app(settings, mount_emulator=False).openapi()


def openapi_yaml() -> str:
    return yaml.safe_dump(openapi_document(), allow_unicode=True, sort_keys=False, width=100)
