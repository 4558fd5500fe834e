"""The emulator under uvicorn (once per run), reset before each test; wechatpy and service
clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from jinghutong.core.config import Settings
from jinghutong.integrations.wechat.client import WechatpyClient
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.integrations.wechat.tokens import MemoryTokenStore
from support.emulator_server import RunningEmulator


@pytest.fixture(autouse=True)
def _fresh_emulator(emulator: RunningEmulator) -> Iterator[None]:
    emulator.state.reset()
    yield
    emulator.state.reset()


@pytest.fixture
def wechatpy_client(emulator: RunningEmulator) -> WechatpyClient:
    """wechatpy itself (our subclass only rebases URLs and uses stable_token)."""
    return WechatpyClient(emulator.app_id, emulator.app_secret, base_url=emulator.url)


@pytest.fixture
def phone(emulator: RunningEmulator) -> Iterator[httpx.Client]:
    """The phone side: /device/login, /device/subscribe, /device/inbox, /device/phone-code."""
    with httpx.Client(base_url=emulator.url) as client:
        yield client


@pytest.fixture
def emulated_settings(emulator: RunningEmulator) -> Settings:
    """Settings with no WeChat credentials (emulated) and the API base at the test emulator."""
    return Settings(env="test", wechat={"api_base": emulator.url})


@pytest.fixture
async def wechat(emulated_settings: Settings) -> AsyncIterator[WechatService]:
    service = WechatService(emulated_settings, token_store=MemoryTokenStore())
    yield service
    await service.aclose()
