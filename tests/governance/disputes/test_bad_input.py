"""Bad input and the wrong people: another village's 村警 learns nothing (404), a party's phone
that is not a phone or a household of another village is a clear 422, so are a settlement
with nothing, a past deadline and an unknown assignee; the wrong state is a 409; a replay on a
weak network is one dispute; a clear phone is read only by those who call, and leaves a row."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import AuditEvent, Dispute, GovernanceEvent, Notification
from support.disputes import agreement, boundary_quarrel, on_site_session
from support.governance import deadline, roster_member


async def test_another_village_s_police_learns_nothing(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    party = dispute["parties"][0]["id"]

    assert (await jf.get(gov.other_police, dispute["id"])).status_code == 404
    assert (await jf.phone(gov.other_police, dispute["id"], party)).status_code == 404
    for action, body in (
        ("assign", {"assignee_unit": "司法所", **deadline()}),
        ("mediate", on_site_session()),
        ("settle", agreement()),
    ):
        answer = await jf.act(gov.other_police, dispute["id"], action, **body)
        assert answer.status_code == 404, (action, answer.text)
        assert answer.json()["error"] == "DisputeNotFound"
    assert await jf.listed(gov.other_police) == []
    assert (await jf.get(gov.villager, dispute["id"])).status_code == 404


async def test_a_villager_does_not_record_disputes(jf, gov):
    answer = await jf.record(gov.villager, **boundary_quarrel(gov))
    assert answer.status_code == 403 and answer.json()["error"] == "NotARecorder"


async def test_a_party_s_phone_must_be_a_phone(jf, gov):
    body = boundary_quarrel(gov)
    body["parties"][1]["phone"] = "12345"

    answer = await jf.record(gov.leader, **body)

    assert answer.status_code == 422
    assert "parties.1.phone" in answer.json()["fields"]
    assert "电话号码格式不正确" in answer.json()["fields"]["parties.1.phone"]


async def test_a_party_s_household_of_another_village_is_refused(jf, gov, session):
    body = boundary_quarrel(gov)
    body["parties"][1]["household_id"] = gov.h3.id

    answer = await jf.record(gov.leader, **body)

    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "PartyHouseholdUnavailable"
    assert set(answer.json()["fields"]) == {"parties.1.household_id"}
    assert await session.scalar(select(func.count(Dispute.id))) == 0


async def test_a_place_outside_one_s_area_is_refused(jf, gov):
    elsewhere = await jf.record(
        gov.leader, **boundary_quarrel(gov, area_id=gov.tree.other_village.id)
    )
    assert elsewhere.status_code == 422 and set(elsewhere.json()["fields"]) == {"area_id"}

    body = boundary_quarrel(gov)
    body["parties"] = [{"name": "方有才", "household_id": gov.h3.id}]
    by_household = await jf.record(gov.village_police, **body)
    assert by_household.status_code == 422
    assert set(by_household.json()["fields"]) == {"parties.0.household_id"}

    nowhere = await jf.record(gov.leader, **boundary_quarrel(gov, parties=[{"name": "叶土根"}]))
    assert nowhere.status_code == 422


async def test_wrong_shapes_are_422(jf, gov):
    cases = [
        {"category": "quarrel"},
        {"parties": []},
        {"parties": [{"name": f"村民{i}"} for i in range(11)]},
        {"parties": [{"name": "叶土根", "side": "原告"}]},
        {"summary": "吵" * 201},
        {"description": "吵" * 2001},
        {"summary": 12},
        {"nickname": "x"},
        {"location": {"lat": 200, "lng": 0}},
    ]
    for changes in cases:
        answer = await jf.record(gov.leader, **boundary_quarrel(gov, **changes))
        assert answer.status_code == 422, (changes, answer.text)


async def test_someone_else_s_photo_is_refused(jf, gov):
    theirs = await jf.photo(gov.officer)

    answer = await jf.record(gov.leader, **boundary_quarrel(gov, media_ids=[theirs]))

    assert answer.status_code == 422 and set(answer.json()["fields"]) == {"media_ids"}


async def test_a_replay_on_a_weak_network_is_one_dispute(jf, gov, session):
    first = await jf.record(gov.leader, key="weak-signal", **boundary_quarrel(gov))
    again = await jf.record(gov.leader, key="weak-signal", **boundary_quarrel(gov))

    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert await session.scalar(select(func.count(Dispute.id))) == 1
    told = await session.scalar(
        select(func.count(Notification.id)).where(
            Notification.person_id == gov.village_police.id,
            Notification.kind == "dispute.recorded",
        )
    )
    assert told == 1

    dispute_id = first.json()["id"]
    body = {"assignee_id": gov.officer.id, **deadline()}
    for _ in range(2):
        handed = await jf.act(gov.leader, dispute_id, "assign", key="pass-up", **body)
        assert handed.status_code == 200
    events = await session.scalar(
        select(func.count(GovernanceEvent.id)).where(
            GovernanceEvent.record_id == dispute_id, GovernanceEvent.action == "assigned"
        )
    )
    assert events == 1


async def test_settling_with_nothing_is_refused(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    await jf.done(gov.leader, dispute["id"], "mediate", **on_site_session())

    answer = await jf.act(gov.leader, dispute["id"], "settle")

    assert answer.status_code == 422
    assert "调解协议" in answer.json()["detail"]
    same = await jf.act(gov.leader, dispute["id"], "settle", level="micro_grid", **agreement())
    assert same.status_code == 200  # the level reached is not lower


async def test_a_settlement_cannot_be_lower_than_reached(jf, gov):
    dispute = await jf.recorded(gov.officer, **boundary_quarrel(gov))
    await jf.done(gov.officer, dispute["id"], "mediate", **on_site_session())

    answer = await jf.act(gov.officer, dispute["id"], "settle", level="village", **agreement())

    assert answer.status_code == 422 and answer.json()["error"] == "LevelTooLow"


async def test_the_wrong_state_is_409(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    dispute_id = dispute["id"]

    unhandled = await jf.act(gov.village_police, dispute_id, "settle", **agreement())
    assert unhandled.status_code == 409 and "已登记" in unhandled.json()["detail"]
    early = await jf.act(gov.village_police, dispute_id, "follow-up", note="回访", satisfied=True)
    assert early.status_code == 409
    give_up = {"reason": "不接受", "referred_to": "司法所", "advice": "到司法所申请调解"}
    assert (await jf.act(gov.officer, dispute_id, "fail", **give_up)).status_code == 409

    await jf.done(gov.leader, dispute_id, "mediate", **on_site_session())
    await jf.done(gov.leader, dispute_id, "settle", **agreement())
    for action, body in (
        ("settle", agreement()),
        ("mediate", on_site_session()),
        ("assign", {"assignee_unit": "司法所", **deadline()}),
        ("fail", give_up),
    ):
        answer = await jf.act(gov.village_police, dispute_id, action, **body)
        assert answer.status_code == 409, (action, answer.text)
        assert answer.json()["error"] == "WrongState"
    await jf.done(gov.leader, dispute_id, "follow-up", note="已和好", satisfied=True)
    again = await jf.act(gov.leader, dispute_id, "follow-up", note="再回访", satisfied=True)
    assert again.status_code == 409


async def test_deadlines_and_assignees_are_checked(jf, gov, session):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    dispute_id = dispute["id"]
    stranger = await roster_member(session, gov.tree.other_village, "方有才")

    def hand(**body):
        return jf.act(gov.village_police, dispute_id, "assign", **body)

    past = await hand(
        assignee_id=gov.officer.id, deadline_at=(clock.now() - timedelta(hours=1)).isoformat()
    )
    assert past.status_code == 422 and set(past.json()["fields"]) == {"deadline_at"}
    far = await hand(assignee_id=gov.officer.id, **deadline(400))
    assert far.status_code == 422
    other = await hand(assignee_id=gov.other_police.id, **deadline())
    assert other.status_code == 422 and set(other.json()["fields"]) == {"assignee_id"}
    villager = await hand(assignee_id=gov.villager.id, **deadline())
    assert villager.status_code == 422
    member = await hand(assignee_member_id=stranger.id, **deadline())
    assert member.status_code == 422 and set(member.json()["fields"]) == {"assignee_member_id"}
    both = await hand(assignee_id=gov.officer.id, assignee_unit="司法所", **deadline())
    assert both.status_code == 422
    level = await hand(assignee_id=gov.officer.id, level="township", **deadline())
    assert level.status_code == 422
    assert (await hand(assignee_id=gov.officer.id)).status_code == 422  # no deadline
    seen = (await jf.get(gov.village_police, dispute_id)).json()
    assert (seen["status"], seen["assignee"]) == ("open", None)


async def test_a_leader_passes_up_and_does_not_take_it_back(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    dispute_id = dispute["id"]

    sideways = await jf.act(
        gov.leader, dispute_id, "assign", assignee_id=gov.leader.id, **deadline()
    )
    assert sideways.status_code == 403 and sideways.json()["error"] == "LeaderPassesUp"

    await jf.done(gov.leader, dispute_id, "assign", assignee_id=gov.officer.id, **deadline())
    back = await jf.act(gov.leader, dispute_id, "assign", assignee_unit="司法所", **deadline())
    assert back.status_code == 403 and back.json()["error"] == "MayNotAssign"
    concluded = await jf.act(gov.leader, dispute_id, "settle", **agreement())
    assert concluded.status_code == 403 and concluded.json()["error"] == "MayNotConclude"
    # She still attends and records a session with the officer.
    assert (await jf.act(gov.leader, dispute_id, "mediate", **on_site_session())).status_code == 200


async def test_a_session_cannot_be_held_tomorrow(jf, gov):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    tomorrow = (clock.now() + timedelta(days=1)).isoformat()

    answer = await jf.act(gov.leader, dispute["id"], "mediate", **on_site_session(held_at=tomorrow))

    assert answer.status_code == 422 and set(answer.json()["fields"]) == {"held_at"}
    naive = await jf.act(
        gov.leader, dispute["id"], "mediate", **on_site_session(held_at="2026-07-29T09:30:00")
    )
    assert naive.status_code == 422
    wrong = await jf.act(gov.leader, dispute["id"], "mediate", **on_site_session(on_site="yes"))
    assert wrong.status_code == 422


async def test_a_clear_phone_is_read_by_those_who_call_and_leaves_a_row(jf, gov, session):
    dispute = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    dispute_id = dispute["id"]
    party = dispute["parties"][1]

    assert dispute["can_read_phones"] is False
    refused = await jf.phone(gov.leader, dispute_id, party["id"])
    assert refused.status_code == 403 and refused.json()["error"] == "MayNotReadPhone"

    read = await jf.phone(gov.officer, dispute_id, party["id"])
    assert read.status_code == 200, read.text
    assert read.json() == {"name": "叶春生", "phone": "13800002222"}
    rows = (
        await session.scalars(select(AuditEvent).where(AuditEvent.subject_id == party["id"]))
    ).all()
    assert [(r.actor_id, r.action, r.subject_type) for r in rows] == [
        (gov.officer.id, "read_phone", "dispute_party")
    ]
    assert rows[0].detail == {"dispute_id": dispute_id}

    # Handed to her, the 联户长 may call them.
    await jf.done(gov.village_police, dispute_id, "assign", assignee_id=gov.leader.id, **deadline())
    assert (await jf.phone(gov.leader, dispute_id, party["id"])).status_code == 200

    other = await jf.recorded(gov.leader, **boundary_quarrel(gov))
    elsewhere = await jf.phone(gov.officer, dispute_id, other["parties"][0]["id"])
    assert elsewhere.status_code == 404 and elsewhere.json()["error"] == "PartyNotFound"
    silent = await jf.recorded(
        gov.leader, **boundary_quarrel(gov, parties=[{"name": "叶土根", "household_id": gov.h1.id}])
    )
    none = await jf.phone(gov.officer, silent["id"], silent["parties"][0]["id"])
    assert none.status_code == 404 and none.json()["error"] == "NoPhoneOnRecord"
