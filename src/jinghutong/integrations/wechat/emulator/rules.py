"""Subscribe-message field rules and mini-program code scene rules, as WeChat enforces them.

Each checker returns None when the value is acceptable, else the reason WeChat puts in errmsg."""

from __future__ import annotations

import re
from collections.abc import Callable

SCENE_MAX = 32
SCENE_RE = re.compile(r"[0-9A-Za-z!#$&'()*+,/:;=?@._~\-]{1,32}")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBER_RE = re.compile(r"[0-9]+(\.[0-9]+)?")
_PHONE_RE = re.compile(r"\+?[0-9][0-9\- ]*")
# Formats WeChat accepts for time/date values: "2019年10月1日 15:01", "2019-10-01 15:01",
# "15:01", "2019年10月1日", "2019-10-01", optionally with a "~" range.
_DATE = r"(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2})"
_CLOCK = r"\d{1,2}:\d{2}(:\d{2})?"
_TIME_ONE = rf"({_DATE}( {_CLOCK})?|{_CLOCK})"
_TIME_RE = re.compile(rf"{_TIME_ONE}( ?~ ?{_TIME_ONE})?")
_DATE_RE = re.compile(rf"{_DATE}( ?~ ?{_DATE})?")


def scene_valid(scene: object) -> bool:
    return isinstance(scene, str) and SCENE_RE.fullmatch(scene) is not None


def _thing(value: str) -> str | None:
    return "exceeds limit" if len(value) > 20 else None


def _character_string(value: str) -> str | None:
    if len(value) > 32:
        return "exceeds limit"
    return "invalid format" if _CJK_RE.search(value) else None


def _number(value: str) -> str | None:
    if len(value) > 32:
        return "exceeds limit"
    return None if _NUMBER_RE.fullmatch(value) else "invalid format"


def _chinese(limit: int) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        if len(value) > limit:
            return "exceeds limit"
        return None if all(_CJK_RE.match(ch) for ch in value) else "invalid format"

    return check


def _time(value: str) -> str | None:
    return None if _TIME_RE.fullmatch(value) else "invalid format"


def _date(value: str) -> str | None:
    return None if _DATE_RE.fullmatch(value) else "invalid format"


def _phone_number(value: str) -> str | None:
    if len(value) > 17:
        return "exceeds limit"
    return None if _PHONE_RE.fullmatch(value) else "invalid format"


def _letter(value: str) -> str | None:
    if len(value) > 32:
        return "exceeds limit"
    return None if value.isascii() and value.isalpha() else "invalid format"


def _symbol(value: str) -> str | None:
    return "exceeds limit" if len(value) > 5 else None


def _car_number(value: str) -> str | None:
    return "exceeds limit" if len(value) > 8 else None


CHECKS: dict[str, Callable[[str], str | None]] = {
    "thing": _thing,
    "character_string": _character_string,
    "number": _number,
    "amount": _number,
    "phrase": _chinese(5),
    "name": _chinese(10),
    "time": _time,
    "date": _date,
    "phone_number": _phone_number,
    "letter": _letter,
    "symbol": _symbol,
    "car_number": _car_number,
}


def field_kind(key: str) -> str:
    """`thing1` → `thing`, `character_string12` → `character_string`."""
    return key.rstrip("0123456789")


def check_field(kind: str, value: object) -> str | None:
    if not isinstance(value, str) or value == "":
        return "is empty" if value in (None, "") else "invalid format"
    check = CHECKS.get(kind)
    return check(value) if check else None
