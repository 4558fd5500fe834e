"""The models' keyword constructor (models.base.Base.__init__) puts column values straight
into the new object's dict: the ORM's flush must still write them, track later changes, and
refuse a name that is not an attribute."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.models import Notification
from support.factories import make_person


async def test_constructed_values_are_flushed_and_later_changes_tracked(
    session: AsyncSession,
) -> None:
    person = await make_person(session, "村民")
    note = Notification(person_id=person.id, kind="case.assigned", title="新的求助", link="/c/1")
    session.add(note)
    await session.flush()  # the ORM's own flush, not insert_pending
    stored = await session.scalar(select(Notification.title).where(Notification.id == note.id))
    assert stored == "新的求助" and note.created_at is not None

    note.title = "改过的标题"
    assert inspect(note).attrs.title.history.added == ["改过的标题"]
    await session.flush()
    stored = await session.scalar(select(Notification.title).where(Notification.id == note.id))
    assert stored == "改过的标题"


def test_an_unknown_keyword_is_refused() -> None:
    with pytest.raises(TypeError, match="titel"):
        Notification(person_id="p", kind="k", titel="拼错了")
