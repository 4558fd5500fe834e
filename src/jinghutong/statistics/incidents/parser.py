"""Reading a 110 export: the file checks and row stream are the household import's (size,
magic bytes, zip bombs, xlsx streamed, CSV in UTF-8 or GB18030); what is the 110 system's own
is its times — Excel date cells, or text the way exports write it ("2024-07-29 14:05:00",
"2024/7/29 14:05", "2024年7月29日 14时05分", "20240729140500") — read as Beijing time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from openpyxl.utils.datetime import from_excel

from jinghutong.core.clock import SHANGHAI
from jinghutong.households.importing.parser import (
    MAX_FILE_BYTES,
    FormulaWithoutValue,
    ImportFileTooLarge,
    Row,
    is_blank,
    open_table,
)

__all__ = [
    "MAX_FILE_BYTES",
    "FormulaWithoutValue",
    "ImportFileTooLarge",
    "Row",
    "is_blank",
    "open_table",
    "parse_time",
]

_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H", "%Y-%m-%d")
_COMPACT = re.compile(r"^\d{8}(\d{4}(\d{2})?)?$")
_FOLD = str.maketrans({"/": "-", ".": "-", "年": "-", "月": "-", "日": " ", "时": ":", "点": ":"})
# Excel day numbers that can be a 110 record's time: 1990 to 2100.
_SERIAL = (32874.0, 73051.0)


class BadTime(ValueError):
    """The cell holds no time this import can read (the message is for people)."""


def parse_time(value: object) -> datetime:
    """An aware UTC time; naive values are Beijing time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not _SERIAL[0] <= float(value) <= _SERIAL[1]:
            raise BadTime("不是有效的日期时间")
        converted = from_excel(float(value))
        if not isinstance(converted, datetime):
            raise BadTime("不是有效的日期时间")
        moment = converted
    else:
        moment = _from_text(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    # Excel's float day numbers carry sub-millisecond noise; the 110 system counts seconds.
    moment = moment.astimezone(UTC)
    if moment.microsecond:
        moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
    return moment


def _from_text(raw: str) -> datetime:
    text = raw.strip()
    if _COMPACT.match(text):
        text = _compact(text)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    folded = " ".join(text.translate(_FOLD).replace("分", ":").replace("秒", "").split())
    folded = folded.rstrip(":").replace(" :", ":").replace("- ", "-")
    for fmt in _FORMATS:
        try:
            return datetime.strptime(folded, fmt)
        except ValueError:
            continue
    raise BadTime(f"无法识别的日期时间「{raw.strip()[:30]}」，请写成 2024-07-29 14:05:00")


def _compact(text: str) -> str:
    day = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    if len(text) == 8:
        return day
    seconds = text[12:14] or "00"
    return f"{day} {text[8:10]}:{text[10:12]}:{seconds}"
