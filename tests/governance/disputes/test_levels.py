"""The level a dispute reached, and ended at — "小事不出联户网格、大事不出镇": a 联户长 who
settles a quarrel herself keeps it in the grid; a village mediator on the roster makes it 村
(and is owed a phone call: no WeChat); 司法所 makes it 镇; a mediation that fails is referred
on. The count later statistics read: settled disputes by level in an area and period."""

from __future__ import annotations

from datetime import timedelta

from jinghutong.core import clock
from jinghutong.governance.disputes.repository import DisputeRepository
from jinghutong.models import DisputeLevel, RosterPosition
from support.disputes import agreement, boundary_quarrel, on_site_session
from support.governance import deadline, notified_kinds, roster_member


async def test_a_quarrel_the_leader_settles_herself_stays_in_the_grid(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov, category="neighbour"))
    sitting = on_site_session(mediators="余春花（联户长）", on_site=False)
    await jf.done(gov.leader, dispute["id"], "mediate", **sitting)
    signed = await jf.photo(gov.leader)

    settled = await jf.done(gov.leader, dispute["id"], "settle", media_ids=[signed])

    assert (settled["status"], settled["level"], settled["level_name"]) == (
        "settled",
        "micro_grid",
        "联户网格",
    )
    assert settled["assignee"] is None
    assert settled["agreement_text"] is None and settled["agreement_media_ids"] == [signed]


async def test_a_village_police_who_mediates_an_unassigned_quarrel_brings_it_to_the_village(
    jf, gov
):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))

    mediated = await jf.done(gov.village_police, dispute["id"], "mediate", **on_site_session())

    assert mediated["level"] == "village"
    assert mediated["trail"][-1]["detail"]["level_from"] == "micro_grid"


async def test_handed_to_the_village_mediator_on_the_roster_it_is_village_level_and_a_call_is_owed(
    jf, gov, session
):
    mediator = await roster_member(
        session, gov.tree.village, "方德明", RosterPosition.mediator, phone="13900005555"
    )
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))

    handed = await jf.done(
        gov.village_police,
        dispute["id"],
        "assign",
        assignee_member_id=mediator.id,
        note="请村调委会调解",
        **deadline(5),
    )

    assert (handed["level"], handed["level_name"]) == ("village", "村")
    assert handed["assignee"] == {
        "kind": "member",
        "id": mediator.id,
        "name": "方德明",
        "title": "调解员",
        "phone": "139****5555",
        "has_wechat": False,
    }
    [owed] = handed["phone_notices"]
    assert (owed["name"], owed["phone"], owed["status"]) == ("方德明", "139****5555", "pending")
    assert dispute["number"] in owed["text"] and "请村调委会调解" in owed["text"]

    # He settles it; the 村警 records the signed agreement on his behalf: it ended at 村.
    settled = await jf.done(gov.village_police, dispute["id"], "settle", **agreement())
    assert settled["level"] == "village"


async def test_a_roster_member_with_an_account_sees_what_is_handed_to_them(jf, gov, session):
    mediator = await roster_member(
        session, gov.tree.village, "叶土根", RosterPosition.mediator, person=gov.villager
    )
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    await jf.done(
        gov.village_police, dispute["id"], "assign", assignee_member_id=mediator.id, **deadline()
    )

    assert "dispute.assigned" in await notified_kinds(session, gov.villager)
    assert [d["id"] for d in await jf.listed(gov.villager, assigned_to_me=True)] == [dispute["id"]]
    seen = (await jf.get(gov.villager, dispute["id"])).json()
    assert seen["assignee"]["has_wechat"] is True and seen["can_settle"] is True


async def test_handed_to_the_judicial_office_it_is_township_level(jf, gov):
    dispute = await jf.recorded(gov.village_police, **boundary_quarrel(gov, category="homestead"))
    assert dispute["level"] == "village"  # a 村警 records at the village's rung

    handed = await jf.done(
        gov.village_police, dispute["id"], "assign", assignee_unit="大墅镇司法所", **deadline(10)
    )

    assert (handed["level"], handed["level_name"]) == ("township", "镇")
    assert handed["assignee"] == {
        "kind": "unit",
        "id": None,
        "name": "大墅镇司法所",
        "title": None,
        "phone": None,
        "has_wechat": False,
    }
    assert handed["phone_notices"] == []


