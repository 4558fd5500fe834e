"""Two workers at once, on committed data (each sweep its own session and connection; on
PostgreSQL truly concurrent transactions): the feedback on a dispatch is awarded once, and two
writers of the same award key leave one entry. Cleaned up afterwards."""

from __future__ import annotations

import asyncio

from sqlalchemy import delete, select

from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.models import (
    Area,
    AreaLevel,
    Case,
    CaseEvent,
    Person,
    PointsCursor,
    PointsEntry,
    PointsRule,
    PointsRuleBook,
    RoleGrant,
)
from jinghutong.points.ledger.api import append_entry
from jinghutong.points.ledger.sweep import sweep


async def _arrange(db: Database) -> dict[str, str]:
    async with db.session() as s:
        areas: list[Area] = []
        parent = None
        for level in (AreaLevel.station, AreaLevel.village, AreaLevel.micro_grid):
            area = Area(level=level, name=f"并发{level}", path="/", depth=len(areas))
            s.add(area)
            await s.flush()
            area.path = (parent.path if parent else "/") + area.id + "/"
            area.parent_id = parent.id if parent else None
            areas.append(area)
            parent = area
        leader, caller = Person(name="并发联户长"), Person(name="报警人")
        s.add_all([leader, caller])
        await s.flush()
        s.add(RoleGrant(person_id=leader.id, role="group_leader", area_id=parent.id))
        case = Case(
            number="JA-20240801-9901", kind="dispute", origin="dispatch", text="家庭纠纷",
            media_ids=[], reporter_id=caller.id, area_id=parent.id, area_path=parent.path,
            status="on_site", assignee_id=leader.id, review_status="not_required",
            escalation_level=0, trail_seq=4,
        )  # fmt: skip
        s.add(case)
        await s.flush()
        for seq, kind in enumerate(("dispatched", "accepted", "feedback", "feedback"), start=1):
            actor = caller.id if kind == "dispatched" else leader.id
            s.add(
                CaseEvent(
                    case_id=case.id, seq=seq, actor_id=actor, actor_kind="person", type=kind,
                    payload={"text": "已处置"}, prev_hash="0" * 64, hash=f"{seq:064d}",
                )
            )  # fmt: skip
            await s.flush()
        return {
            "leader": leader.id,
            "caller": caller.id,
            "case": case.id,
            "station": areas[0].id,
            "areas": ",".join(a.id for a in reversed(areas)),
        }


async def _clean(db: Database, ids: dict[str, str]) -> None:
    async with db.session() as s:
        people = [ids["leader"], ids["caller"]]
        await s.execute(delete(PointsEntry).where(PointsEntry.person_id.in_(people)))
        books = select(PointsRuleBook.id).where(PointsRuleBook.station_id == ids["station"])
        await s.execute(delete(PointsRule).where(PointsRule.book_id.in_(books)))
        await s.execute(delete(PointsRuleBook).where(PointsRuleBook.station_id == ids["station"]))
        await s.execute(delete(PointsCursor))
        await s.execute(delete(CaseEvent).where(CaseEvent.case_id == ids["case"]))
        await s.execute(delete(Case).where(Case.id == ids["case"]))
        await s.execute(delete(RoleGrant).where(RoleGrant.person_id.in_(people)))
        await s.execute(delete(Person).where(Person.id.in_(people)))
        for area_id in ids["areas"].split(","):
            await s.execute(delete(Area).where(Area.id == area_id))


async def _sweep_once(db: Database) -> int:
    async with db.session() as s:
        return await sweep(s)


async def test_two_sweeps_at_once_award_the_feedback_once(database_url):
    db = Database(database_url)
    ids = await _arrange(db)
    try:
        written = await asyncio.gather(_sweep_once(db), _sweep_once(db), _sweep_once(db))

        async with db.session() as s:
            rows = (
                await s.scalars(select(PointsEntry).where(PointsEntry.person_id == ids["leader"]))
            ).all()
        assert sorted(written) == [0, 0, 1]
        assert [(e.points, e.award_key) for e in rows] == [(20, f"dispatch:{ids['case']}")]
    finally:
        await _clean(db, ids)
        await db.dispose()


async def test_two_writers_of_one_award_key_leave_one_entry(database_url):
    db = Database(database_url)
    ids = await _arrange(db)

    async def write() -> str:
        async with db.session() as s:
            entry = await append_entry(
                s, person_id=ids["leader"], event_kind="redemption", points=-30,
                source_type="redemption", source_id=ids["case"], reason="兑换毛巾",
                award_key="redemption:race", created_at=clock.now(),
            )  # fmt: skip
            return entry.id

    try:
        made = await asyncio.gather(*(write() for _ in range(4)))

        assert len(set(made)) == 1
        async with db.session() as s:
            count = len(
                (
                    await s.scalars(
                        select(PointsEntry.id).where(PointsEntry.person_id == ids["leader"])
                    )
                ).all()
            )
        assert count == 1
    finally:
        await _clean(db, ids)
        await db.dispose()
