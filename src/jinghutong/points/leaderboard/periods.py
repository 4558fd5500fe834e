"""The 光荣榜's periods: a calendar quarter or year in Asia/Shanghai (the village's calendar),
turned into the UTC bounds the ledger's `created_at` is compared with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal

from jinghutong.core import clock

PeriodKind = Literal["quarter", "year"]
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    first_day: date
    next_first_day: date  # the day after the period's last
    label: str  # 2026年第四季度 · 2026年度

    @property
    def starts_at(self) -> datetime:
        return _midnight(self.first_day)

    @property
    def ends_at(self) -> datetime:
        return _midnight(self.next_first_day)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next_first_day.toordinal() - 1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.SHANGHAI).astimezone(UTC)


def today() -> date:
    return clock.now().astimezone(clock.SHANGHAI).date()


def period_of(kind: PeriodKind, at: date) -> Period:
    """The quarter or year that holds `at`."""
    if kind == "year":
        return Period(kind, date(at.year, 1, 1), date(at.year + 1, 1, 1), f"{at.year}年度")
    index = (at.month - 1) // 3
    first = date(at.year, 3 * index + 1, 1)
    following = date(at.year + 1, 1, 1) if index == 3 else date(at.year, 3 * index + 4, 1)
    return Period(kind, first, following, f"{at.year}年{QUARTER_NAMES[index]}")
