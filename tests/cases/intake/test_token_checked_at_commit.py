"""POST /cases on PostgreSQL takes a token this process saw live moments ago at its word and asks
the database again with the report's first read (identity.auth.principal_checked_at_commit):
a token that died meanwhile — revoked, its person disabled — gets 401 and nothing of its report
is kept. (On SQLite the token is looked up at once: the same answers.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from jinghutong.core import clock, crypto, deferred
from jinghutong.core.errors import TokenInvalid
from jinghutong.identity.recent_tokens import RecentTokens, recent_tokens_of
from jinghutong.identity.service import authenticate_checked_at_commit
from jinghutong.models import Case, Person


async def _cases_of(session, person: Person) -> int:
    return await session.scalar(select(func.count()).where(Case.reporter_id == person.id))


def _hash(headers: dict[str, str]) -> str:
    return crypto.token_hash(headers["Authorization"].removeprefix("Bearer "))


async def test_a_remembered_token_rides_with_the_first_read(
    as_, report, world, database, monkeypatch: pytest.MonkeyPatch
) -> None:
    me = await as_(world.villager)
    assert (await report(me, "k1", kind="hazard", text="桥面塌了一角")).status_code == 201
    if database.dialect != "postgresql":  # looked up at once: no round trip to ride with
        assert recent_tokens_of(database).get(_hash(me), clock.now()) is None
        return
    assert recent_tokens_of(database).get(_hash(me), clock.now()) is not None  # remembered
    sent: list[list[str]] = []  # each round trip's statements (core.deferred's scripts)
    script = deferred._script

    def recording(queue, items, commit):  # type: ignore[no-untyped-def]
        sent.append([item.sql for item in items])
        return script(queue, items, commit)

    monkeypatch.setattr(deferred, "_script", recording)
    assert (await report(me, "k2", kind="hazard", text="桥面又塌了一角")).status_code == 201
    monkeypatch.undo()
    asking = [sqls for sqls in sent if any("FROM api_tokens" in sql for sql in sqls)]
    assert len(asking) == 1  # asked once, and not alone: with the home's lookup
    assert any("FROM households" in sql for sql in asking[0])


async def test_a_token_revoked_meanwhile_gets_401_and_nothing_is_kept(
    as_, report, client, world, session
) -> None:
    me = await as_(world.villager)
    assert (await report(me, "k1", kind="hazard", text="路灯坏了")).status_code == 201
    before = await _cases_of(session, world.villager)
    # Logged out (elsewhere: the remembered entry is not told).
    assert (await client.post("/api/v1/auth/logout", headers=me)).status_code == 204

    refused = await report(me, "k2", kind="hazard", text="路灯又坏了")
    assert refused.status_code == 401
    assert refused.json()["error"] == "TokenInvalid"
    assert await _cases_of(session, world.villager) == before
    # Forgotten: the next try is looked up and refused the ordinary way.
    assert (await report(me, "k3", kind="hazard", text="路灯还坏着")).status_code == 401
    assert await _cases_of(session, world.villager) == before


async def test_a_person_disabled_meanwhile_gets_401(as_, report, world, session) -> None:
    me = await as_(world.villager)
    assert (await report(me, "k1", kind="help", text="老人走失")).status_code == 201
    before = await _cases_of(session, world.villager)
    await session.execute(
        update(Person).where(Person.id == world.villager.id).values(is_active=False)
    )
    await session.flush()
    assert (await report(me, "k2", kind="help", text="老人又走失")).status_code == 401
    assert await _cases_of(session, world.villager) == before


async def test_a_dead_tokens_failed_request_is_told_401_not_its_error(
    as_, report, client, world
) -> None:
    me = await as_(world.villager)
    assert (await report(me, "k1", kind="hazard", text="井盖丢了")).status_code == 201
    assert (await client.post("/api/v1/auth/logout", headers=me)).status_code == 204
    # Nothing to report would be 422 for a live token; a dead one learns only that it is dead.
    assert (await report(me, "k2", kind="hazard")).status_code == 401


async def test_work_without_a_round_trip_and_a_rolled_back_question_are_still_checked(
    as_, world, database, session
) -> None:
    if database.dialect != "postgresql":
        pytest.skip("PostgreSQL only: elsewhere the token is looked up at once")
    raw = (await as_(world.villager))["Authorization"].removeprefix("Bearer ")
    async with database.session() as s:  # looked up, remembered
        assert await authenticate_checked_at_commit(s, raw) is not None
    async with database.session() as s:  # remembered: the question waits; nothing else is sent
        assert await authenticate_checked_at_commit(s, raw) is not None

    await session.execute(
        update(Person).where(Person.id == world.villager.id).values(is_active=False)
    )
    await session.flush()
    recent = recent_tokens_of(database)
    assert recent.get(crypto.token_hash(raw), clock.now()) is not None
    with pytest.raises(TokenInvalid):
        async with database.session() as s:
            assert await authenticate_checked_at_commit(s, raw) is not None
            await s.rollback()  # on PostgreSQL this drops the waiting question: asked again
    assert recent.get(crypto.token_hash(raw), clock.now()) is None


def test_remembered_tokens_are_forgotten_with_age_expiry_and_room() -> None:
    now = clock.now()
    token = {"expires_at": now.replace(year=now.year + 1)}
    recent = RecentTokens(max_age_s=60, max_entries=2)
    for n in range(3):
        recent.put(f"h{n}", token, {"id": n})
    assert recent.get("h0", now) is None  # the oldest made room
    assert recent.get("h2", now) is not None
    assert recent.get("h1", token["expires_at"]) is None  # the token's own expiry
    aged = RecentTokens(max_age_s=0)
    aged.put("h", token, {})
    assert aged.get("h", now) is None
