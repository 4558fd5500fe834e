"""insert_pending: a unit of work's new objects written with one INSERT per table, parents
first, column defaults applied (and set on the objects), the objects then persistent."""

from __future__ import annotations

from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.bulk import insert_pending
from jinghutong.core.db import Database
from jinghutong.models import Case, CaseEvent, Notification
from support.factories import make_person, make_tree


async def test_new_rows_are_written_parents_first_with_defaults_and_stay_in_the_session(
    session: AsyncSession,
) -> None:
    tree = await make_tree(session)
    person = await make_person(session, "村民")
    case = Case(
        id="01JCASEBULK00000000000000",
        number="JA-19990101-0001",
        kind="help",
        text="",
        reporter_id=person.id,
        area_id=tree.micro_grid.id,
        area_path=tree.micro_grid.path,
    )
    # The child first: the order of adding must not matter.
    event = CaseEvent(
        case_id=case.id,
        seq=1,
        actor_id=None,
        actor_kind="system",
        type="created",
        payload={"k": 1},
        prev_hash="0" * 64,
        hash="1" * 64,
        created_at=clock.now(),
    )
    notes = [Notification(person_id=person.id, kind="case.assigned", title=f"{i}") for i in (1, 2)]
    session.add_all([event, *notes, case])

    await insert_pending(session)

    assert not session.new
    # Defaults were applied and set on the objects, as a flush would.
    assert case.status == "new" and case.media_ids == [] and case.created_at is not None
    assert all(n.id and n.created_at is not None for n in notes)
    assert event.id
    count = select(func.count()).select_from(Notification).where(Notification.title.in_(["1", "2"]))
    assert await session.scalar(count) == 2
    # A column never set (no default) is SQL NULL, not JSON's null, as with the ORM's flush.
    unset = select(Case.id).where(Case.id == case.id, Case.dispatch_tried.is_(None))
    assert await session.scalar(unset) == case.id
    # Persistent: a later change is written as an UPDATE by the next flush.
    case.text = "改过"
    await session.flush()
    stored = await session.scalar(select(Case.text).where(Case.id == case.id))
    assert stored == "改过"
    assert session.identity_map.get(session.identity_key(Case, case.id)) is case  # type: ignore[attr-defined]


async def test_nothing_new_writes_nothing(session: AsyncSession) -> None:
    await insert_pending(session)  # no statement, no error
    assert not session.new


async def test_a_rollback_lets_the_written_objects_go_as_after_a_flush(
    database: Database,
) -> None:
    async with database.session() as s:
        person = await make_person(s, "村民")
        note = Notification(person_id=person.id, kind="case.assigned", title="会撤回")
        s.add(note)
        await insert_pending(s)
        assert note in s and inspect(note).persistent
        await s.rollback()
        # Not left behind as a "persistent" object whose row no longer exists.
        assert note not in s and inspect(note).transient
