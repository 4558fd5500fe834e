"""Which rollup rows make up a period: its whole calendar months from the month grain, the
ragged edges — the days before its first whole month and after its last — from the day grain
(statistics/incidents/rollup.py). 2024-01-15 … 2024-11-20 is the month rows of February to
October and the day rows of 15–31 January and 1–20 November; a period inside one month that
does not fill it is day rows only."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_

from jinghutong.models import IncidentCount
from jinghutong.models.incident import RollupGrain
from jinghutong.statistics.figures.periods import Period

_DAY, _MONTH = RollupGrain.day.value, RollupGrain.month.value


@dataclass(frozen=True)
class Cover:
    months: tuple[date, date] | None  # the 1st of the first and of the last whole month
    days: tuple[tuple[date, date], ...]  # the ragged edges, inclusive

    def holds(self, grain: str, first_day: date) -> bool:
        """Whether a rollup row of this grain and first day belongs to the period."""
        if grain == _MONTH:
            return self.months is not None and self.months[0] <= first_day <= self.months[1]
        return any(a <= first_day <= b for a, b in self.days)

    def spans(self) -> list[tuple[str, date, date]]:
        """(grain, first, last): the rows of the period, as ranges of one grain each."""
        out = [(_MONTH, *self.months)] if self.months is not None else []
        return out + [(_DAY, a, b) for a, b in self.days]

    def where(self) -> ColumnElement[bool]:
        """The same as a SQL condition on incident_counts."""
        parts: list[Any] = []
        if self.months is not None:
            parts.append(
                and_(IncidentCount.grain == _MONTH, IncidentCount.first_day.between(*self.months))
            )
        for a, b in self.days:
            parts.append(and_(IncidentCount.grain == _DAY, IncidentCount.first_day.between(a, b)))
        return or_(*parts) if parts else false()


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def cover(period: Period) -> Cover:
    s, e = period.start, period.end
    first = s if s.day == 1 else _month_end(s) + timedelta(days=1)  # 1st whole month's 1st
    last = e.replace(day=1) if e == _month_end(e) else (e.replace(day=1) - timedelta(days=1))
    last = last.replace(day=1)  # the last whole month's 1st
    if first > last:
        return Cover(None, ((s, e),))
    days = []
    if s < first:
        days.append((s, first - timedelta(days=1)))
    if _month_end(last) < e:
        days.append((_month_end(last) + timedelta(days=1), e))
    return Cover((first, last), tuple(days))
