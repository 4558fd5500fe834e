"""The benchmarks' scratch PostgreSQL databases: created when missing, so a fresh machine needs
no manual `CREATE DATABASE` before `python bench/….py --database-url …`."""

from __future__ import annotations

import psycopg
from psycopg import sql
from sqlalchemy import make_url


def ensure_database(url: str) -> None:
    """Create the database `url` names if it does not exist (connecting to `postgres`)."""
    target = make_url(url)
    maintenance = target.set(drivername="postgresql", database="postgres")
    dsn = maintenance.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone()
        if exists is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database)))
