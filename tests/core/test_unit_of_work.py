"""A request whose commit fails is not answered 200 (STYLE §2)."""

from __future__ import annotations

import httpx
from fastapi import APIRouter
from sqlalchemy import event

from jinghutong.core.deps import Session
from jinghutong.models import Person


async def test_a_failed_commit_is_not_answered_200(app, database):
    router = APIRouter()

    @router.post("/probe-commit")
    async def probe(session: Session) -> dict[str, str]:
        session.add(Person(name="半途而废"))
        await session.flush()

        @event.listens_for(session.sync_session, "before_commit")
        def _fail(_s) -> None:
            raise RuntimeError("disk full")

        return {"status": "saved"}

    app.include_router(router)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.post("/probe-commit")

    assert response.status_code == 500
    assert "saved" not in response.text
