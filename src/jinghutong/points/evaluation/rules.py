"""The station's 《"村级警务助理"工作实绩考评办法》 as one table: what a 村警's month is scored on.

Every item is counted from recorded work (the records behind it are listed on the sheet, so a
村警 sees exactly why), scored at `points` per record up to `cap` a month (an addition's most,
a deduction's worst; None: no cap), on top of a base of 60. 群众满意度 is the one item scored
on a mean: the mean rating villagers gave the cases the 村警 handled.

Changing the rules is changing this table (and the README's copy of it); sheets already
computed keep the items they were computed with, and a draft picks the change up when it is
recomputed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

BASE_SCORE = 60.0

# Which recorded work feeds an item (points/evaluation/records.py gathers each).
Source = Literal[
    "visits",  # 走访 they recorded (visited this month)
    "sentiment",  # 社情民意 they recorded
    "clue_valid",  # clues they reported that an officer resolved as 有效
    "clue_caught",  # clues they reported that led to 抓获现行
    "cases_on_time",  # cases they handled, not acknowledged by them after the deadline
    "cases_late",  # cases they acknowledged (accepted) after the deadline in force
    "help",  # 求助 cases among those they handled
    "disputes",  # disputes they mediated or carried to a settlement (the 五件事's 矛调)
    "errands",  # bookings they made on a villager's behalf (代办)
    "bulletins",  # bulletins they wrote that went out (宣防)
    "missed_shifts",  # duty shifts whose day passed without a check-in (值班)
    "rated",  # cases they handled that the reporter rated (群众满意度)
]


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    points: float  # per record; for a mean-scored item, the points either way
    cap: float | None  # the most the item adds (or takes off) in a month
    counted: str  # how it is counted, in plain words (the sheet and the README show it)
    source: Source
    # Mean-scored (群众满意度): +points at or above good_mean, -points below poor_mean, and
    # only once at least min_rated cases were rated (one villager's mood is not a verdict).
    good_mean: float | None = None
    poor_mean: float | None = None
    min_rated: int = 0


RULES: tuple[Rule, ...] = (
    Rule("visits", "走访", 0.5, 10, "本月记录的每次走访", "visits"),
    Rule("information", "社情民意", 1, 10, "本月采集的每条社情民意", "sentiment"),
    Rule("clue_valid", "线索提供", 3, None, "本人报送、民警认定为有效的每条线索", "clue_valid"),
    Rule("caught_in_act", "抓获现行", 10, None, "本人报送、协助抓获现行的每条线索", "clue_caught"),
    Rule("cases_on_time", "警情处置", 1, 10, "经手处置且未超时接单的每件警情", "cases_on_time"),
    Rule("cases_late", "警情超时", -1, None, "超过时限才接单的每件警情", "cases_late"),
    Rule("emergency_help", "救急救助", 2, 10, "经手处置的每件群众求助", "help"),
    Rule("mediation", "矛盾纠纷调处", 2, 10, "本月调解或调处成功的每起纠纷", "disputes"),
    Rule("errands", "代办服务", 1, 5, "为群众预约代办的每件事（未取消）", "errands"),
    Rule("publicity", "宣防", 1, 5, "本人撰写并已发出的每条警讯", "bulletins"),
    Rule("duty_missed", "值班缺勤", -2, None, "排班当天未签到的每个班次", "missed_shifts"),
    Rule(
        "satisfaction",
        "群众满意度",
        5,
        None,
        "经手警情的群众评价平均分：≥4.5 分加 5 分，<3 分扣 5 分（至少 3 件评价）",
        "rated",
        good_mean=4.5,
        poor_mean=3.0,
        min_rated=3,
    ),
)
RULE_NAMES = {rule.key: rule.name for rule in RULES}

APPEAL_ADJUSTMENT = "appeal_adjustment"
APPEAL_ADJUSTMENT_NAME = "申诉调整"


@dataclass(frozen=True)
class Record:
    """One record behind an item: its type and id (what a 村警 can look up) and a label."""

    type: str  # case · visit · sentiment · dispute · appointment · bulletin · duty_shift
    id: str
    label: str = ""
    rating: int | None = None  # a rated case's rating (群众满意度)

    def ref(self) -> dict[str, str]:
        return {"type": self.type, "id": self.id, "label": self.label}


@dataclass(frozen=True)
class Evidence:
    """A 村警's month: the records behind each source."""

    records: Mapping[str, Sequence[Record]] = field(default_factory=dict)

    def of(self, source: Source) -> Sequence[Record]:
        return self.records.get(source, ())


def _capped(rule: Rule, raw: float) -> float:
    if rule.cap is None:
        return raw
    return min(raw, rule.cap) if raw >= 0 else max(raw, -rule.cap)


def _mean_points(rule: Rule, records: Sequence[Record]) -> tuple[float, str | None]:
    ratings = [r.rating for r in records if r.rating is not None]
    if len(ratings) < rule.min_rated or not ratings:
        return 0.0, f"评价 {len(ratings)} 件，不足 {rule.min_rated} 件不计分"
    mean = round(sum(ratings) / len(ratings), 2)
    note = f"平均 {mean} 分（{len(ratings)} 件评价）"
    if rule.good_mean is not None and mean >= rule.good_mean:
        return rule.points, note
    if rule.poor_mean is not None and mean < rule.poor_mean:
        return -rule.points, note
    return 0.0, note


def item(rule: Rule, records: Sequence[Record]) -> dict[str, Any]:
    """One line of the sheet: every record counted (beyond the cap too: they are the work)."""
    note: str | None = None
    if rule.good_mean is not None or rule.poor_mean is not None:
        points, note = _mean_points(rule, records)
    else:
        points = _capped(rule, rule.points * len(records))
        if rule.cap is not None and abs(rule.points * len(records)) > rule.cap:
            note = f"本项封顶 {rule.cap:g} 分"
    return {
        "item": rule.key,
        "name": rule.name,
        "count": len(records),
        "points": float(points),
        "records": [r.ref() for r in records],
        "note": note,
    }


def score(evidence: Evidence) -> tuple[float, list[dict[str, Any]]]:
    """The total and the items of a month, in the table's order."""
    items = [item(rule, evidence.of(rule.source)) for rule in RULES]
    return BASE_SCORE + sum(i["points"] for i in items), items


def adjustment(appeal_id: str, points: float, decision: str) -> dict[str, Any]:
    """The item an upheld appeal adds: the computed items stay as they were."""
    return {
        "item": APPEAL_ADJUSTMENT,
        "name": APPEAL_ADJUSTMENT_NAME,
        "count": 1,
        "points": float(points),
        "records": [{"type": "evaluation_appeal", "id": appeal_id, "label": decision[:100]}],
        "note": None,
    }
