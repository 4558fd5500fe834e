"""Running and inspecting Alembic migrations from the program (serve, migrate, /readyz)."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession


def project_root() -> Path:
    """Where alembic.ini and migrations/ are: beside src/ in a checkout (editable install), or
    the working directory (the Docker image runs from /app), or $JHT_PROJECT_ROOT."""
    candidates = [
        Path(os.environ.get("JHT_PROJECT_ROOT", "/nonexistent")),
        Path(__file__).resolve().parents[3],
        Path.cwd(),
    ]
    for root in candidates:
        if (root / "alembic.ini").is_file() and (root / "migrations" / "env.py").is_file():
            return root
    raise RuntimeError("migrations/ not found: run from the project folder or set JHT_PROJECT_ROOT")


def alembic_config(url: str) -> Config:
    root = project_root()
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root / "migrations"))
    cfg.attributes["url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


def upgrade_to_head(url: str) -> None:
    """Blocking: call before the event loop starts, or from a thread. "heads" so that two
    branches made in parallel (before someone merges them) both apply."""
    command.upgrade(alembic_config(url), "heads")


def head_revision(url: str) -> str | None:
    """The head revision(s) of the migrations, comma-joined when there is more than one."""
    heads = ScriptDirectory.from_config(alembic_config(url)).get_heads()
    return ",".join(sorted(heads)) or None


async def current_revision(session: AsyncSession) -> str | None:
    """The database's revision, or None when it was never migrated. Raises when the database
    cannot be reached at all."""
    await session.connection()
    try:
        async with session.begin_nested():
            result = await session.execute(text("SELECT version_num FROM alembic_version"))
            return ",".join(sorted(result.scalars().all())) or None
    except DBAPIError:
        return None