async def test_a_unit_named_at_the_station_s_level(jf, gov):
    dispute = await jf.recorded(gov.village_police, **boundary_quarrel(gov, category="traffic"))

    handed = await jf.done(
        gov.village_police,
        dispute["id"],
        "assign",
        assignee_unit="派出所交通事故调解室",
        level="station",
        **deadline(),
    )

    assert handed["level"] == "station"


async def test_a_settlement_may_say_it_ended_higher(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    await jf.done(gov.leader, dispute["id"], "mediate", **on_site_session())

    settled = await jf.done(gov.leader, dispute["id"], "settle", level="township", **agreement())

    assert settled["level"] == "township"
    assert settled["trail"][-1]["detail"]["level_from"] == "micro_grid"


async def test_a_failed_mediation_is_referred_on_and_followed_up(jf, gov):
    dispute = await jf.recorded(gov.officer, **boundary_quarrel(gov, category="debt"))
    await jf.done(gov.officer, dispute["id"], "mediate", **on_site_session(on_site=False))

    failed = await jf.done(
        gov.officer,
        dispute["id"],
        "fail",
        reason="欠款数额双方各执一词，被申请人拒不认账",
        referred_to="法院",
        advice="建议向人民法院起诉，可申请诉前调解",
    )

    assert (failed["status"], failed["status_name"], failed["level_name"]) == (
        "failed",
        "调解不成",
        "派出所",
    )
    assert failed["failure"] == {
        "reason": "欠款数额双方各执一词，被申请人拒不认账",
        "referred_to": "法院",
        "advice": "建议向人民法院起诉，可申请诉前调解",
    }
    assert failed["settled_at"] is None and failed["can_follow_up"] is True
    closed = await jf.done(
        gov.officer, dispute["id"], "follow-up", note="已向法院立案", satisfied=False
    )
    assert closed["status"] == "closed" and closed["follow_up"]["satisfied"] is False


async def _settled_by(jf, gov, person, **changes):
    dispute = await jf.recorded(person, **boundary_quarrel(gov, **changes))
    await jf.done(person, dispute["id"], "mediate", **on_site_session())
    return await jf.done(person, dispute["id"], "settle", **agreement())


async def test_settled_disputes_are_counted_by_the_level_they_ended_at(jf, gov, session):
    start = clock.now()
    await _settled_by(jf, gov, gov.leader)
    await _settled_by(jf, gov, gov.leader)
    await _settled_by(jf, gov, gov.village_police)
    handed = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    await jf.done(gov.leader, handed["id"], "assign", assignee_unit="大墅镇司法所", **deadline())
    await jf.done(gov.village_police, handed["id"], "settle", **agreement())
    given_up = await jf.recorded(gov.officer, **boundary_quarrel(gov))
    await jf.done(gov.officer, given_up["id"], "mediate", **on_site_session())
    await jf.done(
        gov.officer, given_up["id"], "fail", reason="不接受", referred_to="法院", advice="起诉"
    )
    other_village = {"area_id": gov.tree.other_village.id, "parties": [{"name": "方有才"}]}
    await _settled_by(jf, gov, gov.other_police, **other_village)
    jf.later(timedelta(days=40))
    await _settled_by(jf, gov, gov.leader)  # the next period
    repo = DisputeRepository(session)

    counts = await repo.settled_by_level(gov.tree.village.path, start, start + timedelta(days=30))

    assert counts == {
        DisputeLevel.micro_grid: 2,
        DisputeLevel.village: 1,
        DisputeLevel.township: 1,
        DisputeLevel.station: 0,
    }
    whole = await repo.settled_by_level(gov.tree.station.path, start, clock.now() + timedelta(1))
    assert whole[DisputeLevel.micro_grid] == 3 and whole[DisputeLevel.village] == 2
    grid = await repo.settled_by_level(gov.tree.micro_grid.path, start, start + timedelta(days=30))
    assert sum(grid.values()) == 4  # all four of the village were in the micro-grid
