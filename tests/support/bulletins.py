"""Helpers for the bulletin tests: a world of one station, staff logins, drafts, delivery."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from jinghutong.bulletins.delivery.loop import DeliveryLoop
from jinghutong.jobs import JobContext, run_due_jobs
from jinghutong.models import Household, Person, SubscriptionQuota
from jinghutong.notifications.templates import BULLETIN_TEMPLATE
from support.auth import bearer, password_login
from support.factories import STAFF_PASSWORD, Tree

VILLAGE_CODE = "330127104201"
OTHER_VILLAGE_CODE = "330127104202"


@dataclass
class World:
    tree: Tree
    officer: Person
    chief: Person
    leader: Person
    h1: Household  # 上坊村, 独居老人
    h2: Household  # 上坊村
    h3: Household  # 桐坑源村
    p1: Person  # h1, WeChat + quota
    p2: Person  # h2, WeChat, no quota
    p3: Person  # h3, WeChat + quota
    p4: Person  # h1, no WeChat


async def give_quota(session, emulator, person: Person, n: int = 1) -> None:
    """The person allowed `n` bulletin messages: on the phone (emulator) and in our records."""
    assert person.openid
    emulator.state.login(person.openid)
    for _ in range(n):
        emulator.state.subscribe(person.openid, [BULLETIN_TEMPLATE], "once")
    session.add(SubscriptionQuota(person_id=person.id, template_id=BULLETIN_TEMPLATE, remaining=n))
    await session.flush()


async def staff(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    return bearer(await password_login(client, username, STAFF_PASSWORD))


def draft(areas: list[str] | None = None, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "category": "反诈宣传",
        "title": "警惕冒充客服退款诈骗",
        "body": "近期有人冒充网店客服以退款为名骗取钱财，请勿点击陌生链接，勿向陌生人转账。",
        "audience": {"areas": areas or []},
    }
    body.update(changes)
    return body


async def create(client, headers, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/api/v1/bulletins", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def publish(client, headers, bulletin_id: str, **body: Any) -> httpx.Response:
    return await client.post(f"/api/v1/bulletins/{bulletin_id}/publish", json=body, headers=headers)


def delivery_loop(app, database, **options: Any) -> DeliveryLoop:
    return DeliveryLoop(database, app.state.wechat, app.state.settings, **options)


async def run_jobs(app, database) -> None:
    ctx = JobContext(database, {"wechat": app.state.wechat, "settings": app.state.settings})
    await run_due_jobs(ctx)


async def deliver(app, database, **options: Any) -> int:
    """What a worker does: run due jobs (the release), then drain due deliveries."""
    await run_jobs(app, database)
    return await delivery_loop(app, database, **options).drain()


async def inbox(device: httpx.AsyncClient, openid: str) -> list[dict[str, Any]]:
    return (await device.get(f"/device/inbox/{openid}")).json()["messages"]
