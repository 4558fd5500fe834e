"""A submission retried with the same Idempotency-Key is done once and answered the same."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.core.ids import new_id
from jinghutong.idempotency.endpoints import IdempotencyKey, idempotent
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.models import Person
from support.auth import bearer, wechat_login


class NoteIn(BaseModel):
    name: str


@pytest.fixture(params=[False, True], ids=["claim-first", "claim-with-first-read"])
def probe(app, request):
    """POST /probe-notes creates a person; /probe-quiet too, but makes no round trip of its own
    before the commit; /probe-picky refuses a name already taken (a read first)."""
    claim_with_first_read = request.param
    router = APIRouter()

    def _endpoint(path: str, make: Callable[[AsyncSession, NoteIn], Awaitable[dict[str, str]]]):
        @router.post(path, status_code=201)
        async def create(
            body: NoteIn,
            principal: CurrentPrincipal,
            session: Session,
            request: Request,
            key: IdempotencyKey = None,
        ) -> JSONResponse:
            return await idempotent(
                request,
                session,
                principal.person.id,
                key,
                body,
                201,
                lambda: make(session, body),
                claim_with_first_read=claim_with_first_read,
            )

    async def note(session: AsyncSession, body: NoteIn) -> dict[str, str]:
        person = Person(name=body.name)
        session.add(person)
        await session.flush()
        return {"id": person.id, "name": person.name}

    async def quiet(session: AsyncSession, body: NoteIn) -> dict[str, str]:
        person = Person(id=new_id(), name=body.name)
        session.add(person)  # written by the commit
        return {"id": person.id, "name": person.name}

    async def picky(session: AsyncSession, body: NoteIn) -> dict[str, str]:
        if await _count(session, body.name):
            raise ValidationFailed("这个名字已经有人用了")
        return await note(session, body)

    _endpoint("/probe-notes", note)
    _endpoint("/probe-quiet", quiet)
    _endpoint("/probe-picky", picky)
    app.include_router(router)


async def _count(session, name: str) -> int:
    return await session.scalar(select(func.count()).where(Person.name == name))


async def test_a_retry_with_the_same_key_returns_the_first_answer(client, device, session, probe):
    headers = {**bearer(await wechat_login(client, device, "o-retry")), "Idempotency-Key": "k-1"}

    first = await client.post("/probe-notes", json={"name": "只建一次"}, headers=headers)
    retry = await client.post("/probe-notes", json={"name": "只建一次"}, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert await _count(session, "只建一次") == 1


async def test_the_same_key_with_another_body_is_a_409(client, device, session, probe):
    headers = {**bearer(await wechat_login(client, device, "o-reuse")), "Idempotency-Key": "k-2"}
    await client.post("/probe-notes", json={"name": "第一份"}, headers=headers)

    other = await client.post("/probe-notes", json={"name": "第二份"}, headers=headers)

    assert other.status_code == 409
    assert other.json()["error"] == "IdempotencyKeyReused"
    assert await _count(session, "第二份") == 0


async def test_keys_belong_to_their_person(client, device, session, probe):
    alice = bearer(await wechat_login(client, device, "o-alice"))
    bob = bearer(await wechat_login(client, device, "o-bob"))
    for who in (alice, bob):
        response = await client.post(
            "/probe-notes", json={"name": "同一个编号"}, headers={**who, "Idempotency-Key": "same"}
        )
        assert response.status_code == 201
    assert await _count(session, "同一个编号") == 2


async def test_without_a_key_every_call_is_new_and_bad_keys_are_422(client, device, session, probe):
    headers = bearer(await wechat_login(client, device, "o-nokey"))
    for _ in range(2):
        await client.post("/probe-notes", json={"name": "无编号"}, headers=headers)
    bad = await client.post(
        "/probe-notes", json={"name": "x"}, headers={**headers, "Idempotency-Key": "x" * 101}
    )
    assert await _count(session, "无编号") == 2
    assert bad.status_code == 422


@pytest.mark.parametrize("path", ["/probe-quiet", "/probe-picky"])
async def test_a_retry_is_answered_the_same_whatever_the_work_does(
    client, device, session, probe, path
):
    """Work that makes no round trip before the commit, and work that would refuse the retry
    itself (the name is taken by the first try): the retry still gets the first answer."""
    key = f"k-{path}"
    headers = {**bearer(await wechat_login(client, device, "o-work")), "Idempotency-Key": key}

    first = await client.post(path, json={"name": "只一次"}, headers=headers)
    retry = await client.post(path, json={"name": "只一次"}, headers=headers)
    other = await client.post(path, json={"name": "另一个"}, headers=headers)

    assert first.status_code == retry.status_code == 201, retry.text
    assert first.json() == retry.json()
    assert other.status_code == 409
    assert await _count(session, "只一次") == 1
    assert await _count(session, "另一个") == 0
