"""governance records: 走访 visits and the households visited, 社情民意 items, the 安全隐患
register, 矛盾纠纷 with their parties and mediation sessions, the 纵横斜 roster and cameras, notices
owed by phone, and what they share (the trail, links between records, record numbers).

Revision ID: 2402236a357d
Revises: c9b56b87c9df
Create Date: 2026-12-02 18:02:07.607195
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import jinghutong.core.sqltypes

revision: str = "2402236a357d"
down_revision: str | None = "c9b56b87c9df"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "record_counters",
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_record_counters")),
    )
    op.create_table(
        "governance_events",
        sa.Column("record_type", sa.String(length=12), nullable=False),
        sa.Column("record_id", sa.String(length=26), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.String(length=26), nullable=True),
        sa.Column("action", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["persons.id"], name=op.f("fk_governance_events_actor_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_events")),
        sa.UniqueConstraint(
            "record_type",
            "record_id",
            "seq",
            name=op.f("uq_governance_events_record_type_record_id_seq"),
        ),
    )
    with op.batch_alter_table("governance_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_governance_events_actor_created", ["actor_id", "created_at"], unique=False
        )

    op.create_table(
        "governance_links",
        sa.Column("source_type", sa.String(length=12), nullable=False),
        sa.Column("source_id", sa.String(length=26), nullable=False),
        sa.Column("target_type", sa.String(length=12), nullable=False),
        sa.Column("target_id", sa.String(length=26), nullable=False),
        sa.Column("created_by", sa.String(length=26), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["persons.id"], name=op.f("fk_governance_links_created_by_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_governance_links")),
        sa.UniqueConstraint(
            "source_type",
            "source_id",
            "target_type",
            "target_id",
            name=op.f("uq_governance_links_source_type_source_id_target_type_target_id"),
        ),
    )
    with op.batch_alter_table("governance_links", schema=None) as batch_op:
        batch_op.create_index(
            "ix_governance_links_target", ["target_type", "target_id"], unique=False
        )

    op.create_table(
        "roster_members",
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("axis", sa.String(length=10), nullable=False),
        sa.Column("position", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=30), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone", jinghutong.core.sqltypes.Encrypted(), nullable=True),
        sa.Column("phone_index", sa.String(length=40), nullable=True),
        sa.Column("duty_area", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.String(length=26), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=True),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_roster_members_area_id_areas")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_roster_members_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_members")),
    )
    with op.batch_alter_table("roster_members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_roster_members_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index(
            batch_op.f("ix_roster_members_phone_index"), ["phone_index"], unique=False
        )

    op.create_table(
        "visits",
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("visitor_id", sa.String(length=26), nullable=False),
        sa.Column("visitor_role", sa.String(length=20), nullable=False),
        sa.Column(
            "visited_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("met", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_ids", sa.JSON(), nullable=False),
        sa.Column("solved_on_spot", sa.Boolean(), nullable=False),
        sa.Column("follow_up", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_visits_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["visitor_id"], ["persons.id"], name=op.f("fk_visits_visitor_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visits_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index(
            "ix_visits_visitor_visited", ["visitor_id", "visited_at"], unique=False
        )

    op.create_table(
        "cameras",
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("owner", sa.String(length=50), nullable=False),
        sa.Column("owner_household_id", sa.String(length=26), nullable=True),
        sa.Column("coverage", sa.String(length=200), nullable=False),
        sa.Column("contact_name", sa.String(length=50), nullable=True),
        sa.Column("contact_phone", jinghutong.core.sqltypes.Encrypted(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_cameras_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["owner_household_id"],
            ["households.id"],
            name=op.f("fk_cameras_owner_household_id_households"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cameras")),
    )
    with op.batch_alter_table("cameras", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cameras_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )

    op.create_table(
        "disputes",
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("media_ids", sa.JSON(), nullable=False),
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("reporter_id", sa.String(length=26), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=12), nullable=False),
        sa.Column("assignee_id", sa.String(length=26), nullable=True),
        sa.Column("assignee_member_id", sa.String(length=26), nullable=True),
        sa.Column("assignee_unit", sa.String(length=50), nullable=True),
        sa.Column(
            "deadline_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("due_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("agreement_text", sa.Text(), nullable=True),
        sa.Column("agreement_media_ids", sa.JSON(), nullable=False),
        sa.Column("settled_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_reason", sa.String(length=500), nullable=True),
        sa.Column("referred_to", sa.String(length=50), nullable=True),
        sa.Column(
            "follow_up_due_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "followed_up_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("closed_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_disputes_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["persons.id"], name=op.f("fk_disputes_assignee_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["assignee_member_id"],
            ["roster_members.id"],
            name=op.f("fk_disputes_assignee_member_id_roster_members"),
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["persons.id"], name=op.f("fk_disputes_reporter_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disputes")),
        sa.UniqueConstraint("number", name=op.f("uq_disputes_number")),
    )
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_disputes_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index("ix_disputes_assignee_id", ["assignee_id", "id"], unique=False)
        batch_op.create_index("ix_disputes_due_at", ["due_at"], unique=False)

    op.create_table(
        "hazards",
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("media_ids", sa.JSON(), nullable=False),
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("household_id", sa.String(length=26), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lng", sa.Float(), nullable=True),
        sa.Column("reporter_id", sa.String(length=26), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("responsible_person_id", sa.String(length=26), nullable=True),
        sa.Column("responsible_member_id", sa.String(length=26), nullable=True),
        sa.Column("responsible_name", sa.String(length=50), nullable=True),
        sa.Column("responsible_phone", jinghutong.core.sqltypes.Encrypted(), nullable=True),
        sa.Column(
            "deadline_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("due_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column(
            "rectified_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "accepted_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("closed_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(["area_id"], ["areas.id"], name=op.f("fk_hazards_area_id_areas")),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_hazards_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["persons.id"], name=op.f("fk_hazards_reporter_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["responsible_member_id"],
            ["roster_members.id"],
            name=op.f("fk_hazards_responsible_member_id_roster_members"),
        ),
        sa.ForeignKeyConstraint(
            ["responsible_person_id"],
            ["persons.id"],
            name=op.f("fk_hazards_responsible_person_id_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazards")),
        sa.UniqueConstraint("number", name=op.f("uq_hazards_number")),
    )
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hazards_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index("ix_hazards_due_at", ["due_at"], unique=False)
        batch_op.create_index("ix_hazards_status_id", ["status", "id"], unique=False)

    op.create_table(
        "phone_notices",
        sa.Column("member_id", sa.String(length=26), nullable=True),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone", jinghutong.core.sqltypes.Encrypted(), nullable=True),
        sa.Column("subject_type", sa.String(length=12), nullable=False),
        sa.Column("subject_id", sa.String(length=26), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("created_by", sa.String(length=26), nullable=True),
        sa.Column("done_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["persons.id"], name=op.f("fk_phone_notices_created_by_persons")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["roster_members.id"],
            name=op.f("fk_phone_notices_member_id_roster_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_notices")),
    )
    with op.batch_alter_table("phone_notices", schema=None) as batch_op:
        batch_op.create_index("ix_phone_notices_status", ["status", "created_at"], unique=False)
        batch_op.create_index(
            "ix_phone_notices_subject", ["subject_type", "subject_id"], unique=False
        )

    op.create_table(
        "sentiment_items",
        sa.Column("area_id", sa.String(length=26), nullable=False),
        sa.Column("area_path", sa.String(length=400), nullable=False),
        sa.Column("village_id", sa.String(length=26), nullable=True),
        sa.Column("household_id", sa.String(length=26), nullable=True),
        sa.Column("recorder_id", sa.String(length=26), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("urgency", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("media_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("handled_note", sa.String(length=500), nullable=True),
        sa.Column("handled_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_sentiment_items_area_id_areas")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_sentiment_items_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["recorder_id"], ["persons.id"], name=op.f("fk_sentiment_items_recorder_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["village_id"], ["areas.id"], name=op.f("fk_sentiment_items_village_id_areas")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sentiment_items")),
    )
    with op.batch_alter_table("sentiment_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sentiment_items_area_path",
            ["area_path"],
            unique=False,
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        )
        batch_op.create_index(
            "ix_sentiment_items_village_created", ["village_id", "created_at"], unique=False
        )

    op.create_table(
        "visit_households",
        sa.Column("visit_id", sa.String(length=26), nullable=False),
        sa.Column("household_id", sa.String(length=26), nullable=False),
        sa.Column(
            "visited_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_visit_households_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_visit_households_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("visit_id", "household_id", name=op.f("pk_visit_households")),
    )
    with op.batch_alter_table("visit_households", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_households_household", ["household_id", "visited_at"], unique=False
        )

    op.create_table(
        "dispute_parties",
        sa.Column("dispute_id", sa.String(length=26), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("phone", jinghutong.core.sqltypes.Encrypted(), nullable=True),
        sa.Column("phone_index", sa.String(length=40), nullable=True),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("household_id", sa.String(length=26), nullable=True),
        sa.Column("person_id", sa.String(length=26), nullable=True),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_dispute_parties_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_dispute_parties_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_dispute_parties_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_parties")),
    )
    with op.batch_alter_table("dispute_parties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dispute_parties_dispute_id"), ["dispute_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dispute_parties_phone_index"), ["phone_index"], unique=False
        )

    op.create_table(
        "mediation_sessions",
        sa.Column("dispute_id", sa.String(length=26), nullable=False),
        sa.Column("recorder_id", sa.String(length=26), nullable=False),
        sa.Column("held_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False),
        sa.Column("mediators", sa.String(length=200), nullable=False),
        sa.Column("attendees", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("agreed", sa.Text(), nullable=True),
        sa.Column("media_ids", sa.JSON(), nullable=False),
        sa.Column("on_site", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=26), nullable=False),
        sa.Column(
            "created_at", jinghutong.core.sqltypes.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"], ["disputes.id"], name=op.f("fk_mediation_sessions_dispute_id_disputes")
        ),
        sa.ForeignKeyConstraint(
            ["recorder_id"], ["persons.id"], name=op.f("fk_mediation_sessions_recorder_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_sessions")),
    )
    with op.batch_alter_table("mediation_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mediation_sessions_dispute_id"), ["dispute_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mediation_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mediation_sessions_dispute_id"))

    op.drop_table("mediation_sessions")
    with op.batch_alter_table("dispute_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_parties_phone_index"))
        batch_op.drop_index(batch_op.f("ix_dispute_parties_dispute_id"))

    op.drop_table("dispute_parties")
    with op.batch_alter_table("visit_households", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_households_household")

    op.drop_table("visit_households")
    with op.batch_alter_table("sentiment_items", schema=None) as batch_op:
        batch_op.drop_index("ix_sentiment_items_village_created")
        batch_op.drop_index(
            "ix_sentiment_items_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("sentiment_items")
    with op.batch_alter_table("phone_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_phone_notices_subject")
        batch_op.drop_index("ix_phone_notices_status")

    op.drop_table("phone_notices")
    with op.batch_alter_table("hazards", schema=None) as batch_op:
        batch_op.drop_index("ix_hazards_status_id")
        batch_op.drop_index("ix_hazards_due_at")
        batch_op.drop_index(
            "ix_hazards_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("hazards")
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_index("ix_disputes_due_at")
        batch_op.drop_index("ix_disputes_assignee_id")
        batch_op.drop_index(
            "ix_disputes_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("disputes")
    with op.batch_alter_table("cameras", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_cameras_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("cameras")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_visitor_visited")
        batch_op.drop_index(
            "ix_visits_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("visits")
    with op.batch_alter_table("roster_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_members_phone_index"))
        batch_op.drop_index(
            "ix_roster_members_area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        )

    op.drop_table("roster_members")
    with op.batch_alter_table("governance_links", schema=None) as batch_op:
        batch_op.drop_index("ix_governance_links_target")

    op.drop_table("governance_links")
    with op.batch_alter_table("governance_events", schema=None) as batch_op:
        batch_op.drop_index("ix_governance_events_actor_created")

    op.drop_table("governance_events")
    op.drop_table("record_counters")
