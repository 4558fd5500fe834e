"""Helpers for the hazard register's tests (tests/governance/hazards): the register as each
person reaches it and a hazard's body (deadlines, roster members, visits as rows and the
notices someone got: support/governance.py)."""

from __future__ import annotations

from typing import Any

import httpx

from jinghutong.models import Person
from support.governance import GovernanceWorld, Logins, deadline

__all__ = ["Hazards", "deadline", "unsafe_house"]  # deadline: as points/ledger's tests import it

API = "/api/v1/hazards"


class Hazards(Logins):
    """The register as each person reaches it (support.governance.Logins)."""

    async def report(self, person: Person, key: str | None = None, **body: Any) -> httpx.Response:
        return await self.send(person, API, body, key)

    async def act(
        self, person: Person, hazard_id: str, action: str, key: str | None = None, **body: Any
    ) -> httpx.Response:
        return await self.send(person, f"{API}/{hazard_id}/{action}", body, key)

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
