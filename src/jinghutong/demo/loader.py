"""Load the demo jurisdiction into an empty database: bulk Core inserts, one transaction.

Core `insert(table)` with a list of dicts runs as executemany and still goes through the column
types, so `Person.phone` is encrypted by its `Encrypted` type on the way in. Core also applies
Python-side `default=` values (ids, `created_at`, `is_active` …) per row; we still pass
`created_at` so every demo row carries the same load time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from jinghutong.core import clock, crypto
from jinghutong.core.db import Database
from jinghutong.demo.generator import generate
from jinghutong.demo.history import generate_history
from jinghutong.demo.model import Jurisdiction
from jinghutong.models import (
    Area,
    AreaLevel,
    Camera,
    Household,
    HouseholdTag,
    Incident,
    Membership,
    Person,
    RoleGrant,
    RosterMember,
)
from jinghutong.points.rewards.seed import ensure_demo_catalogue
from jinghutong.points.rules.service import ensure_book
from jinghutong.statistics.incidents.rebuild import rebuild

CHUNK = 5_000


class DatabaseNotEmpty(RuntimeError):
    """The demo is only ever loaded into a database without areas."""


async def database_is_empty(db: Database) -> bool:
    """True when there is no area at all (a fresh install)."""
    async with db.session(read_only=True) as session:
        return (await session.scalar(select(Area.id).limit(1))) is None


async def load_demo(db: Database, seed: int, password_hash: str) -> dict[str, object]:
    """Generate the jurisdiction for `seed` and insert it; staff share `password_hash`."""
    async with db.session() as session:
        if (await session.scalar(select(Area.id).limit(1))) is not None:
            raise DatabaseNotEmpty("the database already holds areas")
        jurisdiction = generate(seed)
        connection = await session.connection()
        for table, rows in _rows(jurisdiction, password_hash):
            await _insert(connection, table, rows)
        # Two years of 110 history (demo.history), so that 同比 means something; the rollup
        # is built from it in the same transaction.
        history = generate_history(jurisdiction, clock.now())
        await _insert(connection, Incident.__table__, history)  # type: ignore[arg-type]
        await rebuild(session, jurisdiction.areas[0].path)
        # The demo station starts with the default points rule book (points.rules.defaults)
        # and the 警务室's catalogue of goods to redeem (points.rewards.seed).
        for area in jurisdiction.areas:
            if area.level == AreaLevel.station:
                await ensure_book(session, area.id)
                await ensure_demo_catalogue(session, area.id)
    return {**jurisdiction.summary(), "incidents_110": len(history)}


def _rows(
    jurisdiction: Jurisdiction, password_hash: str
) -> Iterable[tuple[Table, list[dict[str, Any]]]]:
    """(table, rows) in foreign-key order; every row of a table has the same keys."""
    created_at = clock.now()
    stamp = {"created_at": created_at}
    yield Area.__table__, [_dict(a) | stamp for a in jurisdiction.areas]  # type: ignore[misc]
    households = []
    for h in jurisdiction.households:
        row = _dict(h) | stamp
        del row["tags"]
        households.append(row | {"updated_at": created_at})
    yield Household.__table__, households  # type: ignore[misc]
    tags = [{"household_id": h.id, "tag": t} for h in jurisdiction.households for t in h.tags]
    yield HouseholdTag.__table__, tags  # type: ignore[misc]
    persons = [
        {
            "id": p.id,
            "name": p.name,
            "openid": p.openid,
            "phone": p.phone,  # plaintext: the Encrypted column type encrypts it
            "phone_index": crypto.blind_index(p.phone),
            "username": p.username,
            "password_hash": password_hash if p.is_staff else None,
            "is_active": True,
            "created_at": created_at,
        }
        for p in jurisdiction.persons
    ]
    yield Person.__table__, persons  # type: ignore[misc]
    memberships = [_dict(m) | stamp | {"decided_at": created_at} for m in jurisdiction.memberships]
    yield Membership.__table__, memberships  # type: ignore[misc]
    yield RoleGrant.__table__, [_dict(g) | stamp for g in jurisdiction.role_grants]  # type: ignore[misc]
    yield from _roster_rows(jurisdiction, stamp | {"updated_at": created_at})


def _roster_rows(
    jurisdiction: Jurisdiction, stamp: dict[str, Any]
) -> Iterable[tuple[Table, list[dict[str, Any]]]]:
    """The villages' roster and cameras (phones plaintext here: the column type encrypts)."""
    members = [
        _dict(m)
        | stamp
        | {"phone_index": crypto.blind_index(m.phone), "active": True, "note": None}
        for m in jurisdiction.roster_members
    ]
    yield RosterMember.__table__, members  # type: ignore[misc]
    cameras = [_dict(c) | stamp | {"active": True} for c in jurisdiction.cameras]
    yield Camera.__table__, cameras  # type: ignore[misc]


def _dict(row: Any) -> dict[str, Any]:
    # dataclasses.asdict deep-copies and costs ~10x this on 15k rows.
    return {name: getattr(row, name) for name in row.__slots__}


async def _insert(
    connection: AsyncConnection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    for start in range(0, len(rows), CHUNK):
        await connection.execute(insert(table), rows[start : start + CHUNK])
