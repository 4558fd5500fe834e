"""积分制: the station's rule book, the append-only ledger, claims, manual entries, rewards and
redemptions.

- A rule book is versioned per station: a change is a new version, and every ledger entry names
  the rule (and so the version) it was made under — a change applies to new entries only.
- The ledger is append-only (the mapper refuses updates and deletes). Awards carry the event they
  come from (`source_type`, `source_id`) and an `award_key` that is unique per person: "一案一奖"
  — one award per case and person, whatever is replayed, whichever worker sees it first.
  A balance is a sum; points held for a redemption are a negative entry, returned by a positive
  one on cancel.
- Deductions come only from a manual entry approved by a second person, never from a rule, and
  never for petitioning, complaining or writing to the chief (points/rules.py enforces it)."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class PointsEvent(StrEnum):
    dispatch_feedback = "dispatch_feedback"  # accepted a dispatch, went and fed back
    clue_valid = "clue_valid"  # a clue the officer marked 有效
    caught_in_act = "caught_in_act"  # a clue that led to 抓获现行
    hazard_confirmed = "hazard_confirmed"  # a hazard one found, confirmed by staff
    dispute_settled = "dispute_settled"  # a dispute one settled inside the micro-grid
    visit_recorded = "visit_recorded"  # a 走访 recorded
    bulletin_all_read = "bulletin_all_read"  # every household of one's micro-grid read it
    claim = "claim"  # work nothing recorded, claimed and approved
    manual = "manual"  # a commendation or a deduction, approved by a second person
    redemption = "redemption"  # points held for a reward
    refund = "refund"  # a cancelled redemption's points back


POINTS_EVENT_NAMES = {
    PointsEvent.dispatch_feedback: "接警到场并反馈",
    PointsEvent.clue_valid: "提供有效线索",
    PointsEvent.caught_in_act: "协助抓获现行",
    PointsEvent.hazard_confirmed: "发现隐患经核实",
    PointsEvent.dispute_settled: "在联户网格化解纠纷",
    PointsEvent.visit_recorded: "走访登记",
    PointsEvent.bulletin_all_read: "所联系的户全部阅读警讯",
    PointsEvent.claim: "积分申报",
    PointsEvent.manual: "人工奖扣",
    PointsEvent.redemption: "兑换物品",
    PointsEvent.refund: "取消兑换退回",
}


class PointsRuleBook(IdMixin, CreatedMixin, Base):
    __tablename__ = "points_rule_books"

    station_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    version: Mapped[int] = mapped_column(Integer)
    # Points a person may earn in a calendar month from rules and claims together.
    monthly_cap: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    note: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (UniqueConstraint("station_id", "version"),)


class PointsRule(IdMixin, Base):
    __tablename__ = "points_rules"

    book_id: Mapped[str] = mapped_column(ID, ForeignKey("points_rule_books.id"))
    event_kind: Mapped[str] = mapped_column(String(24))
    points: Mapped[int] = mapped_column(Integer)
    monthly_cap: Mapped[int | None] = mapped_column(Integer)  # per person, this kind
    description: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (
        UniqueConstraint("book_id", "event_kind"),
        CheckConstraint("points > 0", name="awards_only"),
    )


class PointsEntry(IdMixin, CreatedMixin, Base):
    __tablename__ = "points_entries"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    # Where the person stood when it was made (their micro-grid): the 光荣榜 groups by it.
    area_path: Mapped[str] = mapped_column(String(400))
    event_kind: Mapped[str] = mapped_column(String(24))
    points: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[str | None] = mapped_column(ID, ForeignKey("points_rules.id"))
    award_key: Mapped[str | None] = mapped_column(String(80))
    source_type: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(ID)
    reason: Mapped[str] = mapped_column(String(200))  # in plain words, for the villager
    approved_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))

    __table_args__ = (
        UniqueConstraint("person_id", "award_key"),
        Index("ix_points_entries_person_created", "person_id", "created_at"),
        Index("ix_points_entries_household", "household_id"),
        Index(
            "ix_points_entries_area_path_created",
            "area_path",
            "created_at",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_points_entries_source", "source_type", "source_id"),
    )


@event.listens_for(PointsEntry, "before_update")
@event.listens_for(PointsEntry, "before_delete")
def _ledger_is_append_only(_mapper: Any, _connection: Any, target: PointsEntry) -> None:
    raise RuntimeError(f"points entry {target.id} is append-only")


class PointsCursor(Base):
    """How far the award sweep has read each source of recorded events (an id: ids follow
    creation time). The sweep re-reads a margin before it, so an event committed late is not
    missed; the ledger's unique award key makes the re-read harmless."""

    __tablename__ = "points_cursors"

    source: Mapped[str] = mapped_column(String(24), primary_key=True)
    last_id: Mapped[str] = mapped_column(ID)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)


class DecisionStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class PointsAdjustment(IdMixin, CreatedMixin, Base):
    """A manual entry (表彰 or a deduction for a false report): proposed, then decided by a
    second person; the ledger entry is written only on approval."""

    __tablename__ = "points_adjustments"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    source_type: Mapped[str | None] = mapped_column(String(16))  # e.g. the false report's case
    source_id: Mapped[str | None] = mapped_column(ID)
    proposed_by: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    status: Mapped[str] = mapped_column(String(10), default=DecisionStatus.pending)
    decided_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(String(200))
    entry_id: Mapped[str | None] = mapped_column(ID, ForeignKey("points_entries.id"))

    __table_args__ = (
        CheckConstraint("points <> 0", name="not_zero"),
        CheckConstraint("decided_by IS NULL OR decided_by <> proposed_by", name="second_person"),
    )


class PointsClaim(IdMixin, CreatedMixin, Base):
    """Work nothing recorded (helped an old neighbour to hospital at night), with evidence."""

    __tablename__ = "points_claims"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    text: Mapped[str] = mapped_column(Text, default="")
    media_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    happened_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=DecisionStatus.pending)
    points: Mapped[int | None] = mapped_column(Integer)  # what the approver awarded
    decided_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_reason: Mapped[str | None] = mapped_column(String(200))
    entry_id: Mapped[str | None] = mapped_column(ID, ForeignKey("points_entries.id"))

    __table_args__ = (
        Index(
            "ix_points_claims_area_path",
            "area_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_points_claims_person", "person_id", "created_at"),
    )


class Reward(IdMixin, CreatedMixin, Base):
    """Goods and services at the 警务室 — never cash (洗衣粉, 毛巾, 米, 体检券 …)."""

    __tablename__ = "rewards"

    station_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(200), default="")
    points: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer)
    photo_media_id: Mapped[str | None] = mapped_column(ID, ForeignKey("media.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_never_negative"),
        CheckConstraint("points > 0", name="points_positive"),
    )


class RedemptionStatus(StrEnum):
    held = "held"  # points held, goods waiting at the 警务室
    fulfilled = "fulfilled"  # handed over
    cancelled = "cancelled"  # points returned, stock put back


class Redemption(IdMixin, CreatedMixin, Base):
    __tablename__ = "redemptions"

    reward_id: Mapped[str] = mapped_column(ID, ForeignKey("rewards.id"))
    station_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    points: Mapped[int] = mapped_column(Integer)
    # The code the villager shows (a QR) or reads out: only a keyed hash is kept.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10), default=RedemptionStatus.held)
    fulfilled_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_redemptions_person", "person_id", "created_at"),)


Score = Numeric(5, 1, asdecimal=False)


class SheetStatus(StrEnum):
    draft = "draft"  # computed, waiting for the chief
    confirmed = "confirmed"  # the chief confirmed; the 村警 may appeal within 3 working days
    appealed = "appealed"  # an appeal waits for a decision
    final = "final"  # the appeal was decided (or the window closed)


class EvaluationSheet(IdMixin, CreatedMixin, Base):
    """A 村警's month, scored by the station's rules from the records (考评)."""

    __tablename__ = "evaluation_sheets"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    village_id: Mapped[str | None] = mapped_column(ID, ForeignKey("areas.id"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM (Asia/Shanghai)
    # Scores move in half points (a 走访 is worth 0.5): exact decimals in the database,
    # floats in Python (halves are exact in binary too).
    base_score: Mapped[float] = mapped_column(Score)
    score: Mapped[float] = mapped_column(Score)
    # [{item, name, count, points, note, records: [{type, id, label}]}] — each addition and
    # deduction with the records behind it (points/evaluation/rules.py)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default=SheetStatus.draft)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    confirmed_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("person_id", "month"),)


class EvaluationAppeal(IdMixin, CreatedMixin, Base):
    __tablename__ = "evaluation_appeals"

    sheet_id: Mapped[str] = mapped_column(ID, ForeignKey("evaluation_sheets.id"), index=True)
    filed_by: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=DecisionStatus.pending)
    decided_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision: Mapped[str | None] = mapped_column(Text)
    score_after: Mapped[float | None] = mapped_column(Score)


class DutyShift(IdMixin, CreatedMixin, Base):
    """The 村级治理中心's 值班 roster: who is on duty which day, and whether they came."""

    __tablename__ = "duty_shifts"

    village_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"))
    day: Mapped[date] = mapped_column(Date)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))

    __table_args__ = (
        UniqueConstraint("village_id", "person_id", "day"),
        Index("ix_duty_shifts_person_day", "person_id", "day"),
    )
