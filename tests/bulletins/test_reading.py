"""The feed, read receipts, statistics by village and the 联户长's unread-household list."""

from __future__ import annotations

from support.auth import bearer, wechat_login
from support.bulletins import create, deliver, draft, publish, run_jobs, staff

API = "/api/v1"


async def _published(client, app, database, world, **changes) -> str:
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id], **changes))
    assert (await publish(client, officer, bulletin["id"])).status_code == 200
    await deliver(app, database)
    return bulletin["id"]


async def test_the_feed_shows_what_reached_me_and_a_read_receipt_counts(
    client, device, app, database, world
):
    bulletin_id = await _published(client, app, database, world)
    villager = bearer(await wechat_login(client, device, "o-p2"))

    [item] = (await client.get(f"{API}/feed", headers=villager)).json()["items"]
    assert (item["id"], item["read_at"], item["withdrawn"]) == (bulletin_id, None, False)
    read = await client.post(f"{API}/bulletins/{bulletin_id}/read", headers=villager)
    again = await client.post(f"{API}/bulletins/{bulletin_id}/read", headers=villager)

    assert read.status_code == 200
    assert again.json()["read_at"] == read.json()["read_at"]
    stats = (
        await client.get(
            f"{API}/bulletins/{bulletin_id}/stats", headers=await staff(client, "officer")
        )
    ).json()
    assert stats["read"] == 1
    [village] = stats["by_village"]
    assert (village["village_name"], village["targeted"], village["read"]) == ("上坊村", 3, 1)


async def test_someone_outside_the_audience_sees_nothing_and_cannot_mark_it_read(
    client, device, app, database, world
):
    bulletin_id = await _published(client, app, database, world)
    outsider = bearer(await wechat_login(client, device, "o-p3"))

    assert (await client.get(f"{API}/feed", headers=outsider)).json()["items"] == []
    response = await client.post(f"{API}/bulletins/{bulletin_id}/read", headers=outsider)
    assert response.status_code == 404


async def test_the_group_leader_sees_which_households_have_not_read_an_important_bulletin(
    client, device, app, database, world
):
    bulletin_id = await _published(client, app, database, world, important=True)
    leader = bearer(await wechat_login(client, device, "o-leader"))
    unread = (
        await client.get(f"{API}/bulletins/{bulletin_id}/unread-households", headers=leader)
    ).json()
    assert {h["address"] for h in unread["items"]} == {"上坊村下坞1号", "上坊村下坞2号"}

    villager = bearer(await wechat_login(client, device, "o-p1"))
    await client.post(f"{API}/bulletins/{bulletin_id}/read", headers=villager)

    unread = (
        await client.get(f"{API}/bulletins/{bulletin_id}/unread-households", headers=leader)
    ).json()
    assert [h["address"] for h in unread["items"]] == ["上坊村下坞2号"]


async def test_unread_lists_are_only_for_important_bulletins_and_for_people_with_an_area(
    client, device, app, database, world
):
    bulletin_id = await _published(client, app, database, world)
    leader = bearer(await wechat_login(client, device, "o-leader"))
    villager = bearer(await wechat_login(client, device, "o-p2"))

    assert (
        await client.get(f"{API}/bulletins/{bulletin_id}/unread-households", headers=leader)
    ).status_code == 409
    assert (
        await client.get(f"{API}/bulletins/{bulletin_id}/unread-households", headers=villager)
    ).status_code == 404


async def test_a_withdrawn_bulletin_stays_in_the_feed_marked_withdrawn(
    client, device, app, database, world
):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    await publish(client, officer, bulletin["id"])
    await run_jobs(app, database)  # released: in the feeds, WeChat messages not sent yet
    cancelled = await client.post(f"{API}/bulletins/{bulletin['id']}/cancel", headers=officer)
    assert cancelled.status_code == 200
    villager = bearer(await wechat_login(client, device, "o-p2"))

    [item] = (await client.get(f"{API}/feed", headers=villager)).json()["items"]
    assert item["withdrawn"] is True
