"""The retention sweep: photos of cases closed and letters answered long ago lose their file
(the row stays, shown as 已过保存期限, with an audit row); recent, open and undecided ones stay;
the trails and the audit log stay; old engine rows and notifications go; twice is harmless."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.core.ids import new_id
from jinghutong.integrations.storage import Storage, StorageError
from jinghutong.jobs import JobContext, ensure_periodic_jobs, run_due_jobs
from jinghutong.models import (
    AuditEvent,
    Case,
    CaseEvent,
    CheckStatus,
    Job,
    JobState,
    Media,
    Notification,
    Person,
)
from jinghutong.retention.service import PURGE_ACTION, sweep
from jinghutong.retention.tasks import RETENTION_SWEEP, retention_sweep
from support.auth import bearer
from support.retention import station


def _context(app, storage: Storage | None = None) -> JobContext:
    services = {"settings": app.state.settings, "storage": storage or app.state.storage}
    return JobContext(app.state.database, {**services, "wechat": app.state.wechat})


async def _status(session, media_id: str) -> str:
    session.expunge_all()
    return (await session.get(Media, media_id)).check_status


async def test_old_media_go_recent_open_and_undecided_stay(client, device, app, session):
    s = await station(client, device, session)
    storage: Storage = app.state.storage

    await retention_sweep(session, {}, _context(app))

    for which in ("old_closed", "old_letter"):
        assert await _status(session, s.media[which]) == CheckStatus.purged
        assert not await storage.exists(s.keys[s.media[which]])
    for which in ("recent_closed", "old_open", "old_closed_undecided"):
        assert await _status(session, s.media[which]) != CheckStatus.purged
        assert await storage.exists(s.keys[s.media[which]])
    # The record and its trail stay; the purge itself is in the audit log.
    assert await session.get(Case, s.old_closed.id) is not None
    assert await session.scalar(select(func.count()).select_from(CaseEvent)) == 1
    purges = await session.scalars(select(AuditEvent).where(AuditEvent.action == PURGE_ACTION))
    assert {a.subject_id for a in purges} == {s.media["old_closed"], s.media["old_letter"]}


async def test_the_record_says_the_photo_is_past_its_period(client, device, app, session):
    s = await station(client, device, session)
    await retention_sweep(session, {}, _context(app))

    detail = await client.get(f"/api/v1/cases/{s.old_closed.id}", headers=bearer(s.login))
    assert detail.status_code == 200, detail.text
    shown = {m["id"]: m for m in detail.json()["media"]}
    purged = shown[s.media["old_closed"]]
    assert purged["check_status"] == "purged"
    assert purged["url"] is None and purged["notice"] == "已过保存期限"
    gone = await client.get(f"/api/v1/media/{s.media['old_closed']}", headers=bearer(s.login))
    assert gone.status_code == 410
    assert gone.json()["detail"] == "已过保存期限，文件已按规定删除"
    kept = await client.get(f"/api/v1/media/{s.media['recent_closed']}", headers=bearer(s.login))
    assert kept.status_code == 307


async def test_running_twice_is_harmless(client, device, app, session):
    s = await station(client, device, session)
    first = await sweep(session, app.state.storage, app.state.settings.retention, clock.now())
    second = await sweep(session, app.state.storage, app.state.settings.retention, clock.now())
    assert first.media == 2
    assert second.media == 0
    audits = select(func.count()).where(AuditEvent.action == PURGE_ACTION)
    assert await session.scalar(audits) == 2
    assert await _status(session, s.media["old_closed"]) == CheckStatus.purged


async def test_a_store_that_will_not_delete_leaves_the_row_for_the_next_run(
    client, device, app, session
):
    s = await station(client, device, session)
    real: Storage = app.state.storage

    class Refusing(Storage):
        async def delete(self, key: str) -> None:
            raise StorageError("permission denied")

    refusing = Refusing(real._store, kind="file", description="refusing")
    rules = app.state.settings.retention
    assert (await sweep(session, refusing, rules, clock.now())).media == 0
    assert await _status(session, s.media["old_closed"]) == CheckStatus.passed
    assert (await sweep(session, real, rules, clock.now())).media == 2


async def test_zero_days_keeps_media_for_ever(client, device, app, session):
    s = await station(client, device, session)
    rules = app.state.settings.retention.model_copy(update={"media_days": 0})
    assert (await sweep(session, app.state.storage, rules, clock.now())).media == 0
    assert await app.state.storage.exists(s.keys[s.media["old_closed"]])


async def test_old_engine_rows_and_notifications_go(session, app):
    now = clock.now()
    person = Person(name="方桂英")
    session.add(person)
    await session.flush()

    def job(state: str, days: int) -> Job:
        return Job(id=new_id(), kind="x.y", state=state, finished_at=now - timedelta(days=days))

    rows = {
        "done_old": job(JobState.done, 31),
        "done_recent": job(JobState.done, 2),
        "failed_old": job(JobState.failed, 181),
        "failed_recent": job(JobState.failed, 31),
        "pending": Job(id=new_id(), kind="x.y", state=JobState.pending),
    }
    old_note = Notification(
        person_id=person.id, kind="k", title="旧", created_at=now - timedelta(days=400)
    )
    new_note = Notification(person_id=person.id, kind="k", title="新")
    old_audit = AuditEvent(
        action="read_phone",
        subject_type="person",
        subject_id=person.id,
        created_at=now - timedelta(days=4000),
    )
    session.add_all([*rows.values(), old_note, new_note, old_audit])
    await session.flush()

    swept = await sweep(session, app.state.storage, app.state.settings.retention, now)

    assert (swept.done_jobs, swept.failed_jobs, swept.notifications) == (1, 1, 1)
    session.expunge_all()
    left = set(await session.scalars(select(Job.id).where(Job.kind == "x.y")))
    assert left == {rows[k].id for k in ("done_recent", "failed_recent", "pending")}
    assert set(await session.scalars(select(Notification.id))) == {new_note.id}
    assert await session.get(AuditEvent, old_audit.id) is not None  # the audit log stays


async def test_the_worker_runs_it_as_a_periodic_job(client, device, app, session):
    s = await station(client, device, session)
    await ensure_periodic_jobs(app.state.database)
    await run_due_jobs(_context(app))

    assert await _status(session, s.media["old_closed"]) == CheckStatus.purged
    job = await session.scalar(select(Job).where(Job.kind == RETENTION_SWEEP))
    assert job is not None and job.state == JobState.pending and job.last_error is None
    assert job.due_at > clock.now()
