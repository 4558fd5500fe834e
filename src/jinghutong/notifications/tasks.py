"""The push job: one WeChat subscribe message for one in-app notification.

Takes the notification id, reloads it and re-checks (already pushed, no openid, no quota →
return quietly). The quota is spent in the same transaction as `pushed_at`, so a busy WeChat
(retried later) gives the message back; 43101 means WeChat holds no quota: clear ours.

Each message is also taken from the day's WeChat budget at the progress priority
(integrations/wechat/quota.py), after the person's quota and before the send; a message not
sent gives it back. When the budget is spent the job waits for the next day's start."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.config import Settings
from jinghutong.core.logging import get_logger
from jinghutong.integrations.wechat import quota
from jinghutong.integrations.wechat.errors import WechatBadRequest, WechatBusy, WechatRefused
from jinghutong.integrations.wechat.quota import Priority
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.jobs import JobContext, PermanentFailure, RetryLater, job_handler
from jinghutong.models import Notification, Person
from jinghutong.notifications.repository import QuotaRepository
from jinghutong.notifications.service import PUSH_JOB
from jinghutong.notifications.templates import push_spec, wechat_template_id

log = get_logger("jinghutong.notifications")


@job_handler(PUSH_JOB)
async def push_notification(
    session: AsyncSession, payload: dict[str, Any], ctx: JobContext
) -> None:
    notification = await session.get(Notification, payload["notification_id"])
    if notification is None or notification.pushed_at is not None:
        return
    spec = push_spec(notification.kind)
    person = await session.get(Person, notification.person_id)
    if spec is None or person is None or not person.openid:
        return
    quotas = QuotaRepository(session)
    if not await quotas.spend(person.id, spec.template_id):
        return
    settings: Settings | None = ctx.services.get("settings")
    budget = quota.budget_for(settings) if settings is not None else None
    now = clock.now()
    day = quota.quota_day(now)
    if budget is not None and not await budget.take(session, Priority.progress, 1, day):
        hour = settings.wechat.quota_resume_hour if settings is not None else 0
        resume = quota.resume_at(now, Priority.progress, hour)
        wait = (resume - now).total_seconds()
        raise RetryLater("今日微信订阅消息额度已用完，次日发送", wait, counts=False)
    wechat: WechatService = ctx["wechat"]
    page = (notification.link or "").lstrip("/") or None
    try:
        await wechat.send_subscribe_message(
            person.openid, wechat_template_id(spec.template_id), spec.build(notification), page
        )
    except WechatRefused:
        await _give_back(budget, session, day)
        await quotas.clear(person.id, spec.template_id)
        return
    except WechatBusy as exc:
        await _give_back(budget, session, day)
        raise RetryLater(str(exc), exc.retry_after) from exc
    except WechatBadRequest as exc:
        await _give_back(budget, session, day)
        raise PermanentFailure(str(exc)) from exc
    notification.pushed_at = clock.now()


async def _give_back(budget: quota.Budget | None, session: AsyncSession, day: str) -> None:
    """Best effort, like the fan-out's: a budget out of reach only under-spends the day."""
    if budget is None:
        return
    try:
        await budget.give_back(session, Priority.progress, 1, day)
    except Exception as exc:  # see bulletins/delivery/loop.py _give_back
        log.warning("budget give-back failed", error=str(exc))
