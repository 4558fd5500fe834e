"""The 纵横斜 grid roster of a village: the people the grid counts on besides 联户长 and police —
vertical (村两委 cadres, 村民小组长, 网格员), horizontal (township workers under the village:
护林员, 清洁员, 管水员, 电力员 …) — and the diagonal: cameras (雪亮工程 and cameras households
volunteered). Most roster people have no WeChat account: what the system must tell them is
recorded as a `PhoneNotice`, to be phoned or texted (no SMS gateway yet)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, Encrypted, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class RosterAxis(StrEnum):
    vertical = "vertical"  # 纵: village committee cadres, group leaders, grid workers
    horizontal = "horizontal"  # 横: township staff working in the village


class RosterPosition(StrEnum):
    secretary = "secretary"  # 村党组织书记
    director = "director"  # 村委会主任
    deputy = "deputy"  # 副书记/副主任
    women_director = "women_director"  # 妇女主任
    committee_member = "committee_member"  # 村两委委员
    group_head = "group_head"  # 村民小组长
    grid_worker = "grid_worker"  # 网格员
    mediator = "mediator"  # 村调解员
    village_doctor = "village_doctor"  # 村医
    forest_ranger = "forest_ranger"  # 护林员
    cleaner = "cleaner"  # 清洁员
    water_manager = "water_manager"  # 管水员
    electrician = "electrician"  # 电力员
    other = "other"


POSITION_AXIS = {
    RosterPosition.secretary: RosterAxis.vertical,
    RosterPosition.director: RosterAxis.vertical,
    RosterPosition.deputy: RosterAxis.vertical,
    RosterPosition.women_director: RosterAxis.vertical,
    RosterPosition.committee_member: RosterAxis.vertical,
    RosterPosition.group_head: RosterAxis.vertical,
    RosterPosition.grid_worker: RosterAxis.vertical,
    RosterPosition.mediator: RosterAxis.vertical,
    RosterPosition.village_doctor: RosterAxis.horizontal,
    RosterPosition.forest_ranger: RosterAxis.horizontal,
    RosterPosition.cleaner: RosterAxis.horizontal,
    RosterPosition.water_manager: RosterAxis.horizontal,
    RosterPosition.electrician: RosterAxis.horizontal,
    RosterPosition.other: RosterAxis.horizontal,
}

POSITION_NAMES = {
    RosterPosition.secretary: "书记",
    RosterPosition.director: "主任",
    RosterPosition.deputy: "副书记/副主任",
    RosterPosition.women_director: "妇女主任",
    RosterPosition.committee_member: "村两委委员",
    RosterPosition.group_head: "村民小组长",
    RosterPosition.grid_worker: "网格员",
    RosterPosition.mediator: "调解员",
    RosterPosition.village_doctor: "村医",
    RosterPosition.forest_ranger: "护林员",
    RosterPosition.cleaner: "清洁员",
    RosterPosition.water_manager: "管水员",
    RosterPosition.electrician: "电力员",
    RosterPosition.other: "其他",
}


class RosterMember(IdMixin, CreatedMixin, Base):
    __tablename__ = "roster_members"

    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))  # the village (or below)
    area_path: Mapped[str] = mapped_column(String(400))
    axis: Mapped[str] = mapped_column(String(10))
    position: Mapped[str] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(String(30))  # shown instead of the position's name
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(Encrypted)
    phone_index: Mapped[str | None] = mapped_column(String(40), index=True)
    duty_area: Mapped[str] = mapped_column(String(200), default="")
    person_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))  # if on WeChat
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index(
            "ix_roster_members_area_path",
            "area_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
    )


class CameraKind(StrEnum):
    xueliang = "xueliang"  # 雪亮工程 (public)
    household = "household"  # a household's own, volunteered
    other = "other"


CAMERA_KIND_NAMES = {
    CameraKind.xueliang: "雪亮工程",
    CameraKind.household: "群众自建",
    CameraKind.other: "其他",
}


class Camera(IdMixin, CreatedMixin, Base):
    __tablename__ = "cameras"

    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(100))
    lat: Mapped[float | None] = mapped_column(Float)
    lng: Mapped[float | None] = mapped_column(Float)
    owner: Mapped[str] = mapped_column(String(50), default="")  # 村委会, a household head …
    owner_household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    coverage: Mapped[str] = mapped_column(String(200), default="")  # what it sees
    contact_name: Mapped[str | None] = mapped_column(String(50))
    contact_phone: Mapped[str | None] = mapped_column(Encrypted)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index(
            "ix_cameras_area_path", "area_path", postgresql_ops={"area_path": "varchar_pattern_ops"}
        ),
    )


class PhoneNoticeStatus(StrEnum):
    pending = "pending"  # to be phoned or texted
    done = "done"  # someone phoned (or a gateway sent it)


class PhoneNotice(IdMixin, CreatedMixin, Base):
    """Something a person without WeChat must be told, by phone number."""

    __tablename__ = "phone_notices"

    member_id: Mapped[str | None] = mapped_column(ID, ForeignKey("roster_members.id"))
    name: Mapped[str] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(Encrypted)
    subject_type: Mapped[str] = mapped_column(String(12))  # hazard, dispute
    subject_id: Mapped[str] = mapped_column(ID)
    text: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(8), default=PhoneNoticeStatus.pending)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_phone_notices_subject", "subject_type", "subject_id"),
        Index("ix_phone_notices_status", "status", "created_at"),
    )
