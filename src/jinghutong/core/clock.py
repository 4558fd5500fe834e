"""One place to ask the time, so tests can move it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

_offset = timedelta(0)
# This process's clock error (JHT_CLOCK_SKEW_SECONDS, set at start-up): the topology harness
# runs a worker a few seconds off to show that leases tolerate hosts whose clocks disagree.
_skew = timedelta(0)


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC) + _skew + _offset


def set_skew(seconds: float) -> None:
    """Run this process's clock `seconds` off the host's (a fault drill; 0 in production)."""
    global _skew
    _skew = timedelta(seconds=seconds)


def advance(delta: timedelta) -> None:
    """Move the clock forward (tests only)."""
    global _offset
    _offset += delta


def reset() -> None:
    global _offset
    _offset = timedelta(0)
