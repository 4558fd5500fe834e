"""Sheets as people read them.

A confirmed sheet whose appeal window has closed reads as final at once, before the job that
records it (tasks.py) has run: the window is a fact of the calendar, not of the job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jinghutong.core import clock
from jinghutong.governance.work_summary.service import month_window
from jinghutong.models import DecisionStatus, EvaluationAppeal, SheetStatus
from jinghutong.points.evaluation.repository import Placed
from jinghutong.points.evaluation.schemas import (
    SHEET_STATUS_NAMES,
    AppealOut,
    AreaRef,
    ItemOut,
    PersonRef,
    RecordRef,
    SheetDetail,
    SheetOut,
    SheetState,
)
from jinghutong.points.evaluation.workdays import appeal_deadline


@dataclass(frozen=True)
class Powers:
    """Who the reader is to one sheet: the chief over its village (confirms, decides appeals),
    and one who may compute its village's sheets (the chief or the admin of the station)."""

    chief: bool
    computes: bool


def month_over(month: str, now: datetime | None = None) -> bool:
    _, _, end = month_window(month)
    return (now or clock.now()) >= end


def deadline_of(placed: Placed) -> datetime | None:
    at = placed.sheet.confirmed_at
    return appeal_deadline(at) if at is not None else None


def status_of(placed: Placed, now: datetime | None = None) -> SheetState:
    status = SheetStatus(placed.sheet.status)
    deadline = deadline_of(placed)
    if (
        status == SheetStatus.confirmed
        and deadline is not None
        and (now or clock.now()) >= deadline
    ):
        return "final"
    return status.value


def sheet_out(placed: Placed) -> SheetOut:
    sheet, village = placed.sheet, placed.village
    status = status_of(placed)
    return SheetOut(
        id=sheet.id,
        month=sheet.month,
        person=PersonRef(id=sheet.person_id, name=placed.person_name),
        village=AreaRef(id=village.id, name=village.name) if village is not None else None,
        base_score=sheet.base_score,
        score=sheet.score,
        status=status,
        status_name=SHEET_STATUS_NAMES[status],
        computed_at=sheet.computed_at,
        confirmed_at=sheet.confirmed_at,
        appeal_deadline=deadline_of(placed),
    )


def appeal_out(appeal: EvaluationAppeal, names: dict[str, str]) -> AppealOut:
    decided = appeal.status != DecisionStatus.pending
    return AppealOut(
        id=appeal.id,
        reason=appeal.reason,
        status=appeal.status,
        upheld=(appeal.status == DecisionStatus.approved) if decided else None,
        filed_at=appeal.created_at,
        decided_by=(
            PersonRef(id=appeal.decided_by, name=names.get(appeal.decided_by, ""))
            if appeal.decided_by
            else None
        ),
        decided_at=appeal.decided_at,
        decision=appeal.decision,
        score_after=appeal.score_after,
    )


def detail_out(
    placed: Placed,
    appeal: EvaluationAppeal | None,
    names: dict[str, str],
    me: str,
    powers: Powers,
) -> SheetDetail:
    base = sheet_out(placed)
    items = [
        ItemOut(
            item=i["item"],
            name=i["name"],
            count=i["count"],
            points=i["points"],
            records=[RecordRef(**r) for r in i.get("records", [])],
            note=i.get("note"),
        )
        for i in placed.sheet.items
    ]
    draft = base.status == "draft"
    pending = appeal is not None and appeal.status == DecisionStatus.pending
    return SheetDetail(
        **base.model_dump(),
        items=items,
        appeal=appeal_out(appeal, names) if appeal is not None else None,
        may_appeal=base.status == "confirmed" and appeal is None and placed.sheet.person_id == me,
        can_confirm=powers.chief and draft and month_over(base.month),
        can_decide=powers.chief and base.status == "appealed" and pending,
        can_compute=powers.computes and draft,
    )
