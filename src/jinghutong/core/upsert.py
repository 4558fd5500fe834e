"""INSERT … ON CONFLICT is spelled by each dialect's own `insert`: statements that use it are
built once per dialect and picked by the session's dialect at run time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")


def per_dialect(build: Callable[[Callable[..., Any]], T]) -> dict[str, T]:
    """`build(insert)` for each supported dialect's `insert` construct."""
    return {"postgresql": build(postgresql.insert), "sqlite": build(sqlite.insert)}


def for_session(statements: dict[str, T], session: AsyncSession) -> T:
    return statements[session.get_bind().dialect.name]
