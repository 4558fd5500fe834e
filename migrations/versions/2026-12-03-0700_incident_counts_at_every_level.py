"""incident counts at every level: the rollup `incident_counts` (per area of every level of the
path — village up to province — per day and per calendar month, a column per category) replaces
`incident_daily` (per village, day and category), built here from the existing incidents.

Revision ID: 3c41d7a9b2e5
Revises: 569fa51f6879
Create Date: 2026-12-03 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c41d7a9b2e5"
down_revision: str | None = "569fa51f6879"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As the migration wrote them (models.incident.ROLLUP_CATEGORIES, ROLLUP_LEVELS).
_CATEGORIES = (
    "criminal", "public_order", "traffic", "fire", "dispute", "help", "report", "other", "invalid",
)  # fmt: skip
_LEVELS = ("province", "city", "county", "station", "township", "village")
_COLUMNS = ", ".join(("area_id", "grain", "first_day", "level", "area_path", *_CATEGORIES))

# Day rows: every incident counted at its place and at each area above it of a counted level
# (the areas above found by walking up parent_id: the same SQL on SQLite and PostgreSQL).
_DAYS = f"""
WITH RECURSIVE up(area_id, ancestor_id) AS (
    SELECT id, id FROM areas
    UNION ALL
    SELECT up.area_id, a.parent_id FROM up JOIN areas a ON a.id = up.ancestor_id
    WHERE a.parent_id IS NOT NULL
)
INSERT INTO incident_counts ({_COLUMNS})
SELECT anc.id, 'day', i.day, min(anc.level), min(anc.path),
       {", ".join(f"sum(CASE WHEN i.category = '{c}' THEN 1 ELSE 0 END)" for c in _CATEGORIES)}
FROM incidents i
JOIN up ON up.area_id = i.area_id
JOIN areas anc ON anc.id = up.ancestor_id
WHERE anc.level IN ({", ".join(f"'{level}'" for level in _LEVELS)})
GROUP BY anc.id, i.day
"""  # noqa: S608 (the constants above only)
# Month rows: the sums of each area's day rows.
_MONTHS = """
INSERT INTO incident_counts ({columns})
SELECT area_id, 'month', {month}, min(level), min(area_path), {sums}
FROM incident_counts WHERE grain = 'day'
GROUP BY area_id, {month}
"""
_MONTH_START = {
    "sqlite": "date(first_day, 'start of month')",
    "postgresql": "CAST(date_trunc('month', first_day) AS DATE)",
}


def upgrade() -> None:
    op.create_table(
        "incident_counts",
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("grain", sa.String(length=8), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in _CATEGORIES),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_incident_counts_area_id_areas")
        ),
        sa.PrimaryKeyConstraint("area_id", "grain", "first_day", name=op.f("pk_incident_counts")),
    )
    with op.batch_alter_table("incident_counts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incident_counts_grain_level_path",
            ["grain", "level", "area_path", "first_day"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index(
            "ix_incident_counts_grain_level_day", ["grain", "level", "first_day"], unique=False
        )
    month = _MONTH_START[op.get_bind().dialect.name]
    op.execute(_DAYS)
    sums = ", ".join(f"sum({c})" for c in _CATEGORIES)
    op.execute(_MONTHS.format(columns=_COLUMNS, month=month, sums=sums))

    with op.batch_alter_table("incident_daily", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_incident_daily_area_path_day", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )
    op.drop_table("incident_daily")


def downgrade() -> None:
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
    op.execute(
        """INSERT INTO incident_daily (day, area_id, category, area_path, count)
           SELECT day, area_id, category, min(area_path), count(*) FROM incidents
           GROUP BY day, area_id, category"""
    )
    with op.batch_alter_table("incident_counts", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_counts_grain_level_day")
        batch_op.drop_index(
            "ix_incident_counts_grain_level_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
    op.drop_table("incident_counts")
