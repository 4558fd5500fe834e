"""Building register files in memory and uploading them as the console does."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jinghutong.models import Role
from support.auth import bearer, password_login
from support.factories import STAFF_PASSWORD, Tree, grant, make_person, make_tree
from support.spreadsheets import csv_bytes, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Office:
    tree: Tree
    headers: dict[str, str]


@pytest.fixture
async def office(client, session) -> Office:
    """The village police of 上坊村, logged in to the console."""
    tree = await make_tree(session)
    police = await make_person(session, "郑卫东", username="police")
    await grant(session, police, Role.village_police, tree.village)
    await session.commit()
    return Office(tree, bearer(await password_login(client, "police", STAFF_PASSWORD)))


@pytest.fixture
def make_xlsx():
    return xlsx_bytes


@pytest.fixture
def make_csv():
    return csv_bytes


@pytest.fixture
def upload(client, office):
    async def send(content: bytes, name: str = "户籍.xlsx", area_id: str | None = None, **data):
        kind = XLSX if name.endswith(".xlsx") else "text/csv"
        return await client.post(
            "/api/v1/households/import",
            headers=office.headers,
            files={"file": (name, content, kind)},
            data={"area_id": area_id or office.tree.village.id, **data},
        )

    return send
