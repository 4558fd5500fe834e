"""叶某's unsafe house (last flood season, 桃林村), from finding to closure, through the API: a
联户长 finds an 80-year-old's house unsafe on her round and reports it with a photo; the 村警
grades it 重大 and tells the village director (on the roster, no WeChat: a phone call owed);
the officer and the chief learn of it at once; the old man is moved to the shelter and that
is reported with a photo; the 村警 accepts and closes it with evidence. The trail shows each
step and verifies."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.governance import links
from jinghutong.models import Hazard, Notification
from support.governance import deadline, notified_kinds, roster_member, visit
from support.hazards import unsafe_house


async def test_ye_s_unsafe_house_from_finding_to_closure(hz, gov, session, client):
    gov.tree.village.name = "桃林村"
    await session.flush()
    director = await roster_member(session, gov.tree.village, "叶建华")
    round_ = await visit(session, gov, gov.leader)
    found = await hz.photo(gov.leader)

    # She reports what she saw on her round, with the photo, as 较大 (her first judgement).
    reported = await hz.report(
        gov.leader, key="ye-1", **unsafe_house(gov, visit_id=round_.id, media_ids=[found])
    )
    assert reported.status_code == 201, reported.text
    hazard = reported.json()
    assert hazard["number"].startswith("YH-") and hazard["number"].endswith("-0001")
    assert (hazard["status_name"], hazard["kind_name"], hazard["grade_name"]) == (
        "已登记",
        "房屋",
        "较大",
    )
    assert hazard["where"] == "桃林村下坞1号"
    assert hazard["village"]["name"] == "桃林村"
    assert hazard["reporter"] == {"id": gov.leader.id, "name": "余春花", "phone": "139****0001"}
    assert [link["type"] for link in hazard["links"]] == ["visit"]
    assert [x.id for x in await links.linked(session, "visit", round_.id)] == [hazard["id"]]
    assert "hazard.reported" in await notified_kinds(session, gov.village_police)
    assert await notified_kinds(session, gov.chief) == []  # not yet 重大

    # The 村警 grades it 重大 and tells the village director, who must act within two days.
    told = await hz.act(
        gov.village_police,
        hazard["id"],
        "notify",
        key="ye-2",
        responsible_member_id=director.id,
        grade="severe",
        note="立即转移老人至村避灾安置点，封闭危房",
        **deadline(2),
    )
    assert told.status_code == 200, told.text
    notified = told.json()
    assert (notified["status_name"], notified["grade_name"]) == ("整改中", "重大")
    assert notified["responsible"] == {
        "kind": "member",
        "id": director.id,
        "name": "叶建华",
        "title": "主任",
        "phone": "139****1111",
        "has_wechat": False,
    }
    [owed] = notified["phone_notices"]
    assert (owed["name"], owed["phone"], owed["status_name"]) == (
        "叶建华",
        "139****1111",
        "待电话告知",
    )
    assert hazard["number"] in owed["text"] and "立即转移老人" in owed["text"]
    assert "hazard.severe" in await notified_kinds(session, gov.officer)
    assert "hazard.severe" in await notified_kinds(session, gov.chief)

    # The old man is moved to the shelter; she reports it with a photo.
    moved = await hz.photo(gov.leader, shade=90)
    rectified = await hz.act(
        gov.leader,
        hazard["id"],
        "report-rectified",
        key="ye-3",
        text="已将叶土根老人转移至村避灾安置点，危房已封闭，每日探望",
        media_ids=[moved],
    )
    assert rectified.status_code == 200, rectified.text
    assert rectified.json()["status_name"] == "待验收"
    assert rectified.json()["due_at"] is None
    assert "hazard.rectified" in await notified_kinds(session, gov.village_police)

    # The 村警 checks on the spot, accepts, and closes it with a photo of the sealed house.
    accepted = await hz.act(gov.village_police, hazard["id"], "accept", key="ye-4", note="已核实")
    assert accepted.status_code == 200, accepted.text
    sealed = await hz.photo(gov.village_police, shade=150)
    closed = await hz.act(
        gov.village_police,
        hazard["id"],
        "close",
        key="ye-5",
        note="老人已安置，危房封闭并设警示标志，隐患销号",
        media_ids=[sealed],
    )
    assert closed.status_code == 200, closed.text

    final = await hz.seen(gov.chief, hazard["id"])
    assert final["status_name"] == "已销号" and final["closed_at"] is not None
    assert [(e["action_name"], e["actor"]["name"]) for e in final["trail"]] == [
        ("登记隐患", "余春花"),
        ("告知整改", "方建军"),
        ("上报整改", "余春花"),
        ("验收通过", "方建军"),
        ("销号", "方建军"),
    ]
    assert final["trail"][1]["detail"]["grade_to"] == "severe"
    assert final["trail_intact"] is True
    assert {(m["id"], m["stage"]) for m in final["media"]} == {
        (found, "reported"),
        (moved, "rectified"),
        (sealed, "closed"),
    }
    assert "hazard.closed" in await notified_kinds(session, gov.leader)


async def test_the_photos_go_with_the_hazard(hz, gov, client):
    photo = await hz.photo(gov.leader)
    hazard = (await hz.report(gov.leader, **unsafe_house(gov, media_ids=[photo]))).json()

    for person, status in ((gov.officer, 307), (gov.village_police, 307), (gov.other_police, 404)):
        seen = await client.get(f"/api/v1/media/{photo}", headers=await hz.as_(person))
        assert seen.status_code == status, (person.name, seen.text)
    assert hazard["media"][0]["url"]


async def test_a_replayed_report_is_one_hazard(hz, gov, session):
    first = await hz.report(gov.leader, key="weak-signal", **unsafe_house(gov))
    again = await hz.report(gov.leader, key="weak-signal", **unsafe_house(gov))

    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    rows = (
        await session.scalars(select(Hazard.id).where(Hazard.reporter_id == gov.leader.id))
    ).all()
    assert rows == [first.json()["id"]]
    told = await session.scalars(
        select(Notification.id).where(
            Notification.person_id == gov.village_police.id, Notification.kind == "hazard.reported"
        )
    )
    assert len(told.all()) == 1
