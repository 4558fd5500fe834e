"""The appeal window: 3 working days from the chief's confirmation.

Working days are Monday to Friday in Asia/Shanghai. Public holidays (国庆, 春节 …) and the
weekend days made working days around them (调休) are NOT modelled: the State Council
publishes them each year and the station has no calendar of them here, so a window that spans
a holiday closes earlier than the rules on paper would close it.

The day of confirmation does not count (as "自确认之日起3个工作日内" is read): confirmed on a
Thursday, the window runs through Friday, Monday and Tuesday, and closes at 24:00 Tuesday."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from jinghutong.core import clock

APPEAL_WORKING_DAYS = 3
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5  # holidays are not modelled (see above)


def last_appeal_day(confirmed_at: datetime, days: int = APPEAL_WORKING_DAYS) -> date:
    """The last working day on which an appeal may still be filed."""
    day = confirmed_at.astimezone(clock.SHANGHAI).date()
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def appeal_deadline(confirmed_at: datetime) -> datetime:
    """The instant (UTC) the window closes: midnight after its last working day."""
    last = last_appeal_day(confirmed_at)
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=clock.SHANGHAI).astimezone(
        UTC
    )


def deadline_words(confirmed_at: datetime) -> str:
    """2026年12月08日（星期二）24:00 — how the deadline is said to a person."""
    last = last_appeal_day(confirmed_at)
    return f"{last.year}年{last.month:02d}月{last.day:02d}日（{WEEKDAYS[last.weekday()]}）24:00"
