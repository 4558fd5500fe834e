"""预约办理: a catalogue of services, slots with a capacity set by staff, and bookings (at the
counter in a slot, or a home visit for those who cannot come).

`AppointmentSlot.booked` is a counter moved only by conditional UPDATEs (`booked < capacity AND
NOT closed`) in the same unit of work as the booking, so even many people booking the last
place at once never overfill it; the CHECK constraint is the second line of defence."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.sqltypes import ID, UTCDateTime
from jinghutong.models.base import Base, CreatedMixin, IdMixin


class AppointmentStatus(StrEnum):
    requested = "requested"  # a home visit waiting for the officer to schedule it
    confirmed = "confirmed"  # a slot booked, or a home visit scheduled
    rescheduled = "rescheduled"  # confirmed, at a new time
    cancelled = "cancelled"
    completed = "completed"


ACTIVE_APPOINTMENT_STATUSES = (
    AppointmentStatus.requested,
    AppointmentStatus.confirmed,
    AppointmentStatus.rescheduled,
)


class AppointmentService(IdMixin, CreatedMixin, Base):
    """One bookable service: 身份证办理/换领, 户口迁移, 居住证, 上门服务 …"""

    __tablename__ = "appointment_services"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(300), default="")
    what_to_bring: Mapped[list[str]] = mapped_column(JSON, default=list)
    # True: the officer comes to the villager (an address and a reason instead of a slot).
    home_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class AppointmentSlot(IdMixin, CreatedMixin, Base):
    """A time window at a station for one service, with a capacity."""

    __tablename__ = "appointment_slots"

    service_id: Mapped[str] = mapped_column(ID, ForeignKey("appointment_services.id"))
    area_id: Mapped[str] = mapped_column(ID, ForeignKey("areas.id"))
    area_path: Mapped[str] = mapped_column(String(400))
    # The local (Asia/Shanghai) date; starts_at/ends_at are the exact UTC instants.
    day: Mapped[date] = mapped_column(Date)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column(Integer)
    booked: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))

    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        Index("ix_appointment_slots_service_day", "service_id", "day"),
    )


class Appointment(IdMixin, CreatedMixin, Base):
    __tablename__ = "appointments"

    service_id: Mapped[str] = mapped_column(ID, ForeignKey("appointment_services.id"))
    slot_id: Mapped[str | None] = mapped_column(ID, ForeignKey("appointment_slots.id"))
    # The villager the appointment is for, and who booked it (a 村警 booking for them: 代办).
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    booked_by_id: Mapped[str] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    household_id: Mapped[str | None] = mapped_column(ID, ForeignKey("households.id"))
    # The household's area (or the slot's station): staff scopes are prefix tests on it.
    area_path: Mapped[str] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(12))
    home_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(String(500))
    # The slot's start, or the time the officer set for the home visit.
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"), index=True)
    reminder_job_id: Mapped[str | None] = mapped_column(ID)
    note: Mapped[str | None] = mapped_column(String(500))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[str | None] = mapped_column(ID, ForeignKey("persons.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)

    __table_args__ = (
        Index(
            "ix_appointments_area_path",
            "area_path",
            postgresql_ops={"area_path": "varchar_pattern_ops"},
        ),
        Index("ix_appointments_slot_id", "slot_id"),
    )
