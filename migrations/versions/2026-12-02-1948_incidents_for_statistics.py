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

# (source, kind, category, note): the default category mapping.
_MAPPING = [
    ("case", "alarm", "public_order", "报警按治安警情统计；案件本身不区分更细的类别"),
    ("case", "clue", "report", "群众提供的违法犯罪线索，按举报投诉统计"),
    ("case", "clue:invalid", "invalid", "民警核查线索为“无效”的，计入无效报警"),
    ("case", "dispute", "dispute", "群众报告的矛盾纠纷"),
    ("case", "help", "help", "群众求助"),
    ("case", "hazard", "other", "隐患报告不属于违法犯罪或求助，按其他统计"),
    ("case", "consult", "other", "110统计中咨询归入其他"),
    ("case", "sentiment", "other", "社情民意是信息反映，按其他统计"),
    ("dispute", "neighbour", "dispute", "矛盾纠纷登记按纠纷统计"),
    ("dispute", "family", "dispute", "矛盾纠纷登记按纠纷统计"),
    ("dispute", "land", "dispute", "矛盾纠纷登记按纠纷统计"),
    ("dispute", "homestead", "dispute", "矛盾纠纷登记按纠纷统计"),
    ("dispute", "debt", "dispute", "矛盾纠纷登记按纠纷统计"),
    ("dispute", "labour", "dispute", "矛盾纠纷登记按纠纷统计"),
    ("dispute", "other", "dispute", "矛盾纠纷登记按纠纷统计"),
    ("dispute", "traffic", "dispute", "交通事故引起的赔偿纠纷按纠纷统计"),
    ("hazard", "housing", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("hazard", "fire", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("hazard", "traffic", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("hazard", "geological", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("hazard", "electrical", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("hazard", "gas", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("hazard", "water", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("hazard", "other", "other", "隐患不是违法犯罪或求助，按其他统计"),
    ("110", "刑事案件", "criminal", ""),
    ("110", "刑事", "criminal", ""),
    ("110", "刑事警情", "criminal", ""),
    ("110", "诈骗", "criminal", ""),
    ("110", "电信网络诈骗", "criminal", ""),
    ("110", "抢劫", "criminal", ""),
    ("110", "抢夺", "criminal", ""),
    ("110", "治安案件", "public_order", ""),
    ("110", "治安", "public_order", ""),
    ("110", "治安警情", "public_order", ""),
    ("110", "殴打他人", "public_order", ""),
    ("110", "赌博", "public_order", ""),
    ("110", "寻衅滋事", "public_order", ""),
    ("110", "扰乱秩序", "public_order", ""),
    ("110", "交通事故", "traffic", ""),
    ("110", "交通", "traffic", ""),
    ("110", "交通警情", "traffic", ""),
    ("110", "道路交通事故", "traffic", ""),
    ("110", "火灾", "fire", ""),
    ("110", "火警", "fire", ""),
    ("110", "火灾/火警", "fire", ""),
    ("110", "火灾火警", "fire", ""),
    ("110", "山林火情", "fire", ""),
    ("110", "纠纷", "dispute", ""),
    ("110", "纠纷警情", "dispute", ""),
    ("110", "矛盾纠纷", "dispute", ""),
    ("110", "家庭纠纷", "dispute", ""),
    ("110", "婚姻家庭纠纷", "dispute", ""),
    ("110", "邻里纠纷", "dispute", ""),
    ("110", "土地纠纷", "dispute", ""),
    ("110", "山林纠纷", "dispute", ""),
    ("110", "土地山林纠纷", "dispute", ""),
    ("110", "宅基地纠纷", "dispute", ""),
    ("110", "经济纠纷", "dispute", ""),
    ("110", "债务纠纷", "dispute", ""),
    ("110", "劳资纠纷", "dispute", ""),
    ("110", "求助", "help", ""),
    ("110", "群众求助", "help", ""),
    ("110", "救助", "help", ""),
    ("110", "举报", "report", ""),
    ("110", "投诉", "report", ""),
    ("110", "举报投诉", "report", ""),
    ("110", "无效报警", "invalid", "不计入有效警情"),
    ("110", "无效警情", "invalid", "不计入有效警情"),
    ("110", "骚扰电话", "invalid", "不计入有效警情"),
    ("110", "误拨", "invalid", "不计入有效警情"),
    ("110", "重复报警", "invalid", "不计入有效警情"),
    ("110", "无声电话", "invalid", "不计入有效警情"),
    ("110", "其他", "other", ""),
    ("110", "其它", "other", ""),
    ("110", "咨询", "other", ""),
]


def upgrade() -> None:
    op.create_table(
        "incident_category_map",
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("source", "kind", name=op.f("pk_incident_category_map")),
    )
    # The default mapping as data (statistics/incidents/categories.DEFAULT_MAPPING; a test keeps
    # the two equal): the admin changes rows later, new and re-imported 警情 follow them.
    op.bulk_insert(
        sa.table(
            "incident_category_map",
            sa.column("source", sa.String),
            sa.column("kind", sa.String),
            sa.column("category", sa.String),
            sa.column("note", sa.String),
        ),
        [dict(zip(("source", "kind", "category", "note"), row, strict=True)) for row in _MAPPING],
    )
    op.create_table(
        "incident_cursors",
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("last_id", sa.String(length=26), nullable=False),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_incident_cursors")),
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
        sa.Column("mapped_from", sa.String(length=40), nullable=False),
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
    op.drop_table("incident_cursors")
    op.drop_table("incident_category_map")
