"""points and evaluation: the versioned rule books and rules, the append-only ledger and the
award sweep's cursors, manual entries and claims, rewards and redemptions, the 村警's monthly
evaluation sheets and their appeals, and the 村级治理中心's duty roster.

Revision ID: 6efcce0154f0
Revises: 2402236a357d
Create Date: 2026-12-02 18:19:08.102563
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jinghutong.core.sqltypes

revision: str = "6efcce0154f0"
down_revision: str | None = "2402236a357d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "points_cursors",
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("last_id", sa.String(length=26), nullable=False),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("source", name=op.f("pk_points_cursors")),
    )
    op.create_table(
        "duty_shifts",
        sa.Column("village_id", sa.String(length=26), nullable=False),
        sa.Column("person_id", sa.String(length=26), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "checked_in_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("created_by", sa.String(length=26), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["persons.id"], name=op.f("fk_duty_shifts_created_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_duty_shifts_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["areas.id"], name=op.f("fk_duty_shifts_village_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_shifts")),
        sa.UniqueConstraint(
            "village_id", "person_id", "day", name=op.f("uq_duty_shifts_village_id_person_id_day")
        ),
    )
    with op.batch_alter_table("duty_shifts", schema=None) as batch_op:
        batch_op.create_index("ix_duty_shifts_person_day", ["person_id", "day"], unique=False)

    op.create_table(
        "evaluation_sheets",
        sa.Column("person_id", sa.String(length=26), nullable=False),
        sa.Column("village_id", sa.String(length=26), nullable=True),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("base_score", sa.Numeric(5, 1, asdecimal=False), nullable=False),
        sa.Column("score", sa.Numeric(5, 1, asdecimal=False), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column(
            "computed_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("confirmed_by", sa.String(length=26), nullable=True),
        sa.Column(
            "confirmed_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by"], ["persons.id"], name=op.f("fk_evaluation_sheets_confirmed_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_evaluation_sheets_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["areas.id"], name=op.f("fk_evaluation_sheets_village_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_sheets")),
        sa.UniqueConstraint(
            "person_id", "month", name=op.f("uq_evaluation_sheets_person_id_month")
        ),
    )
    op.create_table(
        "points_rule_books",
        sa.Column("station_id", sa.String(length=26), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("monthly_cap", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=26), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["persons.id"], name=op.f("fk_points_rule_books_created_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["areas.id"], name=op.f("fk_points_rule_books_station_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_rule_books")),
        sa.UniqueConstraint(
            "station_id", "version", name=op.f("uq_points_rule_books_station_id_version")
        ),
    )
    op.create_table(
        "evaluation_appeals",
        sa.Column("sheet_id", sa.String(length=26), nullable=False),
        sa.Column("filed_by", sa.String(length=26), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=26), nullable=True),
        sa.Column("decided_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("score_after", sa.Numeric(5, 1, asdecimal=False), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["persons.id"], name=op.f("fk_evaluation_appeals_decided_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["filed_by"], ["persons.id"], name=op.f("fk_evaluation_appeals_filed_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["sheet_id"],
            ["evaluation_sheets.id"],
            name=op.f("fk_evaluation_appeals_sheet_id_evaluation_sheets"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_appeals")),
    )
    with op.batch_alter_table("evaluation_appeals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_appeals_sheet_id"), ["sheet_id"], unique=False
        )

    op.create_table(
        "points_rules",
        sa.Column("book_id", sa.String(length=26), nullable=False),
        sa.Column("event_kind", sa.String(length=24), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("monthly_cap", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.CheckConstraint("points > 0", name=op.f("ck_points_rules_awards_only")),
        sa.ForeignKeyConstraint(
            ["book_id"],
            ["points_rule_books.id"],
            name=op.f("fk_points_rules_book_id_points_rule_books"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_rules")),
        sa.UniqueConstraint(
            "book_id", "event_kind", name=op.f("uq_points_rules_book_id_event_kind")
        ),
    )
    op.create_table(
        "rewards",
        sa.Column("station_id", sa.String(length=26), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("photo_media_id", sa.String(length=26), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(length=26), nullable=True),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint("points > 0", name=op.f("ck_rewards_points_positive")),
        sa.CheckConstraint("stock >= 0", name=op.f("ck_rewards_stock_never_negative")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["persons.id"], name=op.f("fk_rewards_created_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["photo_media_id"], ["media.id"], name=op.f("fk_rewards_photo_media_id_media")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["areas.id"], name=op.f("fk_rewards_station_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rewards")),
    )
    op.create_table(
        "points_entries",
        sa.Column("person_id", sa.String(length=26), nullable=False),
        sa.Column("household_id", sa.String(length=26), nullable=True),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("event_kind", sa.String(length=24), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=26), nullable=True),
        sa.Column("award_key", sa.String(length=80), nullable=True),
        sa.Column("source_type", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=26), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("approved_by", sa.String(length=26), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["approved_by"], ["persons.id"], name=op.f("fk_points_entries_approved_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_points_entries_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_points_entries_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["points_rules.id"], name=op.f("fk_points_entries_rule_id_points_rules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_entries")),
        sa.UniqueConstraint(
            "person_id", "award_key", name=op.f("uq_points_entries_person_id_award_key")
        ),
    )
    with op.batch_alter_table("points_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_points_entries_area_path_created",
            ["area_path", "created_at"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index("ix_points_entries_household", ["household_id"], unique=False)
        batch_op.create_index(
            "ix_points_entries_person_created", ["person_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_points_entries_source", ["source_type", "source_id"], unique=False
        )

    op.create_table(
        "redemptions",
        sa.Column("reward_id", sa.String(length=26), nullable=False),
        sa.Column("station_id", sa.String(length=26), nullable=False),
        sa.Column("person_id", sa.String(length=26), nullable=False),
        sa.Column("household_id", sa.String(length=26), nullable=True),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("fulfilled_by", sa.String(length=26), nullable=True),
        sa.Column(
            "fulfilled_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "cancelled_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["fulfilled_by"], ["persons.id"], name=op.f("fk_redemptions_fulfilled_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_redemptions_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_redemptions_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["reward_id"], ["rewards.id"], name=op.f("fk_redemptions_reward_id_rewards")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["areas.id"], name=op.f("fk_redemptions_station_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redemptions")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_redemptions_code_hash")),
    )
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.create_index("ix_redemptions_person", ["person_id", "created_at"], unique=False)

    op.create_table(
        "points_adjustments",
        sa.Column("person_id", sa.String(length=26), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("source_type", sa.String(length=16), nullable=True),
        sa.Column("source_id", sa.String(length=26), nullable=True),
        sa.Column("proposed_by", sa.String(length=26), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=26), nullable=True),
        sa.Column("decided_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=200), nullable=True),
        sa.Column("entry_id", sa.String(length=26), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.CheckConstraint(
            "decided_by IS NULL OR decided_by <> proposed_by",
            name=op.f("ck_points_adjustments_second_person"),
        ),
        sa.CheckConstraint("points <> 0", name=op.f("ck_points_adjustments_not_zero")),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["persons.id"], name=op.f("fk_points_adjustments_decided_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["points_entries.id"],
            name=op.f("fk_points_adjustments_entry_id_points_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_points_adjustments_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by"], ["persons.id"], name=op.f("fk_points_adjustments_proposed_by_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_adjustments")),
    )
    op.create_table(
        "points_claims",
        sa.Column("person_id", sa.String(length=26), nullable=False),
        sa.Column("household_id", sa.String(length=26), nullable=True),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_ids", sa.JSON(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=26), nullable=True),
        sa.Column("decided_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=200), nullable=True),
        sa.Column("entry_id", sa.String(length=26), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["persons.id"], name=op.f("fk_points_claims_decided_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["points_entries.id"],
            name=op.f("fk_points_claims_entry_id_points_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_points_claims_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_points_claims_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_claims")),
    )
    with op.batch_alter_table("points_claims", schema=None) as batch_op:
        batch_op.create_index(
            "ix_points_claims_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index("ix_points_claims_person", ["person_id", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("points_claims", schema=None) as batch_op:
        batch_op.drop_index("ix_points_claims_person")
        batch_op.drop_index(
            "ix_points_claims_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("points_claims")
    op.drop_table("points_adjustments")
    with op.batch_alter_table("redemptions", schema=None) as batch_op:
        batch_op.drop_index("ix_redemptions_person")

    op.drop_table("redemptions")
    with op.batch_alter_table("points_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_points_entries_source")
        batch_op.drop_index("ix_points_entries_person_created")
        batch_op.drop_index("ix_points_entries_household")
        batch_op.drop_index(
            "ix_points_entries_area_path_created",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )

    op.drop_table("points_entries")
    op.drop_table("rewards")
    op.drop_table("points_rules")
    with op.batch_alter_table("evaluation_appeals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_appeals_sheet_id"))

    op.drop_table("evaluation_appeals")
    op.drop_table("points_rule_books")
    op.drop_table("evaluation_sheets")
    with op.batch_alter_table("duty_shifts", schema=None) as batch_op:
        batch_op.drop_index("ix_duty_shifts_person_day")

    op.drop_table("duty_shifts")
    op.drop_table("points_cursors")
