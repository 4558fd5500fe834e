"""`Idempotency-Key` for every mutating call from the mini-program (ARCHITECTURE §7).

The record is inserted *before* the work, in the same unit of work as the work itself, by one
`INSERT … ON CONFLICT DO NOTHING RETURNING id` (no read first, no savepoint: every mutating
call pays this, so it is one round trip):
- a retry after the first request committed conflicts, finds the stored answer and gets it back;
- a retry racing the first one blocks on the unique (person, key) index until the first commits
  (PostgreSQL) or waits for the write lock (SQLite), then conflicts and finds the stored answer;
- if the first request failed, its record rolled back with it and the retry does the work.
The same key with a different body is refused with 409: it is a client bug, not a retry."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, cast

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel
from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import direct
from jinghutong.core.errors import Conflict, ValidationFailed
from jinghutong.core.ids import new_id
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models.idempotency import IdempotencyRecord

MAX_KEY_LENGTH = 100


class IdempotencyKeyReused(Conflict):
    detail = "这个提交编号已用于另一份内容，请重新提交"


class IdempotencyInFlight(Conflict):
    detail = "上一次提交还在处理中，请稍候再试"


def to_json(value: Any) -> Any:
    """JSON-able form of a response or request body. Pydantic's own serializer for models
    (compiled, and it knows the model's aliases and types); FastAPI's walker for the rest."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    return jsonable_encoder(value)


def fingerprint(method: str, path: str, body: Any) -> str:
    canonical = json.dumps(to_json(body), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def _check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationFailed(
            "提交编号（Idempotency-Key）格式不正确",
            fields={"Idempotency-Key": "应为 1–100 个英文字符"},
        )
    return key


async def _stored(session: AsyncSession, person_id: str, key: str) -> IdempotencyRecord | None:
    return await session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.person_id == person_id, IdempotencyRecord.key == key
        )
    )


def _replay(record: IdempotencyRecord, fp: str) -> tuple[int, Any]:
    if record.fingerprint != fp:
        raise IdempotencyKeyReused()
    if record.status_code == 0 or record.response is None:
        raise IdempotencyInFlight()
    return record.status_code, record.response


async def run_once(
    session: AsyncSession,
    *,
    person_id: str,
    key: str | None,
    fp: str,
    status_code: int,
    work: Callable[[], Awaitable[BaseModel | dict[str, Any]]],
    claim_with_first_read: bool = False,
) -> tuple[int, Any]:
    """Do `work` once per (person, key); returns (status, JSON-able body), replayed on retries.

    `claim_with_first_read`: the claim is not sent on its own but with the work's first round
    trip (PostgreSQL, core.deferred: one round trip less), and checked when the work is done.
    For work whose only effects before its end are in the unit of work (rolled back if the
    claim finds the key taken) — never for work that talks to WeChat or writes files."""
    if key is None:
        return status_code, to_json(await work())
    key = _check_key(key)
    if not claim_with_first_read:
        record_id = await _claim(session, person_id, key, fp)
        if record_id is None:
            return await _answered_before(session, person_id, key, fp)
        body = to_json(await work())
    else:
        claim = await direct.defer_fetch(
            session, for_session(_CLAIM, session), _claim_values(person_id, key, fp)
        )
        if claim.rows == []:  # known at once (SQLite): nothing to undo
            return await _answered_before(session, person_id, key, fp)
        try:
            result = await work()
        except Exception:
            if claim.rows == []:  # the work failed, but it was a retry: its first answer
                await session.rollback()
                return await _answered_before(session, person_id, key, fp)
            raise
        if claim.rows is None:  # the work made no round trip
            await direct.send_queued(session)
        if not claim.rows:
            await session.rollback()  # what the retry's work wrote goes
            return await _answered_before(session, person_id, key, fp)
        record_id = claim.rows[0][0]
        body = to_json(result)
    await direct.flush_pending(session)  # the work's changes first, as the session would
    answer = {"record_id": record_id, "status": status_code, "body": body}
    await direct.defer(session, _ANSWER, answer)  # travels with the COMMIT (PostgreSQL)
    return status_code, body


async def _answered_before(
    session: AsyncSession, person_id: str, key: str, fp: str
) -> tuple[int, Any]:
    """Done before (or by a concurrent twin that committed first): its answer is ours."""
    existing = await _stored(session, person_id, key)
    if existing is None:
        raise IdempotencyInFlight()
    return _replay(existing, fp)


# Every mutating call runs these two, so they are built once (per dialect for the upsert), on
# the table rather than the mapped class, and run straight on the driver (core.direct).
_RECORDS = cast(Table, IdempotencyRecord.__table__)
_ANSWER = (
    update(_RECORDS)
    .where(_RECORDS.c.id == bindparam("record_id"))
    .values(status_code=bindparam("status"), response=bindparam("body"))
)
_CLAIM = per_dialect(
    lambda insert: (
        insert(_RECORDS)
        .values(
            id=bindparam("id"),
            person_id=bindparam("person_id"),
            key=bindparam("key"),
            fingerprint=bindparam("fp"),
            status_code=0,
        )
        .on_conflict_do_nothing(index_elements=["person_id", "key"])
        .returning(_RECORDS.c.id)
    )
)


def _claim_values(person_id: str, key: str, fp: str) -> dict[str, str]:
    return {"id": new_id(), "person_id": person_id, "key": key, "fp": fp}


async def _claim(session: AsyncSession, person_id: str, key: str, fp: str) -> str | None:
    """Insert the in-flight record; None when (person, key) already has one."""
    statement = for_session(_CLAIM, session)
    return await direct.scalar(session, statement, _claim_values(person_id, key, fp))


async def purge_before(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < before))
