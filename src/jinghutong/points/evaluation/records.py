"""The records behind each 村警's month, gathered for a page of 村警 at once (one query per
kind of record, never one per person).

The 五件事 counts are not repeated here: cases handled, 代办 bookings, disputes worked,
visits, 社情民意 and bulletins come from governance/work_summary's own queries
(`WorkRepository.records`: the same selects its counts are made of). What the 五件事 does not
count is read here: whether the 村警's acceptance of a case came after its deadline, the
ratings of the cases they handled, the clues they reported with an officer's outcome, and the
duty shifts they missed. Labels (a case's number, a visit's day) make each record readable."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.governance.work_summary.repository import Records, WorkRepository
from jinghutong.models import (
    CASE_KIND_NAMES,
    SENTIMENT_CATEGORY_NAMES,
    Appointment,
    AppointmentService,
    Bulletin,
    Case,
    CaseEvent,
    CaseKind,
    Dispute,
    DutyShift,
    SentimentItem,
    Visit,
)
from jinghutong.points.evaluation.rules import Evidence, Record

# Outcomes an officer records when resolving a clue (cases/handling), as the ledger reads them.
CLUE_VALID, CLUE_CAUGHT = "valid", "caught"
# Trail events that set (or clear) the deadline a case must be acknowledged by.
CLOCK_EVENTS = ("assigned", "escalated", "reopened")


@dataclass(frozen=True)
class Window:
    """A calendar month in Asia/Shanghai, as UTC instants and as days."""

    month: str
    start: datetime
    end: datetime
    first_day: date
    next_first_day: date


def _day(at: datetime) -> str:
    local = at.astimezone(clock.SHANGHAI)
    return f"{local.month:02d}月{local.day:02d}日"


def _late(accepted_at: datetime, clocks: list[tuple[int, str, dict[str, Any]]], seq: int) -> bool:
    """Was the acceptance at `seq` after the deadline in force then? The deadline is the one the
    last assignment or escalation before it set; a reopened case's new clock is not written in
    its trail, so an acceptance after a reopening is not judged late."""
    deadline: str | None = None
    for clock_seq, kind, payload in clocks:
        if clock_seq >= seq:
            break
        deadline = None if kind == "reopened" else (payload or {}).get("due_at")
    return deadline is not None and accepted_at > datetime.fromisoformat(deadline)


class RecordsRepository:
    def __init__(self, session: AsyncSession, ids: list[str], window: Window, today: date):
        self.session = session
        self.ids = ids
        self.window = window
        self.today = today  # shifts of days before today (Asia/Shanghai) can have been missed

    def _in_month(self, column: Any) -> Any:
        return (column >= self.window.start) & (column < self.window.end)

    async def late_acceptances(self) -> set[tuple[str, str]]:
        """(person, case) for each case they accepted this month after its deadline."""
        accepted = (
            await self.session.execute(
                select(CaseEvent.actor_id, CaseEvent.case_id, CaseEvent.seq, CaseEvent.created_at)
                .where(
                    CaseEvent.actor_id.in_(self.ids),
                    CaseEvent.type == "accepted",
                    self._in_month(CaseEvent.created_at),
                )
                .order_by(CaseEvent.case_id, CaseEvent.seq)
            )
        ).all()
        if not accepted:
            return set()
        clocks: dict[str, list[tuple[int, str, dict[str, Any]]]] = defaultdict(list)
        rows = await self.session.execute(
            select(CaseEvent.case_id, CaseEvent.seq, CaseEvent.type, CaseEvent.payload)
            .where(
                CaseEvent.case_id.in_(sorted({case_id for _, case_id, _, _ in accepted})),
                CaseEvent.type.in_(CLOCK_EVENTS),
            )
            .order_by(CaseEvent.case_id, CaseEvent.seq)
        )
        for case_id, seq, kind, payload in rows.all():
            clocks[case_id].append((seq, kind, payload))
        return {
            (str(person), case_id)
            for person, case_id, seq, at in accepted
            if _late(at, clocks[case_id], seq)
        }

    async def cases(self, case_ids: set[str]) -> dict[str, tuple[str, str, int | None]]:
        """number, kind and rating of each case."""
        if not case_ids:
            return {}
        rows = await self.session.execute(
            select(Case.id, Case.number, Case.kind, Case.rating).where(
                Case.id.in_(sorted(case_ids))
            )
        )
        return {cid: (number, kind, rating) for cid, number, kind, rating in rows.all()}

    async def clue_outcomes(self) -> dict[str, list[tuple[str, str, str]]]:
        """Per reporter: (case, number, outcome) of their clues an officer resolved this month
        as valid or caught; caught supersedes valid (a case is one or the other, once)."""
        rows = await self.session.execute(
            select(Case.reporter_id, Case.id, Case.number, CaseEvent.payload)
            .join(CaseEvent, CaseEvent.case_id == Case.id)
            .where(
                Case.kind == CaseKind.clue,
                Case.reporter_id.in_(self.ids),
                CaseEvent.type == "resolved",
                self._in_month(CaseEvent.created_at),
            )
            .order_by(Case.id, CaseEvent.seq)
        )
        best: dict[tuple[str, str, str], str] = {}
        for person, case_id, number, payload in rows.all():
            outcome = (payload or {}).get("outcome")
            key = (person, case_id, number)
            if outcome == CLUE_CAUGHT or (outcome == CLUE_VALID and key not in best):
                best[key] = outcome
        out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for (person, case_id, number), outcome in best.items():
            out[person].append((case_id, number, outcome))
        return out

    async def missed_shifts(self) -> dict[str, list[Record]]:
        """Shifts of the month whose day passed (before today) without a check-in."""
        until = min(self.window.next_first_day, self.today)
        rows = await self.session.execute(
            select(DutyShift.person_id, DutyShift.id, DutyShift.day)
            .where(
                DutyShift.person_id.in_(self.ids),
                DutyShift.day >= self.window.first_day,
                DutyShift.day < until,
                DutyShift.checked_in_at.is_(None),
            )
            .order_by(DutyShift.day, DutyShift.id)
        )
        out: dict[str, list[Record]] = defaultdict(list)
        for person, shift_id, day in rows.all():
            label = f"{day.month:02d}月{day.day:02d}日值班未签到"
            out[person].append(Record("duty_shift", shift_id, label))
        return out

    async def labels(self, model: Any, ids: set[str], *columns: Any) -> dict[str, tuple[Any, ...]]:
        if not ids:
            return {}
        rows = await self.session.execute(
            select(model.id, *columns).where(model.id.in_(sorted(ids)))
        )
        return {row[0]: tuple(row[1:]) for row in rows.all()}

    async def appointment_labels(self, ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Appointment.id, Appointment.created_at, AppointmentService.name)
            .join(AppointmentService, AppointmentService.id == Appointment.service_id)
            .where(Appointment.id.in_(sorted(ids)))
        )
        return {aid: f"{_day(at)} 代办{name}" for aid, at, name in rows.all()}


def _all(records: Records) -> set[str]:
    return {record_id for ids in records.values() for record_id in ids}


@dataclass(frozen=True)
class _Month:
    """Everything read for a page of 村警, before it is split by person."""

    work: dict[str, Records]  # the 五件事 records, by kind
    cases: dict[str, Record]  # the cases handled, labelled, with their ratings
    kinds: dict[str, str]  # case → kind
    late: set[tuple[str, str]]
    clues: dict[str, list[tuple[str, str, str]]]
    missed: dict[str, list[Record]]
    labels: dict[str, dict[str, str]]  # record type → id → label


async def _labels(mine: RecordsRepository, work: dict[str, Records]) -> dict[str, dict[str, str]]:
    visits = await mine.labels(Visit, _all(work["visits"]), Visit.visited_at)
    sentiment = await mine.labels(
        SentimentItem, _all(work["sentiment"]), SentimentItem.created_at, SentimentItem.category
    )
    disputes = await mine.labels(Dispute, _all(work["worked"]), Dispute.number, Dispute.summary)
    bulletins = await mine.labels(Bulletin, _all(work["bulletins"]), Bulletin.title)
    return {
        "visit": {i: f"{_day(at)}走访" for i, (at,) in visits.items()},
        "sentiment": {
            i: f"{_day(at)} {SENTIMENT_CATEGORY_NAMES.get(category, category)}"
            for i, (at, category) in sentiment.items()
        },
        "dispute": {i: f"{number} {summary[:30]}" for i, (number, summary) in disputes.items()},
        "bulletin": {i: str(title)[:40] for i, (title,) in bulletins.items()},
        "appointment": await mine.appointment_labels(_all(work["errands"])),
    }


async def _read(session: AsyncSession, ids: list[str], window: Window, today: date) -> _Month:
    repo = WorkRepository(session, ids, window.start, window.end)
    mine = RecordsRepository(session, ids, window, today)
    work = {
        kind: await repo.records(kind)  # one after another: a session runs one at a time
        for kind in ("cases", "errands", "worked", "visits", "sentiment", "bulletins")
    }
    facts = await mine.cases(_all(work["cases"]))
    return _Month(
        work=work,
        cases={
            cid: Record("case", cid, f"{number} {CASE_KIND_NAMES.get(kind, kind)}", rating)
            for cid, (number, kind, rating) in facts.items()
        },
        kinds={cid: kind for cid, (_, kind, _) in facts.items()},
        late=await mine.late_acceptances(),
        clues=await mine.clue_outcomes(),
        missed=await mine.missed_shifts(),
        labels=await _labels(mine, work),
    )


def _evidence(person: str, month: _Month) -> Evidence:
    def listed(kind: str, record_type: str) -> list[Record]:
        labels = month.labels[record_type]
        ids = month.work[kind].get(person, [])
        return [Record(record_type, i, labels.get(i, "")) for i in ids]

    handled = [month.cases[c] for c in month.work["cases"].get(person, [])]
    clues = month.clues.get(person, [])
    return Evidence(
        {
            "visits": listed("visits", "visit"),
            "sentiment": listed("sentiment", "sentiment"),
            "clue_valid": [
                Record("case", c, f"{n} 有效线索") for c, n, o in clues if o == CLUE_VALID
            ],
            "clue_caught": [
                Record("case", c, f"{n} 抓获现行") for c, n, o in clues if o == CLUE_CAUGHT
            ],
            "cases_on_time": [r for r in handled if (person, r.id) not in month.late],
            "cases_late": [r for r in handled if (person, r.id) in month.late],
            "help": [r for r in handled if month.kinds[r.id] == CaseKind.help],
            "disputes": listed("worked", "dispute"),
            "errands": listed("errands", "appointment"),
            "bulletins": listed("bulletins", "bulletin"),
            "missed_shifts": month.missed.get(person, []),
            "rated": [r for r in handled if r.rating is not None],
        }
    )


async def gather(
    session: AsyncSession, ids: list[str], window: Window, today: date
) -> dict[str, Evidence]:
    """The evidence of each of `ids` for the month."""
    month = await _read(session, ids, window, today)
    return {person: _evidence(person, month) for person in ids}
