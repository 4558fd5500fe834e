"""The register as each person reads it: scope (a 联户长 sees their micro-grid's and their own),
filters, pages; a place that is no household's; regrading; a rejection owed by phone again."""

from __future__ import annotations

from datetime import timedelta

from jinghutong.models import Role
from support.factories import grant, make_person
from support.governance import deadline, notified_kinds
from support.hazards import unsafe_house


async def _at_the_river(hz, gov, person, **changes):
    body = unsafe_house(
        gov,
        household_id=None,
        area_id=gov.tree.village.id,
        place="村口石桥下游河滩",
        kind="water",
        grade="general",
        title="河滩无警示牌",
        location={"lat": 29.61, "lng": 118.91},
    )
    body.update(changes)
    response = await hz.report(person, **body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_leader_sees_her_micro_grid_and_her_own(hz, gov, session):
    house = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    river = await _at_the_river(hz, gov, gov.village_police)
    assert river["where"] == "村口石桥下游河滩" and river["location"] == {
        "lat": 29.61,
        "lng": 118.91,
    }

    assert [h["id"] for h in await hz.listed(gov.leader)] == [house["id"]]
    assert (await hz.get(gov.leader, river["id"])).status_code == 404  # the village's, not hers
    assert [h["id"] for h in await hz.listed(gov.village_police)] == [river["id"], house["id"]]

    # A 联户长 who stepped down still sees the one she reported, and only that.
    former = await make_person(session, "余水英", openid="o-gov-former")
    appointment = await grant(session, former, Role.group_leader, gov.tree.micro_grid)
    hers = (await hz.report(former, **unsafe_house(gov, title="电线老化"))).json()
    await session.delete(appointment)
    await session.flush()
    assert [h["id"] for h in await hz.listed(former)] == [hers["id"]]
    assert (await hz.get(former, hers["id"])).status_code == 200
    assert (await hz.get(former, house["id"])).status_code == 404


async def test_filters_and_pages(hz, gov):
    house = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    river = await _at_the_river(hz, gov, gov.village_police)
    severe = (
        await hz.report(gov.leader, **unsafe_house(gov, grade="severe", title="山体滑坡"))
    ).json()
    await hz.act(
        gov.village_police,
        house["id"],
        "notify",
        responsible_name="叶春生",
        responsible_phone="137-1111-2222",
        **deadline(1),
    )
    police = gov.village_police

    assert [h["id"] for h in await hz.listed(police, grade="severe")] == [severe["id"]]
    assert [h["id"] for h in await hz.listed(police, kind="water")] == [river["id"]]
    assert [h["id"] for h in await hz.listed(police, status="notified")] == [house["id"]]
    assert [h["id"] for h in await hz.listed(police, area_id=gov.tree.micro_grid.id)] == [
        severe["id"],
        house["id"],
    ]
    assert await hz.listed(police, overdue=True) == []
    hz.later(timedelta(days=1, minutes=1))
    [late] = await hz.listed(police, overdue=True)
    assert late["id"] == house["id"] and late["overdue"] is True

    first = await hz.client.get(
        "/api/v1/hazards", params={"limit": 2}, headers=await hz.as_(police)
    )
    page = first.json()
    second = await hz.client.get(
        "/api/v1/hazards",
        params={"limit": 2, "cursor": page["next_cursor"]},
        headers=await hz.as_(police),
    )
    ids = [h["id"] for h in page["items"] + second.json()["items"]]
    assert ids == [severe["id"], river["id"], house["id"]]
    assert second.json()["next_cursor"] is None

    for bad in ({"status": "open"}, {"cursor": "!!"}, {"limit": 0}, {"grade": "huge"}):
        refused = await hz.client.get("/api/v1/hazards", params=bad, headers=await hz.as_(police))
        assert refused.status_code == 422, bad
    elsewhere = await hz.client.get(
        "/api/v1/hazards",
        params={"area_id": gov.tree.other_village.id},
        headers=await hz.as_(police),
    )
    assert elsewhere.status_code == 404


async def test_regrading_to_severe_tells_the_officer_and_the_chief(hz, gov, session):
    river = await _at_the_river(hz, gov, gov.leader, area_id=gov.tree.micro_grid.id)
    assert await notified_kinds(session, gov.chief) == []

    same = await hz.act(gov.village_police, river["id"], "regrade", grade="general", reason="复核")
    assert same.status_code == 422
    up = await hz.act(
        gov.village_police, river["id"], "regrade", grade="severe", reason="汛期水位上涨"
    )

    assert up.status_code == 200 and up.json()["grade_name"] == "重大"
    event = up.json()["trail"][-1]
    assert (event["action_name"], event["detail"]) == (
        "调整等级",
        {"grade_from": "general", "grade_to": "severe", "reason": "汛期水位上涨"},
    )
    assert await notified_kinds(session, gov.chief) == ["hazard.severe"]
    assert "hazard.severe" in await notified_kinds(session, gov.officer)
    refused = await hz.act(gov.leader, river["id"], "regrade", grade="general", reason="看错了")
    assert refused.status_code == 403


async def test_a_rejected_rectification_is_owed_by_phone_again(hz, gov):
    house = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    await hz.act(
        gov.village_police,
        house["id"],
        "notify",
        responsible_name="叶春生",
        responsible_phone="13711112222",
        **deadline(2),
    )
    await hz.act(gov.leader, house["id"], "report-rectified", text="已用木头撑住后墙")

    rejected = await hz.act(
        gov.officer, house["id"], "reject", reason="临时支撑不牢固，须搬离", **deadline(1)
    )

    assert rejected.status_code == 200, rejected.text
    out = rejected.json()
    assert (out["status_name"], out["rectified_at"]) == ("整改中", None)
    assert [n["name"] for n in out["phone_notices"]] == ["叶春生", "叶春生"]
    assert "临时支撑不牢固" in out["phone_notices"][1]["text"]
    assert out["responsible"] == {
        "kind": "contact",
        "id": None,
        "name": "叶春生",
        "title": None,
        "phone": "137****2222",
        "has_wechat": False,
    }


async def test_a_duplicate_is_dismissed_without_acceptance(hz, gov, session):
    first = (await hz.report(gov.leader, **unsafe_house(gov))).json()
    twin = (await hz.report(gov.village_police, **unsafe_house(gov))).json()

    dismissed = await hz.act(
        gov.village_police,
        twin["id"],
        "close",
        dismissed=True,
        reason="duplicate",
        note=f"与 {first['number']} 重复",
    )

    assert dismissed.status_code == 200, dismissed.text
    out = dismissed.json()
    assert (out["status_name"], out["dismissed_reason"]) == ("已销号", "重复登记")
    assert out["trail"][-1]["action_name"] == "撤销"
    assert out["can_close"] is out["can_dismiss"] is False
    assert (await hz.seen(gov.leader, first["id"]))["status"] == "reported"


async def test_a_villagers_report_becomes_a_hazard_with_one_call(hz, gov, client, session):
    case = await client.post(
        "/api/v1/cases",
        json={"kind": "hazard", "text": "屋后山坡有裂缝，下雨往下掉泥"},
        headers=await hz.as_(gov.villager),
    )
    assert case.status_code == 201, case.text

    hazard = await hz.report(gov.leader, **unsafe_house(gov, case_id=case.json()["id"]))

    assert hazard.status_code == 201, hazard.text
    [link] = hazard.json()["links"]
    assert (link["type_name"], link["direction"], link["label"]) == (
        "群众上报",
        "from",
        case.json()["number"],
    )
    unseen = await hz.report(
        gov.other_police, **unsafe_house(gov, household_id=gov.h3.id, case_id=case.json()["id"])
    )
    assert unseen.status_code == 422 and "case_id" in unseen.json()["fields"]
