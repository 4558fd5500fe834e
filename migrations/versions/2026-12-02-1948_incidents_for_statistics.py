"""incidents for statistics: 警情 from the 110 system's history and from cases, in the
public-security categories (the mapping table), and their daily rollup per village and category.

Revision ID: 569fa51f6879
Revises: 6efcce0154f0
Create Date: 2026-12-02 19:48:23.094699
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jinghutong.core.sqltypes

revision: str = "569fa51f6879"
down_revision: str | None = "6efcce0154f0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident_category_map",
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("source", "kind", name=op.f("pk_incident_category_map")),
    )
    op.create_table(
        "incident_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_incident_daily_area_id_areas")
        ),
        sa.PrimaryKeyConstraint("day", "area_id", "category", name=op.f("pk_incident_daily")),
    )
    with op.batch_alter_table("incident_daily", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incident_daily_area_path_day",
            ["area_path", "day"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )

    op.create_table(
        "incidents",
        sa.Column("station_id", sa.String(length=26), nullable=False),
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column(
            "reported_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("subcategory", sa.String(length=50), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("result", sa.String(length=200), nullable=False),
        sa.Column("case_id", sa.String(length=26), nullable=True),
        sa.Column(
            "accepted_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("arrived_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_incidents_area_id_areas")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_incidents_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["station_id"], ["areas.id"], name=op.f("fk_incidents_station_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.UniqueConstraint("case_id", name=op.f("uq_incidents_case_id")),
        sa.UniqueConstraint(
            "station_id", "source", "number", name=op.f("uq_incidents_station_id_source_number")
        ),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incidents_area_path_day",
            ["area_path", "day"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index("ix_incidents_day", ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_day")
        batch_op.drop_index(
            "ix_incidents_area_path_day", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("incidents")
    with op.batch_alter_table("incident_daily", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_incident_daily_area_path_day", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("incident_daily")
    op.drop_table("incident_category_map")
