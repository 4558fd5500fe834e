"""Media: uploaded photos and voice clips, their content-check status and attachment

Revision ID: cc7c45ed3693
Revises: be8402cc20c7
Create Date: 2026-11-28 18:00:38.010370
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jinghutong.core.sqltypes

revision: str = "cc7c45ed3693"
down_revision: str | None = "be8402cc20c7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("owner_id", sa.String(length=26), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("check_status", sa.String(length=8), nullable=False),
        sa.Column("check_trace_id", sa.String(length=64), nullable=True),
        sa.Column("check_label", sa.Integer(), nullable=True),
        sa.Column("checked_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attached_to_type", sa.String(length=32), nullable=True),
        sa.Column("attached_to_id", sa.String(length=26), nullable=True),
        sa.Column(
            "attached_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["persons.id"], name=op.f("fk_media_owner_id_persons"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media")),
        sa.UniqueConstraint("check_trace_id", name=op.f("uq_media_check_trace_id")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_media_storage_key")),
    )
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.create_index(
            "ix_media_attached_to", ["attached_to_type", "attached_to_id"], unique=False
        )
        batch_op.create_index("ix_media_owner_id_id", ["owner_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_index("ix_media_owner_id_id")
        batch_op.drop_index("ix_media_attached_to")

    op.drop_table("media")
