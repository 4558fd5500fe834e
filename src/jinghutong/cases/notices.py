"""Telling people about cases: in-app always, a subscribe message (tmpl_case_progress) where
the person has quota. Registered here so the notifications domain stays ignorant of cases."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import parse_qs, urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.repository import CaseRepository
from jinghutong.cases.withheld import MAYBE_WITHHELD, PLACEHOLDER, text_withheld
from jinghutong.models import CASE_KIND_NAMES, Case, Notification
from jinghutong.notifications.service import notify
from jinghutong.notifications.templates import register_push, thing, wechat_time

# Fields: thing1 事项, time2 时间, phrase3 状态, thing4 说明, character_string5 编号.
CASE_TEMPLATE = "tmpl_case_progress"
CASE_PAGE = "pages/cases/detail"

# notification kind → the 状态 phrase (≤ 5 Chinese characters) of the subscribe message
PHRASES = {
    "case.assigned": "待接单",
    "case.alarm": "紧急报警",
    "case.dispatch": "派警",
    "case.escalated": "已上报",
    "case.progress": "处理中",
    "case.resolved": "已办结",
    "case.answered": "已答复",
    "case.review": "待审核",
    "case.reviewed": "已审核",
    "case.comment": "新留言",
    "case.reopened": "重新办理",
}


def _builder(phrase: str) -> Callable[[Notification], dict[str, str]]:
    def build(notification: Notification) -> dict[str, str]:
        query = parse_qs(urlsplit(notification.link or "").query)
        number = (query.get("no") or ["-"])[0]
        return {
            "thing1": thing(notification.title),
            "time2": wechat_time(notification),
            "phrase3": phrase,
            "thing4": thing(notification.body),
            "character_string5": number[:32],
        }

    return build


for _kind, _phrase in PHRASES.items():
    register_push(_kind, CASE_TEMPLATE, _builder(_phrase))


def link(case: Case) -> str:
    return f"{CASE_PAGE}?id={case.id}&no={case.number}"


def kind_name(case: Case) -> str:
    return CASE_KIND_NAMES.get(case.kind, case.kind)


async def tell(
    session: AsyncSession,
    case: Case,
    person_ids: Iterable[str | None],
    kind: str,
    title: str,
    body: str = "",
    *,
    skip: str | None = None,
) -> None:
    """Notify `person_ids` (minus `skip`, usually the one who acted) about `case`. With no
    `body`, the notice quotes the case's text — to its reporter only, once the text is withheld
    (cases/withheld.py); the others read the placeholder."""
    people = [p for p in person_ids if p and p != skip]
    if not people:
        return
    if body or not await _text_withheld(session, case):
        await notify(session, people, kind, title, body or fallback_body(case), link(case))
        return
    others = [p for p in people if p != case.reporter_id]
    if len(others) < len(people):
        await notify(session, [case.reporter_id], kind, title, fallback_body(case), link(case))
    await notify(session, others, kind, title, PLACEHOLDER, link(case))


def fallback_body(case: Case) -> str:
    """What a notice with no words of its own says: the start of the case's text."""
    return case.text[:60]


async def _text_withheld(session: AsyncSession, case: Case) -> bool:
    if case.review_status not in MAYBE_WITHHELD or not case.text:
        return False  # most cases: decided without reading the trail
    return text_withheld(await CaseRepository(session).events(case.id))
