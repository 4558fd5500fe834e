"""Drafts, approval and publishing: who may send what, and the bad inputs refused."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import BULLETIN_CATEGORIES, AreaLevel, Delivery, Role
from support.auth import bearer, wechat_login
from support.bulletins import create, deliver, draft, publish, staff
from support.factories import grant, make_area, make_household, make_person

API = "/api/v1/bulletins"


async def test_an_area_officer_publishes_to_their_own_village_at_once(
    client, world, app, database, session
):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    assert bulletin["status"] == "draft"

    published = await publish(client, officer, bulletin["id"])

    assert published.status_code == 200, published.text
    assert published.json()["status"] == "sending"
    await deliver(app, database)
    count = await session.scalar(select(func.count()).where(Delivery.bulletin_id == bulletin["id"]))
    assert count == 3  # p1, p2, p4 of 上坊村; not p3 of 桐坑源村


async def test_a_station_wide_bulletin_waits_for_the_chief(client, world):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.station.id]))
    preview = await client.post(f"{API}/{bulletin['id']}/audience-preview", headers=officer)
    assert preview.json()["needs_approval"] is True

    waiting = await publish(client, officer, bulletin["id"])
    assert waiting.json()["status"] == "pending_approval"
    refused = await client.post(f"{API}/{bulletin['id']}/approve", headers=officer)
    assert refused.status_code == 403

    approved = await client.post(
        f"{API}/{bulletin['id']}/approve", headers=await staff(client, "chief")
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "sending"
    assert approved.json()["approver_id"] == world.chief.id


async def test_the_chief_can_send_a_bulletin_back_with_a_reason(client, world):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.township.id]))
    await publish(client, officer, bulletin["id"])

    back = await client.post(
        f"{API}/{bulletin['id']}/reject",
        json={"reason": "范围太大"},
        headers=await staff(client, "chief"),
    )

    assert back.json()["status"] == "draft"
    assert "范围太大" in back.json()["note"]


async def test_an_unknown_area_is_refused_not_sent_to_nobody(client, world):
    response = await client.post(
        API, json=draft(["01NOSUCHAREA0000000000000"]), headers=await staff(client, "officer")
    )
    assert response.status_code == 422
    assert response.json()["error"] == "AudienceInvalid"
    assert "audience.areas" in response.json()["fields"]


async def test_an_area_of_another_station_is_out_of_scope(client, world, session):
    elsewhere = await make_area(session, "另一个派出所", AreaLevel.station)
    response = await client.post(
        API, json=draft([elsewhere.id]), headers=await staff(client, "officer")
    )
    assert response.status_code == 403
    assert response.json()["error"] == "AudienceOutOfScope"


async def test_a_household_of_another_station_is_out_of_scope(client, world, session):
    elsewhere = await make_area(session, "另一个派出所", AreaLevel.station)
    household = await make_household(session, elsewhere, "外所1号")
    body = draft(audience={"households": [household.id]})
    response = await client.post(API, json=body, headers=await staff(client, "officer"))
    assert response.status_code == 403


async def test_an_audience_naming_nothing_is_refused(client, world):
    response = await client.post(API, json=draft([]), headers=await staff(client, "officer"))
    assert response.status_code == 422
    assert "audience" in response.json()["fields"]


async def test_the_categories_offered_are_the_models_list(client, world, app):
    officer = await staff(client, "officer")
    schema = app.openapi()["components"]["schemas"]["BulletinIn"]["properties"]["category"]

    assert tuple(schema["enum"]) == BULLETIN_CATEGORIES
    for category in BULLETIN_CATEGORIES:
        await create(client, officer, draft([world.tree.village.id], category=category))
    unknown = await client.post(
        API, json=draft([world.tree.village.id], category="其他"), headers=officer
    )
    assert unknown.status_code == 422
    assert "category" in unknown.json()["fields"]


async def test_an_audience_that_reaches_nobody_cannot_be_published(client, world, session):
    empty_village = await make_area(session, "空村", AreaLevel.village, world.tree.township)
    chief = await staff(client, "chief")
    bulletin = await create(client, chief, draft([empty_village.id]))

    response = await publish(client, chief, bulletin["id"])

    assert response.status_code == 422
    assert response.json()["error"] == "EmptyAudience"


async def test_a_bulletin_is_published_only_once(client, world):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    assert (await publish(client, officer, bulletin["id"])).status_code == 200

    again = await publish(client, officer, bulletin["id"])

    assert again.status_code == 409
    assert again.json()["error"] == "AlreadyPublished"


async def test_publishing_in_the_past_is_refused(client, world):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    past = (clock.now() - timedelta(hours=1)).isoformat()

    response = await publish(client, officer, bulletin["id"], at=past)

    assert response.status_code == 422
    assert response.json()["error"] == "PublishInPast"


async def test_only_drafts_can_be_edited(client, world):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    edited = await client.patch(
        f"{API}/{bulletin['id']}", json={"title": "新标题"}, headers=officer
    )
    assert edited.json()["title"] == "新标题"
    await publish(client, officer, bulletin["id"])

    late = await client.patch(f"{API}/{bulletin['id']}", json={"title": "再改"}, headers=officer)

    assert late.status_code == 409


async def test_a_villager_cannot_write_bulletins(client, device, world):
    villager = bearer(await wechat_login(client, device, "o-p1"))
    response = await client.post(API, json=draft([world.tree.village.id]), headers=villager)
    assert response.status_code == 403


async def test_officers_see_their_own_and_their_areas_bulletins_only(client, world, session):
    other = await make_person(session, "李民警", username="other-officer")
    await grant(session, other, Role.area_officer, world.tree.other_village)
    officer = await staff(client, "officer")
    mine = await create(client, officer, draft([world.tree.village.id]))

    seen_by_other = await client.get(API, headers=await staff(client, "other-officer"))
    seen_by_chief = await client.get(API, headers=await staff(client, "chief"))

    assert seen_by_other.json()["items"] == []
    assert [b["id"] for b in seen_by_chief.json()["items"]] == [mine["id"]]
    hidden = await client.get(f"{API}/{mine['id']}", headers=await staff(client, "other-officer"))
    assert hidden.status_code == 404
