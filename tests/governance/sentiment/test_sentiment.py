"""社情民意: what people want, suggest or are unsettled by, written down on a visit or on its
own. An urgent one reaches the village's area officer at once; a normal one waits in the list.
A handler writes how it was handled, once."""

from __future__ import annotations

from jinghutong.governance import trail
from jinghutong.models import RecordType, Role
from jinghutong.notifications.templates import push_spec
from support.factories import grant, make_person
from support.visits import told


async def test_an_urgent_item_from_a_visit_tells_the_area_officer_at_once(gov, phones, session):
    other_officer = await make_person(session, "程民警", username="mj-other")
    await grant(session, other_officer, Role.area_officer, gov.tree.other_village)
    visit = await phones.visited(gov.leader, household_ids=[gov.h1.id], topics=["sentiment"])

    response = await phones.sentiment(
        gov.leader,
        key="sentiment-1",
        visit_id=visit["id"],
        household_id=gov.h1.id,
        category="instability",
        urgency="urgent",
        topics=["土地", "邻里"],
        text="两户为山林边界吵了好几天，今天说要动手",
    )

    assert response.status_code == 201, response.text
    item = response.json()
    assert (item["category_name"], item["urgency_name"], item["status_name"]) == (
        "不稳定因素",
        "紧急",
        "待处理",
    )
    assert item["village"]["id"] == gov.tree.village.id  # filled from the area
    assert item["area"]["id"] == gov.tree.micro_grid.id
    assert item["household"]["head_name"] == "叶土根"  # her own household: the whole name
    assert item["topics"] == ["土地", "邻里"]
    assert [x["type"] for x in item["linked"]] == ["visit"]
    [notice] = await told(session, gov.officer, "sentiment.urgent")
    assert "上坊村" in notice.title and "山林边界" in notice.body
    assert notice.link == f"pages/sentiments/detail?id={item['id']}"
    assert await told(session, other_officer, "sentiment.urgent") == []
    assert await told(session, gov.village_police, "sentiment.urgent") == []
    assert push_spec("sentiment.urgent") is not None  # a WeChat push where quota allows
    assert [e["action"] for e in item["events"]] == ["recorded", "officers_told"]
    assert trail.verify(await trail.events(session, RecordType.sentiment, item["id"]))
    # The link is kept both ways: the visit lists what it turned up.
    seen = await phones.ok(gov.leader, f"/visits/{visit['id']}")
    assert [(f["type"], f["id"]) for f in seen["findings"]] == [("sentiment", item["id"])]
    assert seen["findings"][0]["label"] == "社情民意：不稳定因素"


async def test_a_normal_item_tells_nobody(gov, phones, session):
    response = await phones.sentiment(
        gov.village_police,
        area_id=gov.tree.village.id,
        category="suggestion",
        topics=["交通"],
        text="村口路灯坏了，建议修",
    )

    assert response.status_code == 201, response.text
    assert response.json()["village"]["id"] == gov.tree.village.id
    assert await told(session, gov.officer, "sentiment.urgent") == []
    assert [e["action"] for e in response.json()["events"]] == ["recorded"]


async def test_a_handler_handles_it_once_and_the_group_leader_may_not(gov, phones, session):
    item = (
        await phones.sentiment(gov.leader, household_id=gov.h2.id, category="demand", text="要低保")
    ).json()
    path = f"/sentiments/{item['id']}/handle"

    leader_try = await phones.post(gov.leader, path, {"note": "我来处理"})
    assert leader_try.status_code == 403 and leader_try.json()["error"] == "NotAHandler"
    outsider = await phones.post(gov.other_police, path, {"note": "x"})
    assert outsider.status_code == 404 and outsider.json()["error"] == "SentimentNotFound"
    empty = await phones.post(gov.village_police, path, {"note": ""})
    assert empty.status_code == 422
    huge = await phones.post(gov.village_police, path, {"note": "长" * 501})
    assert huge.status_code == 422

    done = await phones.post(gov.village_police, path, {"note": "已报民政办，下月入户核查"}, "h-1")
    assert done.status_code == 200, done.text
    body = done.json()
    assert (body["status"], body["status_name"]) == ("handled", "已处理")
    assert body["handled_note"] == "已报民政办，下月入户核查"
    assert body["handled_by"] == {"id": gov.village_police.id, "name": "方建军"}
    assert body["can_handle"] is False
    replay = await phones.post(
        gov.village_police, path, {"note": "已报民政办，下月入户核查"}, "h-1"
    )
    assert replay.status_code == 200 and replay.json() == body  # the same answer, once
    again = await phones.post(gov.officer, path, {"note": "再处理一次"})
    assert again.status_code == 409 and again.json()["error"] == "AlreadyHandled"
    events = await trail.events(session, RecordType.sentiment, item["id"])
    assert [e.action for e in events] == ["recorded", "handled"]


async def test_the_list_within_scope_and_its_filters(gov, phones):
    a = (
        await phones.sentiment(
            gov.leader, household_id=gov.h1.id, category="demand", urgency="urgent", text="a"
        )
    ).json()
    b = (
        await phones.sentiment(
            gov.village_police, area_id=gov.tree.village.id, category="complaint", text="b"
        )
    ).json()
    c = (
        await phones.sentiment(
            gov.other_police, area_id=gov.tree.other_village.id, category="demand", text="c"
        )
    ).json()

    async def listed(person, **params) -> list[str]:
        return [i["id"] for i in (await phones.ok(person, "/sentiments", **params))["items"]]

    assert await listed(gov.leader) == [a["id"]]  # the village-wide item is not her grid's
    assert await listed(gov.village_police) == [b["id"], a["id"]]
    assert await listed(gov.chief) == [c["id"], b["id"], a["id"]]
    assert await listed(gov.chief, category="demand") == [c["id"], a["id"]]
    assert await listed(gov.chief, urgency="urgent") == [a["id"]]
    assert await listed(gov.chief, status="handled") == []
    assert await listed(gov.chief, area_id=gov.tree.other_village.id) == [c["id"]]
    first = await phones.ok(gov.chief, "/sentiments", limit=2)
    rest = await phones.ok(gov.chief, "/sentiments", limit=2, cursor=first["next_cursor"])
    assert [i["id"] for i in rest["items"]] == [a["id"]] and rest["next_cursor"] is None

    assert (await phones.get(gov.other_police, f"/sentiments/{a['id']}")).status_code == 404
    assert (await phones.get(gov.leader, f"/sentiments/{b['id']}")).status_code == 404
    assert (await phones.get(gov.villager, "/sentiments")).status_code == 403
    bad = await phones.get(gov.chief, "/sentiments", category="gossip")
    assert bad.status_code == 422
    away = await phones.get(gov.leader, "/sentiments", area_id=gov.tree.other_village.id)
    assert away.status_code == 404
