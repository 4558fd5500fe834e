"""Role grants: (person, role, area). Every permission check is "has role R on an area that
contains the object"."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.sqltypes import ID
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class Role(StrEnum):
    group_leader = "group_leader"  # 联户长, on a micro-grid
    village_police = "village_police"  # 村警, on a village
    area_officer = "area_officer"  # 防区民警, on each of their villages
    auxiliary_officer = "auxiliary_officer"  # 辅警, on each of their villages
    duty_room = "duty_room"  # 值班室, on the station
    chief = "chief"  # 所长, on the station
    admin = "admin"  # 管理员, on the station (or higher)


ROLE_NAMES = {
    Role.group_leader: "联户长",
    Role.village_police: "村警",
    Role.area_officer: "防区民警",
    Role.auxiliary_officer: "辅警",
    Role.duty_room: "值班室",
    Role.chief: "所长",
    Role.admin: "管理员",
}

STAFF_ROLES = frozenset(Role) - {Role.group_leader}


class RoleGrant(IdMixin, CreatedMixin, Base):
    __tablename__ = "role_grants"

    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))

    __table_args__ = (
        UniqueConstraint("person_id", "role", "area_id"),
        Index("ix_role_grants_area_role", "area_id", "role"),
    )
