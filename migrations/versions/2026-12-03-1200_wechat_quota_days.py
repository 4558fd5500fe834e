"""wechat quota days: the day's subscribe-message budget spent by priority (one row per station
day); bulletins.feed_only_when_short; deliveries.status wide enough for `waiting_for_quota`.

Widening a varchar on PostgreSQL changes the catalogue only (no table rewrite, no index
rebuild); on SQLite the batch copies the (one station's) table.

Revision ID: 7b2e4f91c0d3
Revises: 3c41d7a9b2e5
Create Date: 2026-12-03 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b2e4f91c0d3"
down_revision: str | None = "3c41d7a9b2e5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wechat_quota_days",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("warning", sa.BigInteger(), nullable=False),
        sa.Column("progress", sa.BigInteger(), nullable=False),
        sa.Column("routine", sa.BigInteger(), nullable=False),
        sa.Column("granted", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_wechat_quota_days")),
    )
    with op.batch_alter_table("bulletins") as batch:
        batch.add_column(
            sa.Column(
                "feed_only_when_short", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column(
            "status",
            type_=sa.String(length=20),
            existing_type=sa.String(length=12),
            existing_nullable=False,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE deliveries SET status = 'pending' WHERE status = 'waiting_for_quota'")
        op.execute("UPDATE deliveries SET status = 'no_quota' WHERE status = 'feed_only'")
        op.alter_column(
            "deliveries",
            "status",
            type_=sa.String(length=12),
            existing_type=sa.String(length=20),
            existing_nullable=False,
        )
    with op.batch_alter_table("bulletins") as batch:
        batch.drop_column("feed_only_when_short")
    op.drop_table("wechat_quota_days")
