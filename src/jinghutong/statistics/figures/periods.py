"""Periods of China days (inclusive at both ends) and what they are compared with.

- 同比 (yoy): the same dates a year before (29 February → 28 February).
- 环比 (mom): the period just before, of the same length — for the whole; a month's line in a
  by-month table is compared with the month before it, over the same days of the month
  (1–31 March with 1–28 February, 1–2 December with 1–2 November), as monthly reports do.
- Timestamps (a dispute settled, a letter written) fall in a period when their China day
  does: [start 00:00, end + 1 day 00:00) Asia/Shanghai, as UTC bounds."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from jinghutong.core.clock import SHANGHAI, now

MAX_DAYS = 3 * 366 + 1  # a period of at most three years (its months are the by-month lines)


class Compare(StrEnum):
    yoy = "yoy"  # 同比
    mom = "mom"  # 环比


COMPARE_NAMES = {Compare.yoy: "同比", Compare.mom: "环比"}


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[since, until) in UTC."""
        since = datetime.combine(self.start, time(), SHANGHAI).astimezone(UTC)
        until = datetime.combine(self.end + timedelta(days=1), time(), SHANGHAI).astimezone(UTC)
        return since, until

    def label(self) -> str:
        """How the period reads in a title: 2024年, 2024年7月, or 2024-01-01至2024-06-30."""
        s, e = self.start, self.end
        if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
            return f"{s.year}年"
        if s.day == 1 and (s.year, s.month) == (e.year, e.month) and e.day == _last_day(e):
            return f"{s.year}年{s.month}月"
        return f"{s.isoformat()}至{e.isoformat()}"

    def months(self) -> list[Period]:
        """The calendar months of the period, the first and last clipped to it."""
        out: list[Period] = []
        start = self.start
        while start <= self.end:
            month_end = start.replace(day=_last_day(start))
            out.append(Period(start, min(month_end, self.end)))
            start = month_end + timedelta(days=1)
        return out


def today() -> date:
    return now().astimezone(SHANGHAI).date()


def _last_day(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def year_before(period: Period) -> Period:
    s, e = period.start, period.end
    return Period(_clamped(s.year - 1, s.month, s.day), _clamped(e.year - 1, e.month, e.day))


def just_before(period: Period) -> Period:
    length = timedelta(days=period.days)
    return Period(period.start - length, period.end - length)


def month_before(month: Period) -> Period:
    """The same days of the previous month (a month line's 环比)."""
    s, e = month.start, month.end
    year, number = (s.year, s.month - 1) if s.month > 1 else (s.year - 1, 12)
    last = calendar.monthrange(year, number)[1]
    # A line to the end of its month compares with the previous month to its end.
    end_day = last if e.day == _last_day(e) else min(e.day, last)
    return Period(_clamped(year, number, s.day), date(year, number, end_day))


def compared(period: Period, compare: Compare) -> Period:
    return year_before(period) if compare == Compare.yoy else just_before(period)


def compared_month(month: Period, compare: Compare) -> Period:
    return year_before(month) if compare == Compare.yoy else month_before(month)


def resolve(start: date | None, end: date | None) -> Period:
    """The asked period: `to` defaults to today, `from` to 1 January of `to`'s year; a `to`
    after today is today (the days not yet lived count no 日均). Raises ValueError with the
    field at fault when the period is empty or too long."""
    current = today()
    if start is not None and start > current:
        raise ValueError("from")
    end = min(end or current, current)
    start = start or date(end.year, 1, 1)
    if start > end:
        raise ValueError("to")
    period = Period(start, end)
    if period.days > MAX_DAYS:
        raise ValueError("range")
    return period
