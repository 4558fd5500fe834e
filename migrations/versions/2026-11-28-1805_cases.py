"""Cases, their hash-chained trail and the per-day number counter.

Revision ID: 6466c1da6f31
Revises: 5b1d0c3e7a21
Create Date: 2026-11-28 17:57:15.794817
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jinghutong.core.sqltypes

revision: str = "6466c1da6f31"
down_revision: str | None = "5b1d0c3e7a21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_counters",
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_case_counters")),
    )
    op.create_table(
        "cases",
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_ids", sa.JSON(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("household_id", sa.String(length=26), nullable=True),
        sa.Column("reporter_id", sa.String(length=26), nullable=False),
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("assignee_id", sa.String(length=26), nullable=True),
        sa.Column("assigned_role", sa.String(length=20), nullable=True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("dispatch_tried", sa.JSON(), nullable=True),
        sa.Column("due_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "acknowledged_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "resolved_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("closed_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("review_status", sa.String(length=14), nullable=False),
        sa.Column("review_label", sa.Integer(), nullable=True),
        sa.Column("trail_seq", sa.Integer(), nullable=False),
        sa.Column("trail_hash", sa.String(length=64), nullable=True),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_cases_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["persons.id"], name=op.f("fk_cases_assignee_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_cases_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["persons.id"], name=op.f("fk_cases_reporter_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("number", name=op.f("uq_cases_number")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cases_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index("ix_cases_assignee_id", ["assignee_id", "id"], unique=False)
        batch_op.create_index("ix_cases_due_at", ["due_at"], unique=False)
        batch_op.create_index("ix_cases_reporter_id", ["reporter_id", "id"], unique=False)

    op.create_table(
        "case_events",
        sa.Column("case_id", sa.String(length=26), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.String(length=26), nullable=True),
        sa.Column("actor_kind", sa.String(length=8), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["persons.id"], name=op.f("fk_case_events_actor_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_events_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_events")),
        sa.UniqueConstraint("case_id", "seq", name=op.f("uq_case_events_case_id_seq")),
    )


def downgrade() -> None:
    op.drop_table("case_events")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_reporter_id")
        batch_op.drop_index("ix_cases_due_at")
        batch_op.drop_index("ix_cases_assignee_id")
        batch_op.drop_index(
            "ix_cases_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("cases")
    op.drop_table("case_counters")
