"""The reminder the day before: a job due at 18:00 (Asia/Shanghai) on the eve of the
appointment, one per appointment (dedupe key), withdrawn when it is cancelled or moved."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments.repository import AppointmentRepository
from jinghutong.core import clock
from jinghutong.jobs import enqueue
from jinghutong.models import Appointment

REMIND_JOB = "appointments.remind"
EVENING = time(18, 0)
# Booked so late that a reminder would come too close to the time itself: none.
TOO_LATE = timedelta(hours=2)


def reminder_due(scheduled_at: datetime, now: datetime) -> datetime | None:
    """18:00 local on the day before; right away if that has passed but there is time left."""
    local_day = scheduled_at.astimezone(clock.SHANGHAI).date()
    eve = datetime.combine(local_day - timedelta(days=1), EVENING, tzinfo=clock.SHANGHAI)
    if eve > now:
        return eve
    return now if scheduled_at - now > TOO_LATE else None


def dedupe_key(appointment_id: str) -> str:
    return f"appointment-reminder:{appointment_id}"


async def schedule(session: AsyncSession, appointment: Appointment) -> None:
    """(Re)plan the reminder for the appointment's current time."""
    await withdraw(session, appointment)
    if appointment.scheduled_at is None:
        return
    due = reminder_due(appointment.scheduled_at, clock.now())
    if due is None:
        return
    job = await enqueue(
        session,
        REMIND_JOB,
        {"appointment_id": appointment.id, "scheduled_at": appointment.scheduled_at.isoformat()},
        due_at=due,
        dedupe_key=dedupe_key(appointment.id),
    )
    appointment.reminder_job_id = job.id if job is not None else None


async def withdraw(session: AsyncSession, appointment: Appointment) -> None:
    await AppointmentRepository(session).cancel_job(appointment.reminder_job_id)
    appointment.reminder_job_id = None
