"""The default rule book: what a station has until its chief writes another (README table)."""

from __future__ import annotations

from typing import NamedTuple

from jinghutong.models import PointsEvent


class DefaultRule(NamedTuple):
    event_kind: str
    points: int
    monthly_cap: int | None
    description: str


DEFAULT_MONTHLY_CAP = 300
DEFAULT_RULES = (
    DefaultRule(PointsEvent.dispatch_feedback, 20, 200, "接到值班室派警，到场处置并反馈"),
    DefaultRule(PointsEvent.clue_valid, 30, 150, "提供的线索经民警核实有效"),
    DefaultRule(PointsEvent.caught_in_act, 100, None, "提供的线索协助抓获现行"),
    DefaultRule(PointsEvent.hazard_confirmed, 10, 50, "发现的安全隐患经核实并告知整改"),
    DefaultRule(PointsEvent.dispute_settled, 15, 60, "在联户网格内化解矛盾纠纷"),
    DefaultRule(PointsEvent.visit_recorded, 2, 40, "走访登记"),
    DefaultRule(PointsEvent.bulletin_all_read, 5, 20, "所联系的户全部阅读重要警讯"),
    DefaultRule(PointsEvent.claim, 50, 100, "申报的好人好事经审核通过（每次最多50分）"),
)
