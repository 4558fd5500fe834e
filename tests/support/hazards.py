"""Helpers for the hazard register's tests (tests/governance/hazards): the register as each
person reaches it, a hazard's body, deadlines, a roster member and a visit made as rows."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Area, Notification, Person, RosterMember, Visit, VisitHousehold
from jinghutong.models.roster import POSITION_AXIS, RosterPosition
from support.governance import GovernanceWorld, staff_headers, wechat_headers

API = "/api/v1/hazards"


class Hazards:
    """The register as each person reaches it: logged in the way they log in (tokens are
    fetched again after the clock moves, as staff tokens last 12 hours)."""

    def __init__(self, client: httpx.AsyncClient, device: httpx.AsyncClient) -> None:
        self.client, self.device = client, device
        self._headers: dict[str, dict[str, str]] = {}

    async def as_(self, person: Person) -> dict[str, str]:
        if person.id not in self._headers:
            if person.openid:
                headers = await wechat_headers(self.client, self.device, person.openid)
            else:
                headers = await staff_headers(self.client, person.username or "")
            self._headers[person.id] = headers
        return self._headers[person.id]

    def later(self, delta: timedelta) -> None:
        clock.advance(delta)
        self._headers.clear()

    async def report(self, person: Person, key: str | None = None, **body: Any) -> httpx.Response:
        extra = {"Idempotency-Key": key} if key else {}
        headers = {**await self.as_(person), **extra}
        return await self.client.post(API, json=body, headers=headers)

    async def act(
        self, person: Person, hazard_id: str, action: str, key: str | None = None, **body: Any
    ) -> httpx.Response:
        extra = {"Idempotency-Key": key} if key else {}
        headers = {**await self.as_(person), **extra}
        return await self.client.post(f"{API}/{hazard_id}/{action}", json=body, headers=headers)

    async def get(self, person: Person, hazard_id: str) -> httpx.Response:
        return await self.client.get(f"{API}/{hazard_id}", headers=await self.as_(person))

    async def seen(self, person: Person, hazard_id: str) -> dict[str, Any]:
        response = await self.get(person, hazard_id)
        assert response.status_code == 200, response.text
        return response.json()

    async def listed(self, person: Person, **params: Any) -> list[dict[str, Any]]:
        response = await self.client.get(API, params=params, headers=await self.as_(person))
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def photo(self, person: Person, shade: int = 40) -> str:
        out = io.BytesIO()
        Image.new("RGB", (32, 32), (120, 80, shade)).save(out, format="JPEG")
        response = await self.client.post(
            "/api/v1/media",
            headers=await self.as_(person),
            files={"file": ("IMG_0001.jpg", out.getvalue(), "image/jpeg")},
            data={"kind": "image"},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


def unsafe_house(gov: GovernanceWorld, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "housing",
        "grade": "major",
        "title": "叶土根家老房子墙体开裂",
        "description": "连日暴雨，后墙裂缝变宽，屋后山坡有泥土滑落，八十岁老人独居",
        "household_id": gov.h1.id,
    }
    body.update(changes)
    return body


def in_days(days: float) -> str:
    return (clock.now() + timedelta(days=days)).isoformat()


def deadline(days: float = 3, **changes: Any) -> dict[str, Any]:
    return {"deadline_at": in_days(days), **changes}


async def roster_member(
    session,
    area: Area,
    name: str = "叶建华",
    position: RosterPosition = RosterPosition.director,
    phone: str | None = "13900001111",
    person: Person | None = None,
) -> RosterMember:
    member = RosterMember(
        area_id=area.id,
        area_path=area.path,
        axis=POSITION_AXIS[position],
        position=position,
        name=name,
        phone=phone,
        person_id=person.id if person else None,
    )
    session.add(member)
    await session.flush()
    return member


async def visit(
    session, gov: GovernanceWorld, visitor: Person, at: datetime | None = None
) -> Visit:
    """A 联户长's round as its row (the visits API is another engineer's)."""
    when = at or clock.now() - timedelta(hours=1)
    row = Visit(
        area_id=gov.h1.area_id,
        area_path=gov.h1.area_path,
        visitor_id=visitor.id,
        visitor_role="group_leader",
        visited_at=when,
        topics=["hazard", "care"],
        met="叶土根",
        text="后墙开裂，劝老人搬到村避灾安置点",
    )
    session.add(row)
    await session.flush()
    session.add(VisitHousehold(visit_id=row.id, household_id=gov.h1.id, visited_at=when))
    await session.flush()
    return row


async def notified_kinds(session, person: Person) -> list[str]:
    rows = await session.scalars(
        select(Notification.kind)
        .where(Notification.person_id == person.id)
        .order_by(Notification.id)
    )
    return list(rows)
