"""Work done later: a 交办 deadline passing unsettled tells the assignee and the village's 村警
and area officer once; a dispute handed over again with a new deadline waits for that one; a
roster member who has no WeChat is owed a call; the 回访 reminder comes once, and not after the
回访 was made."""

from __future__ import annotations

from datetime import timedelta

from support.disputes import agreement, boundary_quarrel, on_site_session
from support.governance import deadline, notified_kinds, roster_member


def _events(detail, action):
    return [e for e in detail["trail"] if e["action"] == action]


async def test_an_overdue_handover_tells_the_assignee_and_the_village_once(
    jf, gov, session, run_jobs
):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    await jf.done(
        gov.leader, dispute["id"], "assign", assignee_id=gov.village_police.id, **deadline(1)
    )

    jf.later(timedelta(hours=23))
    await run_jobs()
    assert "dispute.overdue" not in await notified_kinds(session, gov.village_police)

    jf.later(timedelta(hours=1, minutes=1))
    await run_jobs()
    await run_jobs()
    assert (await notified_kinds(session, gov.village_police)).count("dispute.overdue") == 1
    assert (await notified_kinds(session, gov.officer)).count("dispute.overdue") == 1
    assert "dispute.overdue" not in await notified_kinds(session, gov.chief)
    seen = (await jf.get(gov.officer, dispute["id"])).json()
    [event] = _events(seen, "overdue")
    assert event["actor"] is None and event["action_name"] == "交办超期"
    assert set(event["detail"]["told"]) == {gov.village_police.id, gov.officer.id}
    assert seen["overdue"] is True and seen["trail_intact"] is True
    assert [d["id"] for d in await jf.listed(gov.officer, overdue=True)] == [dispute["id"]]
    assert await jf.listed(gov.officer, overdue=False) == []


async def test_handed_over_again_the_new_deadline_counts(jf, gov, session, run_jobs):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    await jf.done(
        gov.leader, dispute["id"], "assign", assignee_id=gov.village_police.id, **deadline(1)
    )
    await jf.done(
        gov.village_police, dispute["id"], "assign", assignee_id=gov.officer.id, **deadline(3)
    )

    jf.later(timedelta(days=1, minutes=1))
    await run_jobs()
    assert "dispute.overdue" not in await notified_kinds(session, gov.officer)
    assert _events((await jf.get(gov.officer, dispute["id"])).json(), "overdue") == []

    jf.later(timedelta(days=2))
    await run_jobs()
    assert (await notified_kinds(session, gov.officer)).count("dispute.overdue") == 1


async def test_mediating_is_not_settling_but_settling_stops_the_clock(jf, gov, session, run_jobs):
    mediating = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    settled = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    for dispute in (mediating, settled):
        await jf.done(
            gov.leader, dispute["id"], "assign", assignee_id=gov.officer.id, **deadline(1)
        )
        await jf.done(gov.officer, dispute["id"], "mediate", **on_site_session())
    await jf.done(gov.officer, settled["id"], "settle", **agreement())

    jf.later(timedelta(days=1, minutes=1))
    await run_jobs()

    assert len(_events((await jf.get(gov.officer, mediating["id"])).json(), "overdue")) == 1
    assert _events((await jf.get(gov.officer, settled["id"])).json(), "overdue") == []


async def test_an_overdue_roster_mediator_is_owed_a_call(jf, gov, session, run_jobs):
    mediator = await roster_member(session, gov.tree.village, "方德明", phone="13900005555")
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    await jf.done(
        gov.village_police, dispute["id"], "assign", assignee_member_id=mediator.id, **deadline(2)
    )

    jf.later(timedelta(days=2, minutes=1))
    await run_jobs()

    owed = (await jf.get(gov.village_police, dispute["id"])).json()["phone_notices"]
    assert len(owed) == 2
    assert "交办期限" in owed[1]["text"] and owed[1]["name"] == "方德明"


async def test_the_follow_up_reminder_comes_once_and_not_after_the_follow_up(
    jf, gov, session, run_jobs
):
    reminded = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    visited = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    for dispute in (reminded, visited):
        await jf.done(gov.leader, dispute["id"], "mediate", **on_site_session())
        await jf.done(gov.leader, dispute["id"], "settle", **agreement())
    await jf.done(gov.leader, visited["id"], "follow-up", note="已和好", satisfied=True)

    jf.later(timedelta(days=6, hours=23))
    await run_jobs()
    assert "dispute.follow_up_due" not in await notified_kinds(session, gov.leader)

    jf.later(timedelta(hours=1, minutes=1))
    await run_jobs()
    await run_jobs()
    assert (await notified_kinds(session, gov.leader)).count("dispute.follow_up_due") == 1
    assert len(_events((await jf.get(gov.leader, reminded["id"])).json(), "follow_up_due")) == 1
    assert _events((await jf.get(gov.leader, visited["id"])).json(), "follow_up_due") == []
