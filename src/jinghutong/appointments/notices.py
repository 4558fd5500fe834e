"""Telling people about appointments: in-app always, a subscribe message where quota allows
(the case-progress template: 事项, 时间, 状态, 说明, 编号)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.models import Appointment, AppointmentService
from jinghutong.notifications.service import notify
from jinghutong.notifications.templates import register_progress

DETAIL_PAGE = "pages/appointments/appointments"

PHRASES = {
    "appointment.booked": "已预约",
    "appointment.home_visit": "待安排",
    "appointment.confirmed": "已确认",
    "appointment.rescheduled": "已改约",
    "appointment.cancelled": "已取消",
    "appointment.completed": "已办结",
    "appointment.reminder": "明日办理",
}


register_progress(PHRASES)


def when(appointment: Appointment) -> str:
    if appointment.scheduled_at is None:
        return "时间待定"
    return appointment.scheduled_at.astimezone(clock.SHANGHAI).strftime("%m月%d日 %H:%M")


async def tell(
    session: AsyncSession,
    person_ids: Iterable[str | None],
    kind: str,
    appointment: Appointment,
    service: AppointmentService,
    body: str,
) -> None:
    recipients = [p for p in person_ids if p]
    title = f"预约办理：{service.name}"
    link = f"{DETAIL_PAGE}?id={appointment.id}"
    await notify(session, recipients, kind, title, body, link)
