"""Queries for people, their tokens, memberships and grants."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import direct
from jinghutong.core.deferred import Answer
from jinghutong.models import (
    ApiToken,
    Area,
    Household,
    Membership,
    MembershipStatus,
    Person,
    RoleGrant,
)

# Built once: constructing a statement costs more CPU than running it, and every
# authenticated call runs this one (straight on the driver, core.direct). Values come as bind
# parameters; the columns are the two tables' own, in order (`direct.row_values`). A token is
# live when it is neither revoked nor expired and its person is not disabled.
_LIVE_TOKEN = (
    select(*ApiToken.__table__.columns, *Person.__table__.columns)
    .join_from(ApiToken, Person, Person.id == ApiToken.person_id)
    .where(
        ApiToken.token_hash == bindparam("hash"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
        Person.is_active.is_(True),
    )
)


def live_rows_of(
    rows: Sequence[Sequence[Any]],
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The answer to `_LIVE_TOKEN` as (token row, person row), or None: no live token."""
    if not rows:
        return None
    token, person = direct.row_values(rows[0], ApiToken, Person)
    return token, person


class PersonRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, person_id: str) -> Person | None:
        return await self.session.get(Person, person_id)

    async def get_by_openid(self, openid: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.openid == openid))

    async def get_by_username(self, username: str) -> Person | None:
        return await self.session.scalar(select(Person).where(Person.username == username))

    async def add(self, person: Person) -> Person:
        self.session.add(person)
        await self.session.flush()
        return person


class TokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, token: ApiToken) -> ApiToken:
        self.session.add(token)
        await self.session.flush()
        return token

    async def get_live_with_person(
        self, token_hash: str, now: datetime
    ) -> tuple[ApiToken, Person] | None:
        """The live token and its (active) person in one round trip (every authenticated call
        asks)."""
        found = await self.live_rows(token_hash, now)
        if found is None:
            return None
        token, person = found
        # The token is only read (a revocation is an UPDATE by id): it need not join the session.
        return ApiToken(**token), direct.attach(self.session, Person, person)

    async def live_rows(
        self, token_hash: str, now: datetime
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The live token's row and its person's (column → value), or None."""
        row = await direct.first(self.session, _LIVE_TOKEN, {"hash": token_hash, "now": now})
        return None if row is None else live_rows_of([row])

    async def ask_live_later(self, token_hash: str, now: datetime) -> Answer:
        """`live_rows`' question, sent with the session's next round trip (core.direct)."""
        return await direct.defer_fetch(self.session, _LIVE_TOKEN, {"hash": token_hash, "now": now})

    async def revoke(self, token_id: str, now: datetime) -> None:
        await self.session.execute(
            update(ApiToken).where(ApiToken.id == token_id).values(revoked_at=now)
        )

    async def revoke_all_for(self, person_id: str, now: datetime) -> None:
        await self.session.execute(
            update(ApiToken)
            .where(ApiToken.person_id == person_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def purge_dead(self, before: datetime) -> int:
        """Delete tokens that expired or were revoked before `before`."""
        result = await self.session.execute(
            delete(ApiToken).where(
                (ApiToken.expires_at < before)
                | (ApiToken.revoked_at.is_not(None) & (ApiToken.revoked_at < before))
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


class ProfileRepository:
    """What `GET /me` shows: memberships with their households, grants with their areas."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def memberships(self, person_id: str) -> list[tuple[Membership, Household]]:
        rows = await self.session.execute(
            select(Membership, Household)
            .join(Household, Household.id == Membership.household_id)
            .where(
                Membership.person_id == person_id,
                Membership.status.in_([MembershipStatus.pending, MembershipStatus.active]),
            )
            .order_by(Membership.created_at)
        )
        return [(m, h) for m, h in rows.all()]

    async def grants(self, person_id: str) -> list[tuple[RoleGrant, Area]]:
        rows = await self.session.execute(
            select(RoleGrant, Area)
            .join(Area, Area.id == RoleGrant.area_id)
            .where(RoleGrant.person_id == person_id)
            .order_by(RoleGrant.role, Area.path)
        )
        return [(g, a) for g, a in rows.all()]

    async def areas_by_id(self, ids: set[str]) -> dict[str, Area]:
        if not ids:
            return {}
        rows = await self.session.scalars(select(Area).where(Area.id.in_(ids)))
        return {a.id: a for a in rows}
