"""Bad input and the wrong people: another village's 村警 learns nothing (404), a 联户长 who
sees a hazard may not decide it (403), the wrong state is a 409 saying why, a past deadline,
someone else's photo, another village's household, roster member or visit are 422 naming the
field, and a replayed action is done once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from jinghutong.models import AuditEvent, GovernanceEvent, PhoneNotice
from support.governance import deadline, in_days, roster_member, visit
from support.hazards import unsafe_house

CONTACT = {"responsible_name": "叶春生", "responsible_phone": "13711112222"}
DISMISS = {"dismissed": True, "reason": "gone"}


async def _notified(hz, gov, **changes) -> dict:
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    body = {"responsible_name": "叶春生", "responsible_phone": "13711112222", **deadline(3)}
    body.update(changes)
    told = await hz.act(gov.village_police, hazard["id"], "notify", **body)
    assert told.status_code == 200, told.text
    return told.json()


async def _rectified(hz, gov) -> dict:
    hazard = await _notified(hz, gov)
    done = await hz.act(gov.leader, hazard["id"], "report-rectified", text="已加固后墙")
    assert done.status_code == 200, done.text
    return done.json()


async def test_another_villages_police_learns_nothing(hz, gov):
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()

    assert (await hz.get(gov.other_police, hazard["id"])).status_code == 404
    assert (await hz.get(gov.other_police, "01JUNKNOWNHAZARD0000000000")).status_code == 404
    body = {"responsible_name": "叶春生", "responsible_phone": "13711112222", **deadline()}
    refused = await hz.act(gov.other_police, hazard["id"], "notify", **body)
    assert refused.status_code == 404
    assert refused.json()["detail"] == "找不到这条隐患记录，可能已被删除或您没有权限"
    assert await hz.listed(gov.other_police) == []
    assert [h["id"] for h in await hz.listed(gov.officer)] == [hazard["id"]]


async def test_a_villager_is_no_recorder(hz, gov):
    refused = await hz.report(gov.villager, **unsafe_house(gov))
    assert refused.status_code == 403
    assert refused.json()["error"] == "NotARecorder"


async def test_a_leader_may_not_notify_or_accept(hz, gov):
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    notify = await hz.act(gov.leader, hazard["id"], "notify", responsible_name="某", **deadline())
    assert notify.status_code == 422  # a name without a phone: the body is checked first
    notify = await hz.act(
        gov.leader,
        hazard["id"],
        "notify",
        responsible_name="叶春生",
        responsible_phone="13711112222",
        **deadline(),
    )
    assert notify.status_code == 403
    assert notify.json()["error"] == "NotAHandler"

    rectified = await _rectified(hz, gov)
    for action, body in (("accept", {}), ("reject", {"reason": "没修好", **deadline()})):
        refused = await hz.act(gov.leader, rectified["id"], action, **body)
        assert refused.status_code == 403, action
    assert (await hz.seen(gov.leader, rectified["id"]))["can_accept"] is False


async def test_one_may_not_accept_ones_own_rectification(hz, gov):
    hazard = await _notified(hz, gov)
    await hz.act(gov.village_police, hazard["id"], "report-rectified", text="已拉警戒线并加固")

    own = await hz.act(gov.village_police, hazard["id"], "accept")
    assert own.status_code == 403 and own.json()["error"] == "OwnRectification"
    other = await hz.act(gov.officer, hazard["id"], "accept")
    assert other.status_code == 200 and other.json()["status"] == "accepted"


@pytest.mark.parametrize(
    ("setup", "action", "body", "says"),
    [
        ("reported", "accept", {}, "只有待验收的隐患可以验收（这条隐患当前：已登记）"),
        ("reported", "report-rectified", {"text": "好了"}, "只有整改中的隐患可以上报整改"),
        ("notified", "notify", CONTACT, "只有刚登记的隐患可以告知整改"),
        ("notified", "close", {"note": "好了"}, "验收通过后才能销号"),
        ("rectified", "close", DISMISS, "只有已登记或整改中的隐患可以撤销"),
        ("closed", "regrade", {"grade": "general", "reason": "复核"}, "已销号的隐患不能再调整等级"),
    ],
)  # fmt: skip
async def test_the_wrong_state_is_a_conflict_saying_why(hz, gov, setup, action, body, says):
    if setup == "reported":
        hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    elif setup == "notified":
        hazard = await _notified(hz, gov)
    else:
        hazard = await _rectified(hz, gov)
    if setup == "closed":
        await hz.act(gov.officer, hazard["id"], "accept")
        await hz.act(gov.officer, hazard["id"], "close", note="已销号")
    if action in ("notify", "reject"):
        body = {**body, **deadline()}

    refused = await hz.act(gov.village_police, hazard["id"], action, **body)

    assert refused.status_code == 409, refused.text
    assert refused.json()["error"] == "WrongState"
    assert says in refused.json()["detail"]


async def test_a_deadline_in_the_past_is_refused(hz, gov):
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    body = {"responsible_name": "叶春生", "responsible_phone": "13711112222"}

    past = await hz.act(gov.village_police, hazard["id"], "notify", deadline_at=in_days(-1), **body)
    assert past.status_code == 422
    assert past.json()["fields"] == {"deadline_at": "整改期限须晚于现在"}
    naive = await hz.act(
        gov.village_police, hazard["id"], "notify", deadline_at="2099-01-01T00:00:00", **body
    )
    assert naive.status_code == 422  # a time without its zone
    far = await hz.act(gov.village_police, hazard["id"], "notify", deadline_at=in_days(400), **body)
    assert far.status_code == 422
    assert (await hz.seen(gov.village_police, hazard["id"]))["status"] == "reported"


async def test_someone_elses_photo_is_refused(hz, gov):
    theirs = await hz.photo(gov.village_police)
    refused = await hz.report(gov.leader, **unsafe_house(gov, media_ids=[theirs]))
    assert refused.status_code == 422
    assert "media_ids" in refused.json()["fields"]

    hazard = await _notified(hz, gov)
    refused = await hz.act(gov.leader, hazard["id"], "report-rectified", media_ids=[theirs])
    assert refused.status_code == 422
    assert (await hz.seen(gov.leader, hazard["id"]))["status"] == "notified"


async def test_places_and_people_of_another_village_are_refused(hz, gov, session):
    other_house = await hz.report(gov.village_police, **unsafe_house(gov, household_id=gov.h3.id))
    assert other_house.status_code == 422
    assert other_house.json()["fields"] == {"household_id": "找不到这一户，或不在您的辖区"}
    other_place = await hz.report(
        gov.village_police,
        **unsafe_house(gov, household_id=None, area_id=gov.tree.other_village.id, place="桥头"),
    )
    assert other_place.status_code == 422 and "area_id" in other_place.json()["fields"]
    their_round = await visit(session, gov, gov.other_police)
    their_round.area_id, their_round.area_path = gov.h3.area_id, gov.h3.area_path
    await session.flush()
    unseen = await hz.report(gov.leader, **unsafe_house(gov, visit_id=their_round.id))
    assert unseen.status_code == 422 and "visit_id" in unseen.json()["fields"]

    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    elsewhere = await roster_member(session, gov.tree.other_village, "方主任")
    member = await hz.act(
        gov.village_police, hazard["id"], "notify", responsible_member_id=elsewhere.id, **deadline()
    )
    assert member.status_code == 422
    assert "responsible_member_id" in member.json()["fields"]
    person = await hz.act(
        gov.village_police,
        hazard["id"],
        "notify",
        responsible_person_id=gov.other_police.id,
        **deadline(),
    )
    assert person.status_code == 422
    assert "responsible_person_id" in person.json()["fields"]
    villager = await hz.act(
        gov.village_police,
        hazard["id"],
        "notify",
        responsible_person_id=gov.villager.id,
        **deadline(),
    )
    assert villager.status_code == 200  # a member of the household itself
    assert villager.json()["responsible"]["has_wechat"] is True


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "flood"},
        {"kind": None},  # missing
        {"grade": "extreme"},
        {"title": ""},
        {"title": "长" * 101},
        {"description": "长" * 2001},
        {"household_id": None},  # neither a household nor a place
        {"area_id": "x"},  # both
        {"household_id": None, "area_id": "x"},  # a place without its description
        {"media_ids": ["m"] * 10},
        {"location": {"lat": 200, "lng": 0}},
        {"unexpected": 1},
    ],
)
async def test_a_malformed_report_is_a_clear_422(hz, gov, changes):
    body = {k: v for k, v in unsafe_house(gov, **changes).items() if v is not None}
    refused = await hz.report(gov.leader, **body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"responsible_name": "叶春生", "responsible_phone": "12345"},
        {"responsible_name": "叶春生"},
        {"responsible_phone": "13711112222"},
        {},
        {**CONTACT, "responsible_member_id": "x"},
        {**CONTACT, "grade": "huge"},
        {**CONTACT, "note": "长" * 501},
    ],
)  # fmt: skip
async def test_a_malformed_notice_is_a_clear_422(hz, gov, body):
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    refused = await hz.act(gov.village_police, hazard["id"], "notify", **body, **deadline())
    assert refused.status_code == 422, refused.text


async def test_empty_rectifications_and_closures_are_refused(hz, gov):
    hazard = await _notified(hz, gov)
    empty = await hz.act(gov.leader, hazard["id"], "report-rectified", text="  ")
    assert empty.status_code == 422
    no_reason = await hz.act(gov.village_police, hazard["id"], "close", dismissed=True)
    assert no_reason.status_code == 422
    bad_reason = await hz.act(
        gov.village_police, hazard["id"], "close", dismissed=True, reason="bored"
    )
    assert bad_reason.status_code == 422
    await hz.act(gov.leader, hazard["id"], "report-rectified", text="已加固")
    await hz.act(gov.village_police, hazard["id"], "accept")
    no_note = await hz.act(gov.village_police, hazard["id"], "close")
    assert no_note.status_code == 422


async def test_a_replayed_action_is_done_once(hz, gov, session):
    hazard = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    body = {"responsible_name": "叶春生", "responsible_phone": "13711112222", **deadline(3)}

    first = await hz.act(gov.village_police, hazard["id"], "notify", key="notify-1", **body)
    again = await hz.act(gov.village_police, hazard["id"], "notify", key="notify-1", **body)

    assert first.status_code == again.status_code == 200
    notified = await session.scalar(
        select(func.count())
        .select_from(GovernanceEvent)
        .where(GovernanceEvent.record_id == hazard["id"], GovernanceEvent.action == "notified")
    )
    owed = await session.scalar(
        select(func.count()).select_from(PhoneNotice).where(PhoneNotice.subject_id == hazard["id"])
    )
    assert (notified, owed) == (1, 1)


async def test_the_clear_phone_is_for_handlers_and_its_read_audited(hz, gov, session, client):
    hazard = await _notified(hz, gov)
    url = f"/api/v1/hazards/{hazard['id']}/responsible-phone"
    assert hazard["responsible"]["phone"] == "137****2222"

    read = await client.get(url, headers=await hz.as_(gov.village_police))
    assert read.json() == {"name": "叶春生", "phone": "13711112222"}
    assert (await client.get(url, headers=await hz.as_(gov.leader))).status_code == 403
    assert (await client.get(url, headers=await hz.as_(gov.other_police))).status_code == 404
    audited = await session.scalars(
        select(AuditEvent.actor_id).where(
            AuditEvent.subject_id == hazard["id"], AuditEvent.action == "read_phone"
        )
    )
    assert audited.all() == [gov.village_police.id]
