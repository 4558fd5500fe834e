"""FastAPI dependencies every domain uses: the unit of work, settings, client address.

Every dependency is `async def`, even when it only reads `app.state`: FastAPI runs a plain
`def` dependency in its thread pool, and a thread hop costs more than the whole lookup (about
0.4 ms each on a small VM, on every request)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.core.db import Database
from jinghutong.core.ratelimit import RateLimiter

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_database(request: Request) -> Database:
    return request.app.state.database


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One unit of work per request: commits after the endpoint returns, before the response
    is sent, so a failed commit is never answered 200 (STYLE §2)."""
    database: Database = request.app.state.database
    async with database.session(read_only=request.method in _READ_METHODS) as session:
        yield session


async def get_write_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A writing unit of work whatever the method: for a GET that writes (an audited phone
    read, a read receipt), which `get_session` would open read-only."""
    database: Database = request.app.state.database
    async with database.session() as session:
        yield session


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_rate_limiter(request: Request) -> RateLimiter:
    return request.app.state.rate_limiter


async def client_address(request: Request) -> str:
    # Behind a proxy uvicorn's --proxy-headers puts the real address here.
    return request.client.host if request.client else "unknown"


# scope="function": commit before the response is sent (the default scope ends after it).
Session = Annotated[AsyncSession, Depends(get_session, scope="function")]
WriteSession = Annotated[AsyncSession, Depends(get_write_session, scope="function")]
AppSettings = Annotated[Settings, Depends(get_settings_dep)]
Limiter = Annotated[RateLimiter, Depends(get_rate_limiter)]
ClientAddress = Annotated[str, Depends(client_address)]
