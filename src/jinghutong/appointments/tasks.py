"""Work done later for appointments: the reminder on the eve of the day."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.appointments import notices
from jinghutong.appointments.reminders import REMIND_JOB
from jinghutong.jobs import JobContext, job_handler
from jinghutong.models import Appointment, AppointmentService, AppointmentStatus

SCHEDULED = (AppointmentStatus.confirmed, AppointmentStatus.rescheduled)


@job_handler(REMIND_JOB)
async def remind(session: AsyncSession, payload: dict[str, Any], _ctx: JobContext) -> None:
    """Remind the villager (and who booked for them); nothing if it was cancelled or moved."""
    appointment = await session.get(Appointment, payload["appointment_id"])
    if appointment is None or appointment.status not in SCHEDULED:
        return
    if appointment.scheduled_at is None:
        return
    if appointment.scheduled_at != datetime.fromisoformat(payload["scheduled_at"]):
        return  # moved since: the new time has its own reminder
    service = await session.get(AppointmentService, appointment.service_id)
    if service is None:
        return
    if appointment.home_visit:
        text = f"民警将于{notices.when(appointment)}上门，请家中留人"
    else:
        bring = "、".join(service.what_to_bring or [])
        text = f"{notices.when(appointment)}到派出所办理，请带好：{bring}"
    recipients = list(dict.fromkeys([appointment.person_id, appointment.booked_by_id]))
    await notices.tell(session, recipients, "appointment.reminder", appointment, service, text)
