"""Overdue rectifications move up through the work engine: past the deadline the village's area
officer is told, 24 hours later the chief, and the chief again each day it stays overdue;
never twice for one deadline passing (a re-run, or two workers at once); a rectification
stops the clock and a rejected one starts it again."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import delete, func, select

from jinghutong.core import clock
from jinghutong.core.config import GovernanceSettings
from jinghutong.core.db import Database
from jinghutong.governance import trail
from jinghutong.governance.hazards.tasks import escalate_due
from jinghutong.models import (
    Area,
    GovernanceEvent,
    Hazard,
    HazardStatus,
    Notification,
    Person,
    PhoneNotice,
    RoleGrant,
)
from support.factories import grant, make_person, make_tree
from support.governance import deadline, notified_kinds, roster_member
from support.hazards import unsafe_house

JUST_PAST = timedelta(days=2, minutes=2)


async def _under_rectification(hz, gov, days: float = 2) -> str:
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    told = await hz.act(
        gov.village_police,
        hazard["id"],
        "notify",
        responsible_person_id=gov.villager.id,
        **deadline(days),
    )
    assert told.status_code == 200, told.text
    return str(hazard["id"])


def _overdue(detail: dict) -> list[dict]:
    return [e for e in detail["trail"] if e["action"] == "overdue"]


async def test_an_overdue_rectification_climbs_to_the_officer_then_the_chief(
    hz, gov, session, run_jobs
):
    hazard_id = await _under_rectification(hz, gov)
    hz.later(timedelta(days=1))
    await run_jobs()
    assert (await hz.seen(gov.village_police, hazard_id))["escalation_level"] == 0

    hz.later(JUST_PAST - timedelta(days=1))
    await run_jobs()
    await run_jobs()  # a second sweep finds nothing more to do
    seen = await hz.seen(gov.village_police, hazard_id)
    assert (seen["escalation_level"], seen["overdue"]) == (1, True)
    [event] = _overdue(seen)
    assert event["actor"] is None and event["action_name"] == "整改超期，上报上级"
    assert event["detail"]["told"] == [gov.officer.id]
    assert "hazard.overdue" in await notified_kinds(session, gov.officer)
    assert "hazard.overdue" in await notified_kinds(session, gov.villager)  # who must act
    assert "hazard.overdue" not in await notified_kinds(session, gov.chief)
    assert [h["id"] for h in await hz.listed(gov.village_police, overdue=True)] == [hazard_id]

    hz.later(timedelta(hours=23))
    await run_jobs()
    assert len(_overdue(await hz.seen(gov.chief, hazard_id))) == 1

    hz.later(timedelta(hours=1, minutes=2))
    await run_jobs()
    seen = await hz.seen(gov.chief, hazard_id)
    assert seen["escalation_level"] == 2 and len(_overdue(seen)) == 2
    assert (await notified_kinds(session, gov.chief)).count("hazard.overdue") == 1

    hz.later(timedelta(hours=24, minutes=2))
    await run_jobs()
    seen = await hz.seen(gov.chief, hazard_id)
    assert seen["escalation_level"] == 2  # the top: it stays, the chief is reminded
    assert (await notified_kinds(session, gov.chief)).count("hazard.overdue") == 2
    assert seen["trail_intact"] is True


async def test_a_rectification_stops_the_clock_and_a_rejection_restarts_it(hz, gov, run_jobs):
    hazard_id = await _under_rectification(hz, gov)
    done = await hz.act(gov.villager, hazard_id, "report-rectified", text="已搬到安置点")
    assert done.status_code == 200, done.text  # the responsible account reports it

    hz.later(timedelta(days=5))
    await run_jobs()
    seen = await hz.seen(gov.village_police, hazard_id)
    assert (seen["escalation_level"], seen["due_at"], _overdue(seen)) == (0, None, [])

    rejected = await hz.act(
        gov.village_police, hazard_id, "reject", reason="后墙仍未加固", **deadline(1)
    )
    assert rejected.json()["status"] == "notified" and rejected.json()["due_at"]
    hz.later(timedelta(days=1, minutes=2))
    await run_jobs()
    assert len(_overdue(await hz.seen(gov.village_police, hazard_id))) == 1


async def test_a_closed_or_dismissed_hazard_never_escalates(hz, gov, run_jobs):
    hazard_id = await _under_rectification(hz, gov)
    dismissed = await hz.act(
        gov.village_police, hazard_id, "close", dismissed=True, reason="duplicate"
    )
    assert dismissed.json()["dismissed_reason"] == "重复登记"

    hz.later(timedelta(days=10))
    await run_jobs()
    seen = await hz.seen(gov.village_police, hazard_id)
    assert (seen["status"], seen["escalation_level"], _overdue(seen)) == ("closed", 0, [])


# -- two workers at once, on committed data (SKIP LOCKED on PostgreSQL) -------------------------

HAZARDS = 12


async def _arrange(db: Database) -> tuple[str, list[str], list[str]]:
    """A station with its officer and chief and HAZARDS overdue rectifications, committed →
    (the station's path, person ids, hazard ids)."""
    async with db.session() as s:
        tree = await make_tree(s)
        officer = await make_person(s, "并发民警", username="mj-sweep")
        chief = await make_person(s, "并发所长", username="chief-sweep")
        leader = await make_person(s, "并发联户长", openid="o-sweep-leader")
        await grant(s, officer, "area_officer", tree.village)
        await grant(s, chief, "chief", tree.station)
        passed = clock.now() - timedelta(minutes=5)
        hazards = [
            Hazard(
                number=f"YH-SWEEP-{n:04d}",
                kind="housing",
                grade="severe",
                title=f"危房{n}",
                description="",
                media_ids=[],
                area_id=tree.micro_grid.id,
                area_path=tree.micro_grid.path,
                place="下坞",
                reporter_id=leader.id,
                status=HazardStatus.notified,
                responsible_name="叶建华",
                deadline_at=passed,
                due_at=passed,
                escalation_level=0,
            )
            for n in range(HAZARDS)
        ]
        s.add_all(hazards)
        await s.flush()
        return tree.station.path, [officer.id, chief.id, leader.id], [h.id for h in hazards]


async def _clean(db: Database, station: str, people: list[str], hazards: list[str]) -> None:
    async with db.session() as s:
        await s.execute(delete(GovernanceEvent).where(GovernanceEvent.record_id.in_(hazards)))
        await s.execute(delete(Notification).where(Notification.person_id.in_(people)))
        await s.execute(delete(Hazard).where(Hazard.id.in_(hazards)))
        await s.execute(delete(RoleGrant).where(RoleGrant.person_id.in_(people)))
        await s.execute(delete(Person).where(Person.id.in_(people)))
        for depth in range(4, -1, -1):  # children before parents
            await s.execute(delete(Area).where(Area.path.like(station + "%"), Area.depth == depth))


async def test_two_sweeps_at_once_escalate_each_passing_once(database_url):
    first, second = Database(database_url), Database(database_url)
    settings = GovernanceSettings()
    station, people, hazards = await _arrange(first)
    try:

        async def sweep(db: Database) -> int:
            total = 0
            for _ in range(HAZARDS + 1):  # bounded: a sweep that never ends fails, not hangs
                async with db.session() as s:
                    moved = await escalate_due(s, settings, clock.now(), limit=3)
                if not moved:
                    break
                total += moved
            return total

        done_by = await asyncio.gather(sweep(first), sweep(second))

        assert sum(done_by) == HAZARDS
        async with first.session() as s:
            counts = await s.execute(
                select(GovernanceEvent.record_id, func.count())
                .where(GovernanceEvent.record_id.in_(hazards))
                .group_by(GovernanceEvent.record_id)
            )
            assert dict(counts.all()) == dict.fromkeys(hazards, 1)
            levels = await s.scalars(select(Hazard.escalation_level).where(Hazard.id.in_(hazards)))
            assert set(levels.all()) == {1}
            told = await s.scalar(
                select(func.count())
                .select_from(Notification)
                .where(Notification.person_id == people[0], Notification.kind == "hazard.overdue")
            )
            assert told == HAZARDS
            assert all([trail.verify(await trail.events(s, "hazard", h)) for h in hazards])
    finally:
        await _clean(first, station, people, hazards)
        await first.dispose()
        await second.dispose()


async def test_a_cadre_without_wechat_is_owed_a_call_when_the_deadline_passes(
    hz, gov, session, run_jobs
):
    director = await roster_member(session, gov.tree.village)
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    told = await hz.act(
        gov.village_police, hazard["id"], "notify", responsible_member_id=director.id, **deadline(2)
    )
    assert told.status_code == 200, told.text

    hz.later(JUST_PAST)
    await run_jobs()
    await run_jobs()  # once for one deadline passing

    owed = (
        await session.scalars(
            select(PhoneNotice.text)
            .where(PhoneNotice.subject_id == hazard["id"])
            .order_by(PhoneNotice.created_at)
        )
    ).all()
    assert len(owed) == 2 and "超期" in owed[1]
