"""Helpers of the evaluation tests: the clock moved to a known weekday, logins that are made
again once the clock has moved (a staff login lasts 12 hours), and a month of a 村警's work
written straight into the tables the sheet reads, dated inside the month before."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import httpx

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.models import (
    Appointment,
    AppointmentService,
    Case,
    CaseEvent,
    Dispute,
    DutyShift,
    MediationSession,
    Person,
    SentimentItem,
    Visit,
)
from support.auth import bearer, password_login, wechat_login
from support.factories import STAFF_PASSWORD
from support.governance import GovernanceWorld

API = "/api/v1"
BJ = clock.SHANGHAI
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = range(5)


def beijing() -> datetime:
    return clock.now().astimezone(BJ)


def move_to(weekday: int, hour: int = 10) -> datetime:
    """Move the clock forward to the next `weekday` (0 = Monday) at `hour`:00 Beijing time."""
    now = beijing()
    target = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    while target <= now or target.weekday() != weekday:
        target += timedelta(days=1)
    clock.advance(target - now)
    return target


def previous_month(at: datetime) -> tuple[str, datetime]:
    """The month before `at` (YYYY-MM) and its first midnight, Beijing time."""
    first = (at.astimezone(BJ).date().replace(day=1) - timedelta(days=1)).replace(day=1)
    return first.strftime("%Y-%m"), datetime.combine(first, time(0), tzinfo=BJ)


class Logins:
    """Headers per person, logged in the way each logs in; `forget()` after moving the clock."""

    def __init__(self, client: httpx.AsyncClient, device: httpx.AsyncClient) -> None:
        self.client, self.device = client, device
        self._headers: dict[str, dict[str, str]] = {}

    async def __call__(self, person: Person) -> dict[str, str]:
        if person.id not in self._headers:
            if person.openid:
                login = await wechat_login(self.client, self.device, person.openid)
            else:
                login = await password_login(self.client, person.username or "", STAFF_PASSWORD)
            self._headers[person.id] = bearer(login)
        return self._headers[person.id]

    def forget(self) -> None:
        self._headers.clear()


class MonthOfWork:
    """Rows as the other domains write them, dated in the month that starts at `first`."""

    def __init__(self, session, gov: GovernanceWorld, first: datetime) -> None:
        self.s, self.gov, self.first = session, gov, first
        self.n = 0

    def at(self, day: int, hour: int = 10) -> datetime:
        return self.first + timedelta(days=day - 1, hours=hour)

    def day(self, day: int) -> date:
        return self.first.date() + timedelta(days=day - 1)

    async def add(self, row):
        self.s.add(row)
        await self.s.flush()
        return row

    def _number(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.first:%Y%m}01-{self.n:04d}"

    async def visit(self, visitor: Person, at: datetime) -> Visit:
        g = self.gov
        return await self.add(
            Visit(area_id=g.tree.micro_grid.id, area_path=g.tree.micro_grid.path,
                  visitor_id=visitor.id, visitor_role="village_police", visited_at=at)
        )  # fmt: skip

    async def sentiment(self, recorder: Person, at: datetime) -> SentimentItem:
        g = self.gov
        return await self.add(
            SentimentItem(area_id=g.tree.village.id, area_path=g.tree.village.path,
                          village_id=g.tree.village.id, recorder_id=recorder.id,
                          category="demand", text="希望修一下村口的路灯", created_at=at)
        )  # fmt: skip

    async def mediation(self, recorder: Person, at: datetime) -> Dispute:
        g = self.gov
        dispute = await self.add(
            Dispute(number=self._number("JF"), category="land", summary="两户地界纠纷",
                    area_id=g.tree.micro_grid.id, area_path=g.tree.micro_grid.path,
                    reporter_id=g.leader.id, status="mediating", level="village")
        )  # fmt: skip
        await self.add(
            MediationSession(dispute_id=dispute.id, recorder_id=recorder.id, held_at=at,
                             mediators=recorder.name, summary="双方到场，现场查看地界")
        )  # fmt: skip
        return dispute

    async def _event(self, case: Case, seq: int, actor, kind: str, at: datetime, payload=None):
        await self.add(
            CaseEvent(case_id=case.id, seq=seq, actor_id=actor.id if actor else None,
                      actor_kind="person" if actor else "system", type=kind,
                      payload=payload or {}, prev_hash="0" * 64, hash=f"{seq:064d}",
                      created_at=at)
        )  # fmt: skip

    async def case(
        self,
        handler: Person,
        *,
        kind: str = "alarm",
        assigned_at: datetime,
        minutes: int,
        accepted_at: datetime,
        rating: int | None = None,
    ) -> Case:
        """A villager's case assigned to `handler` with `minutes` to accept, accepted at
        `accepted_at` (late when after the deadline), fed back an hour later and rated."""
        g = self.gov
        case = await self.add(
            Case(number=self._number("JA"), kind=kind, reporter_id=g.villager.id,
                 area_id=g.tree.micro_grid.id, area_path=g.tree.micro_grid.path,
                 status="resolved", assignee_id=handler.id, acknowledged_at=accepted_at,
                 rating=rating, created_at=assigned_at)
        )  # fmt: skip
        due = assigned_at + timedelta(minutes=minutes)
        await self._event(case, 1, g.villager, "created", assigned_at, {"kind": kind})
        assignment = {"role": "village_police", "assignee_id": handler.id,
                      "due_at": due.isoformat()}  # fmt: skip
        await self._event(case, 2, None, "assigned", assigned_at, assignment)
        await self._event(case, 3, handler, "accepted", accepted_at)
        await self._event(case, 4, handler, "feedback", accepted_at + timedelta(hours=1))
        return case

    async def clue(self, reporter: Person, outcome: str | None, at: datetime) -> Case:
        """A clue `reporter` gave, resolved by the area officer with `outcome`."""
        g = self.gov
        case = await self.add(
            Case(number=self._number("JA"), kind="clue", reporter_id=reporter.id,
                 area_id=g.tree.micro_grid.id, area_path=g.tree.micro_grid.path,
                 status="resolved", assignee_id=g.officer.id, created_at=at)
        )  # fmt: skip
        await self._event(case, 1, reporter, "created", at, {"kind": "clue"})
        await self._event(case, 2, g.officer, "accepted", at + timedelta(minutes=30))
        resolved = {"text": "", **({"outcome": outcome} if outcome else {})}
        await self._event(case, 3, g.officer, "resolved", at + timedelta(hours=5), resolved)
        return case

    async def errand(self, booked_by: Person, for_whom: Person, at: datetime) -> Appointment:
        service = await self.add(
            AppointmentService(code=f"svc-{new_id()}", name="身份证补办", home_visit=True)
        )
        return await self.add(
            Appointment(service_id=service.id, person_id=for_whom.id, booked_by_id=booked_by.id,
                        area_path=self.gov.h1.area_path, status="requested", home_visit=True,
                        created_at=at)
        )  # fmt: skip

    async def shift(self, person: Person, day: date, *, checked_in: bool) -> DutyShift:
        at = datetime.combine(day, time(8, 30), tzinfo=BJ) if checked_in else None
        return await self.add(
            DutyShift(village_id=self.gov.tree.village.id, person_id=person.id, day=day,
                      checked_in_at=at, created_by=self.gov.chief.id)
        )  # fmt: skip
