"""bulletins (警讯资讯) and their deliveries

Revision ID: b5a1e7c0d930
Revises: 7b8a719729ab
Create Date: 2026-11-28 18:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jinghutong.core.sqltypes

revision: str = "b5a1e7c0d930"
down_revision: str | None = "7b8a719729ab"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(length=26)
UTC = jinghutong.core.sqltypes.UTCDateTime()


def upgrade() -> None:
    op.create_table(
        "bulletins",
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("cover_media_id", ID, nullable=True),
        sa.Column("voice_media_id", ID, nullable=True),
        sa.Column("important", sa.Boolean(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("reach_path", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("scheduled_at", UTC, nullable=True),
        sa.Column("published_at", UTC, nullable=True),
        sa.Column("finished_at", UTC, nullable=True),
        sa.Column("expires_at", UTC, nullable=True),
        sa.Column("author_id", ID, nullable=False),
        sa.Column("approver_id", ID, nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("id", ID, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["persons.id"], name=op.f("fk_bulletins_approver_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["persons.id"], name=op.f("fk_bulletins_author_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["cover_media_id"], ["media.id"], name=op.f("fk_bulletins_cover_media_id_media")
        ),
        sa.ForeignKeyConstraint(
            ["voice_media_id"], ["media.id"], name=op.f("fk_bulletins_voice_media_id_media")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletins")),
    )
    op.create_index("ix_bulletins_status_id", "bulletins", ["status", "id"])
    op.create_index(
        "ix_bulletins_reach_path",
        "bulletins",
        ["reach_path"],
        postgresql_ops={"reach_path": "varchar_pattern_ops"},
    )
    op.create_table(
        "deliveries",
        sa.Column("bulletin_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("household_id", ID, nullable=True),
        sa.Column("village_id", ID, nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("due_at", UTC, nullable=True),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("read_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["bulletin_id"],
            ["bulletins.id"],
            name=op.f("fk_deliveries_bulletin_id_bulletins"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.id"],
            name=op.f("fk_deliveries_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bulletin_id", "person_id", name=op.f("pk_deliveries")),
    )
    op.create_index("ix_deliveries_status_due_at", "deliveries", ["status", "due_at"])
    op.create_index("ix_deliveries_bulletin_id_status", "deliveries", ["bulletin_id", "status"])
    op.create_index("ix_deliveries_person_id", "deliveries", ["person_id", "bulletin_id"])


def downgrade() -> None:
    op.drop_table("deliveries")
    op.drop_table("bulletins")
