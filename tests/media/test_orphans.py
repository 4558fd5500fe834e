"""The orphan sweep: uploads nothing attached are deleted, file and row, once old enough;
young and attached ones are never touched; a store that will not delete keeps the row."""

from __future__ import annotations

import asyncio
import io
import secrets
from datetime import timedelta
from pathlib import Path

from PIL import Image
from sqlalchemy import delete, func, select

from jinghutong.core import clock
from jinghutong.core.db import Database
from jinghutong.integrations.storage import Storage, StorageError
from jinghutong.jobs import JobContext, ensure_periodic_jobs, run_due_jobs
from jinghutong.media.api import claim_media
from jinghutong.media.service import sweep_orphans
from jinghutong.media.tasks import BATCH, SWEEP_ORPHANS, delete_orphaned_uploads
from jinghutong.models import Job, Media, Person
from jinghutong.worker import TASK_MODULES
from support.auth import bearer, wechat_login


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


async def _upload(client, login) -> str:
    response = await client.post(
        "/api/v1/media",
        headers=bearer(login),
        files={"file": ("photo.jpg", jpeg(), "image/jpeg")},
        data={"kind": "image"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _three_uploads(client, device, session):
    """An orphan 25 h old, an orphan 2 h old, and a 25 h old one attached to a case."""
    login = await wechat_login(client, device, "o-media-orphans")
    old, attached = await _upload(client, login), await _upload(client, login)
    clock.advance(timedelta(hours=23))
    young = await _upload(client, login)
    clock.advance(timedelta(hours=2))
    owner = (await session.get(Media, attached)).owner_id
    await claim_media(session, owner, [attached], "case", "01CASEFORTHEORPHANSWEEP000")
    await session.flush()
    keys = {m.id: m.storage_key for m in await session.scalars(select(Media))}
    return old, young, attached, keys


def _context(app, storage: Storage | None = None) -> JobContext:
    services = {"settings": app.state.settings, "storage": storage or app.state.storage}
    return JobContext(app.state.database, {**services, "wechat": app.state.wechat})


async def test_an_old_orphan_goes_young_and_attached_ones_stay(client, device, app, session):
    old, young, attached, keys = await _three_uploads(client, device, session)
    storage: Storage = app.state.storage
    assert all([await storage.exists(k) for k in keys.values()])

    await ensure_periodic_jobs(app.state.database)
    await run_due_jobs(_context(app))  # the worker's sweep, among the other periodic jobs

    session.expunge_all()
    left = set(await session.scalars(select(Media.id)))
    assert left == {young, attached}
    assert not await storage.exists(keys[old])
    assert await storage.exists(keys[young]) and await storage.exists(keys[attached])
    job = await session.scalar(select(Job).where(Job.kind == SWEEP_ORPHANS))
    assert job is not None and job.last_error is None and job.due_at > clock.now()


async def test_the_age_is_a_setting(client, device, app, session):
    old, young, attached, keys = await _three_uploads(client, device, session)
    settings = app.state.settings
    app.state.settings = settings.model_copy(
        update={"media": settings.media.model_copy(update={"orphan_max_age_hours": 1})}
    )
    await delete_orphaned_uploads(session, {}, _context(app))

    session.expunge_all()
    assert set(await session.scalars(select(Media.id))) == {attached}
    assert not await app.state.storage.exists(keys[old])
    assert not await app.state.storage.exists(keys[young])


async def test_a_store_that_will_not_delete_keeps_the_row_for_the_next_sweep(
    client, device, app, session
):
    old, _young, _attached, keys = await _three_uploads(client, device, session)
    real: Storage = app.state.storage

    class Refusing(Storage):
        async def delete(self, key: str) -> None:
            raise StorageError("permission denied")

    refusing = Refusing(real._store, kind="file", description="refusing")

    assert await sweep_orphans(session, refusing, clock.now() - timedelta(hours=24), BATCH) == 0
    assert await session.get(Media, old) is not None
    assert await real.exists(keys[old])

    assert await sweep_orphans(session, real, clock.now() - timedelta(hours=24), BATCH) == 1
    session.expunge_all()
    assert await session.get(Media, old) is None
    assert not await real.exists(keys[old])


async def test_a_row_whose_file_is_already_gone_is_deleted(client, device, app, session):
    old, _young, _attached, keys = await _three_uploads(client, device, session)
    await app.state.storage.delete(keys[old])  # an earlier sweep whose commit failed

    assert await sweep_orphans(session, app.state.storage, clock.now() - timedelta(hours=24), 10)
    session.expunge_all()
    assert await session.get(Media, old) is None


def test_the_worker_loads_the_sweep():
    assert "jinghutong.media.tasks" in TASK_MODULES


async def test_two_sweeps_at_once_delete_each_orphan_once(database_url, tmp_path: Path):
    """Committed rows and two engines (SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""
    storage = Storage.from_url(tmp_path.as_uri())
    first, second = Database(database_url), Database(database_url)
    owner_id = ""
    try:
        async with first.session() as s:
            owner = Person(name="孤儿清理测试")
            s.add(owner)
            await s.flush()
            owner_id = owner.id
            for _ in range(12):
                key = f"sw/{secrets.token_urlsafe(16)}.jpg"
                await storage.put(key, jpeg(), "image/jpeg")
                s.add(_orphan(owner_id, key))
        assert len(_files(tmp_path)) == 12

        async def sweep(db: Database) -> int:
            total = 0
            while True:
                async with db.session() as s:
                    deleted = await sweep_orphans(s, storage, clock.now(), 5)
                total += deleted
                if not deleted:
                    return total
                await asyncio.sleep(0)

        done_by = await asyncio.gather(sweep(first), sweep(second))

        assert sum(done_by) == 12
        assert _files(tmp_path) == []
        async with first.session() as s:
            count = select(func.count()).where(Media.owner_id == owner_id)
            assert await s.scalar(count) == 0
    finally:
        async with first.session() as s:
            await s.execute(delete(Media).where(Media.owner_id == owner_id))
            await s.execute(delete(Person).where(Person.id == owner_id))
        await first.dispose()
        await second.dispose()


def _orphan(owner_id: str, key: str) -> Media:
    return Media(
        owner_id=owner_id,
        kind="image",
        content_type="image/jpeg",
        size=100,
        sha256="0" * 64,
        storage_key=key,
        check_status="none",
        created_at=clock.now() - timedelta(days=2),
    )


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]
