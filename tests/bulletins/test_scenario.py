"""Done-when: a village-targeted 反诈宣传 bulletin reaches exactly the right households' feeds
and, where they subscribed through the mini-program, their WeChat inboxes; read receipts show
in the stats and in the 联户长's unread list; the CAP export validates."""

from __future__ import annotations

from capvalidator import Validator

from jinghutong.notifications.templates import BULLETIN_TEMPLATE
from support.auth import bearer, wechat_login
from support.bulletins import create, deliver, draft, inbox, publish, staff

API = "/api/v1"


async def test_a_village_anti_fraud_warning_from_draft_to_read(
    client, device, app, database, world
):
    # 余土根 (p2) taps "allow" in the subscribe prompt; the mini-program posts the answer.
    p2 = bearer(await wechat_login(client, device, "o-p2"))
    answer = (
        await device.post(
            "/device/subscribe", json={"openid": "o-p2", "template_ids": [BULLETIN_TEMPLATE]}
        )
    ).json()
    recorded = await client.post(
        f"{API}/subscriptions",
        json={"results": {BULLETIN_TEMPLATE: answer[BULLETIN_TEMPLATE]}},
        headers=p2,
    )
    assert recorded.status_code == 200, recorded.text

    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id], important=True))
    preview = (
        await client.post(f"{API}/bulletins/{bulletin['id']}/audience-preview", headers=officer)
    ).json()
    assert (preview["households"], preview["persons"], preview["wechat_reachable"]) == (2, 3, 2)
    assert (await publish(client, officer, bulletin["id"])).json()["status"] == "sending"
    await deliver(app, database)

    # Feeds: the three members of 上坊村's two households, nobody in 桐坑源村.
    for openid, expected in (("o-p1", 1), ("o-p2", 1), ("o-p3", 0)):
        headers = bearer(await wechat_login(client, device, openid))
        assert len((await client.get(f"{API}/feed", headers=headers)).json()["items"]) == expected
    # WeChat: exactly the subscribers of 上坊村, once each.
    assert [len(await inbox(device, o)) for o in ("o-p1", "o-p2", "o-p3")] == [1, 1, 0]

    await client.post(f"{API}/bulletins/{bulletin['id']}/read", headers=p2)
    stats = (await client.get(f"{API}/bulletins/{bulletin['id']}/stats", headers=officer)).json()
    assert (stats["targeted"], stats["sent"], stats["no_quota"], stats["read"]) == (3, 2, 1, 1)
    leader = bearer(await wechat_login(client, device, "o-leader"))
    unread = (
        await client.get(f"{API}/bulletins/{bulletin['id']}/unread-households", headers=leader)
    ).json()
    assert [h["address"] for h in unread["items"]] == ["上坊村下坞1号"]

    cap = await client.get(f"{API}/bulletins/{bulletin['id']}/cap.xml", headers=officer)
    assert Validator(cap.content).schema() == (True, "CAP alert follows the CAP v1.2 schema.")
