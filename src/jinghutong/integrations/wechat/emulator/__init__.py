"""A faithful stand-in for api.weixin.qq.com (ARCHITECTURE.md §6). Off in production."""

from jinghutong.integrations.wechat.emulator.app import create_emulator_app
from jinghutong.integrations.wechat.emulator.state import (
    EMULATOR_APP_ID,
    EMULATOR_APP_SECRET,
    EmulatorState,
    Faults,
    MediaCheck,
)

__all__ = [
    "EMULATOR_APP_ID",
    "EMULATOR_APP_SECRET",
    "EmulatorState",
    "Faults",
    "MediaCheck",
    "create_emulator_app",
]
