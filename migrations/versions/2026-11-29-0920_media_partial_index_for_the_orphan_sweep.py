"""media: partial indexes, one for the orphan sweep (unattached uploads, oldest first)

The sweep (`MediaRepository.orphans`) asks for `attached_to_type IS NULL AND created_at < :cutoff
ORDER BY created_at, id LIMIT :n`. Until now only ix_media_attached_to could serve it: every
unattached row, then a sort. The new ix_media_unattached_created_at holds only the uploads
nothing has claimed yet, in the sweep's order. ix_media_attached_to becomes partial too
(claimed rows only: every lookup by what claimed an item names it), so the two split the table
and the sweep's condition can use only the new index — SQLite (never ANALYZEd here) otherwise
preferred the old one and sorted; PostgreSQL did the same on some data.

Revision ID: c9b56b87c9df
Revises: b5a1e7c0d930
Create Date: 2026-11-29 09:20:47
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c9b56b87c9df"
down_revision: str | None = "b5a1e7c0d930"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ATTACHED = "attached_to_type IS NOT NULL"
UNATTACHED = "attached_to_type IS NULL"


def _partial(condition: str) -> dict[str, sa.TextClause]:
    return {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)}


def upgrade() -> None:
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_index("ix_media_attached_to")
        batch_op.create_index(
            "ix_media_attached_to", ["attached_to_type", "attached_to_id"], **_partial(ATTACHED)
        )
        batch_op.create_index(
            "ix_media_unattached_created_at", ["created_at", "id"], **_partial(UNATTACHED)
        )


def downgrade() -> None:
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_index("ix_media_unattached_created_at")
        batch_op.drop_index("ix_media_attached_to")
        batch_op.create_index(
            "ix_media_attached_to", ["attached_to_type", "attached_to_id"], unique=False
        )
