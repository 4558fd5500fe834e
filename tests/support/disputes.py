"""Helpers for the dispute register's tests (tests/governance/disputes): the register as each
person reaches it, the land-boundary quarrel's body, a session's and a settlement's bodies."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.models import Job, Person
from support.governance import GovernanceWorld, Logins

API = "/api/v1/disputes"


class Disputes(Logins):
    """The register as each person reaches it (support.governance.Logins)."""

    async def record(self, person: Person, key: str | None = None, **body: Any) -> httpx.Response:
        return await self.send(person, API, body, key)

    async def act(
        self, person: Person, dispute_id: str, action: str, key: str | None = None, **body: Any
    ) -> httpx.Response:
        return await self.send(person, f"{API}/{dispute_id}/{action}", body, key)

    async def get(self, person: Person, dispute_id: str) -> httpx.Response:
        return await self.client.get(f"{API}/{dispute_id}", headers=await self.as_(person))

    async def listed(self, person: Person, **params: Any) -> list[dict[str, Any]]:
        response = await self.client.get(API, params=params, headers=await self.as_(person))
        assert response.status_code == 200, response.text
        return response.json()["items"]

    async def phone(self, person: Person, dispute_id: str, party_id: str) -> httpx.Response:
        url = f"{API}/{dispute_id}/parties/{party_id}/phone"
        return await self.client.get(url, headers=await self.as_(person))

    async def recorded(self, person: Person, **body: Any) -> dict[str, Any]:
        response = await self.record(person, **body)
        assert response.status_code == 201, response.text
        return response.json()

    async def done(
        self, person: Person, dispute_id: str, action: str, **body: Any
    ) -> dict[str, Any]:
        response = await self.act(person, dispute_id, action, **body)
        assert response.status_code == 200, response.text
        return response.json()


def boundary_quarrel(gov: GovernanceWorld, **changes: Any) -> dict[str, Any]:
    """Two neighbours of the micro-grid over a plot's boundary (the area from their household)."""
    body: dict[str, Any] = {
        "category": "land",
        "summary": "叶土根与叶春生因承包地地界争执，险些动手",
        "description": "两家屋后承包地相邻，叶春生翻地时挪了界桩，双方在地头争吵推搡",
        "address": "下坞屋后承包地",
        "parties": [
            {"name": "叶土根", "phone": "13800001111", "side": "申请人", "household_id": gov.h1.id},
            {
                "name": "叶春生",
                "phone": "138 0000 2222",
                "side": "被申请人",
                "household_id": gov.h2.id,
            },
        ],
    }
    body.update(changes)
    return body


def on_site_session(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "held_at": clock.now().isoformat(),
        "mediators": "陈建国（防区民警）、余春花（联户长）",
        "attendees": "叶土根、叶春生",
        "summary": "分别听取双方陈述，对照承包合同和四至图，到地头丈量，找到原来的老田埂",
        "agreed": "以老田埂为界，由叶春生把界桩移回原处",
        "on_site": True,
    }
    body.update(changes)
    return body


def agreement(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agreement_text": "双方同意以老田埂为界，叶春生三日内将界桩移回原处，今后互不侵占。"
    }
    body.update(changes)
    return body


async def pending_jobs(session, kind: str) -> list[Job]:
    rows = await session.scalars(
        select(Job).where(Job.kind == kind, Job.state == "pending").order_by(Job.due_at)
    )
    return list(rows)
