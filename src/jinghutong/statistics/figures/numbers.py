"""How a figure is computed and said: the change against the compared period as a percentage
(null when that period had none: no division by zero), 日均, shares, and the station's
sentence ("2024年辖区总警情同比下降21.81%，有效警情下降23.01%，……")."""

from __future__ import annotations

from collections.abc import Sequence

from jinghutong.statistics.figures.schemas import CategoryLine, Figure

# How a category reads in the sentence: 治安警情, 纠纷警情 … (火警, 群众求助 as they are).
_SAID = {
    "criminal": "刑事警情",
    "public_order": "治安警情",
    "traffic": "交通警情",
    "fire": "火警",
    "dispute": "纠纷警情",
    "help": "群众求助",
    "report": "举报投诉",
    "other": "其他警情",
    "invalid": "无效报警",
}


def change_pct(count: int, previous: int) -> float | None:
    if previous == 0:
        return None
    return round((count - previous) * 100 / previous, 2)


def share(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 2) if whole else None


def per_day(count: int, days: int) -> float:
    return round(count / days, 2)


def figure(count: int, previous: int, days: int) -> Figure:
    return Figure(
        count=count,
        previous=previous,
        change_pct=change_pct(count, previous),
        per_day=per_day(count, days),
    )


def _pct(value: float) -> str:
    return f"{abs(value):.2f}".rstrip("0").rstrip(".") + "%"


def moved(f: Figure) -> str:
    """下降21.81% · 上升5% · 持平 · 上期无警情."""
    if f.change_pct is None:
        return "（对比期无警情）" if f.count else "持平（均无警情）"
    if f.change_pct == 0:
        return "持平"
    return ("上升" if f.change_pct > 0 else "下降") + _pct(f.change_pct)


def headline(
    label: str, compare_name: str, total: Figure, valid: Figure, lines: Sequence[CategoryLine]
) -> str:
    parts = [f"{label}辖区总警情{compare_name}{moved(total)}", f"有效警情{moved(valid)}"]
    parts += [
        f"{_SAID.get(line.code, line.name)}{moved(line)}"
        for line in lines
        if line.valid and line.change_pct is not None
    ]
    return "，".join(parts)
