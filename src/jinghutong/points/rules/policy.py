"""What points may be given for, and what they may never be taken for. One place, one rule:

- A rule only ever awards: its points are > 0, and its event is one of AWARDABLE — work the
  station wants more of (feeding back on a dispatch, a clue, a hazard found, a dispute settled
  in the micro-grid, a visit, a bulletin read by all one's households, a claim approved).
- Petitioning the chief (所长直通车), complaining (社情民意 of category 意见) and writing to the
  chief are a villager's right. They are NOT awardable events — a rule for them is refused,
  so no rule can reward or punish them — and no manual deduction may name one as its source:
  a deduction is allowed only for the person's own case report (a false report), never for
  anything sent to the chief or any complaint. `check_rule` and `check_manual_entry` are the only
  gates; the rule book's PUT and the manual entries call them; the CHECK (points > 0) backs
  the first."""

from __future__ import annotations

from jinghutong.core.errors import ValidationFailed
from jinghutong.models import PointsEvent

AWARDABLE = frozenset(
    {
        PointsEvent.dispatch_feedback,
        PointsEvent.clue_valid,
        PointsEvent.caught_in_act,
        PointsEvent.hazard_confirmed,
        PointsEvent.dispute_settled,
        PointsEvent.visit_recorded,
        PointsEvent.bulletin_all_read,
        PointsEvent.claim,
    }
)
# Words a rule's event kind might use for what may never carry points either way.
PROTECTED = frozenset({"petition", "petitions", "complaint", "complaints", "letter", "chief"})
# The only source a deduction may name: a case the person reported themselves.
DEDUCTIBLE_SOURCE = "case"


class RuleRefused(ValidationFailed):
    detail = "积分规则有误"


class ProtectedSource(ValidationFailed):
    detail = "信访、投诉、意见和给所长写信是群众的权利，不加分也不扣分"


class DeductionRefused(ValidationFailed):
    detail = "扣分只能针对本人上报的虚假报案，不能因信访、投诉、意见或给所长写信扣分"


def check_rule(index: int, event_kind: str, points: int) -> None:
    """Refuse a rule that deducts or that names an event which is not awardable."""
    field = f"rules[{index}]"
    if event_kind not in AWARDABLE:
        if any(word in event_kind.lower() for word in PROTECTED):
            raise RuleRefused(
                f"规则“{event_kind}”不能设立：信访、投诉和给所长写信是群众的权利，不加分也不扣分",
                fields={f"{field}.event_kind": "不可计分的事项"},
            )
        raise RuleRefused(
            f"规则“{event_kind}”不是可以计分的事项", fields={f"{field}.event_kind": "未知事项"}
        )
    if points <= 0:
        raise RuleRefused(
            f"规则“{event_kind}”的积分必须大于0：积分规则只加分，扣分须经人工审核",
            fields={f"{field}.points": "必须大于0"},
        )


def check_manual_entry(points: int, source_type: str | None, source_is_own_report: bool) -> None:
    """A manual entry names a case or nothing: a petition, a complaint or a letter to the chief
    can neither be rewarded nor deducted for. A deduction (points < 0) needs a case that is the
    person's own report (a false report); a commendation may name any case or none."""
    if source_type is not None and source_type != DEDUCTIBLE_SOURCE:
        raise ProtectedSource(fields={"source_type": "不能关联信访、投诉或意见"})
    if points < 0 and (source_type != DEDUCTIBLE_SOURCE or not source_is_own_report):
        raise DeductionRefused(fields={"source_id": "扣分须关联本人上报的案件"})
