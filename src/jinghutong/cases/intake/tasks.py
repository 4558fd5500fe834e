"""The text check of a new case (msgSecCheck v2 through the content domain).

Takes the case id, reloads it and re-checks (text already judged → return: a retry after a
crash). A risky or doubtful verdict flags the case for staff review — it is still handled —
and the reporter gets a kind, plain explanation. WeChat unreachable or refusing → "review": a
person looks. The case may already be under review for an attachment: the text is judged all
the same, and a passing text does not clear the attachment's flag."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases import notices
from jinghutong.cases.intake.gates import text_checker
from jinghutong.cases.intake.service import CHECK_TEXT_JOB
from jinghutong.cases.repository import CaseRepository
from jinghutong.cases.trail.service import append
from jinghutong.cases.withheld import text_events
from jinghutong.content.api import messages
from jinghutong.jobs import JobContext, job_handler
from jinghutong.models import Case, Person, ReviewStatus


@job_handler(CHECK_TEXT_JOB)
async def check_case_text(session: AsyncSession, payload: dict[str, Any], ctx: JobContext) -> None:
    repository = CaseRepository(session)
    case = await repository.get(payload["case_id"], for_update=True)
    judged = ("content_passed", "content_flagged")  # a retry after a crash: done before
    if case is None or text_events(await repository.events(case.id), *judged):
        return
    reporter = await session.get(Person, case.reporter_id)
    if reporter is None or not reporter.openid or not case.text:
        if case.review_status == ReviewStatus.pending:
            case.review_status = ReviewStatus.not_required
        return
    suggest, label = await text_checker()(ctx["wechat"], reporter.openid, case.text)
    await _judged(session, case, suggest, label)


async def _judged(session: AsyncSession, case: Case, suggest: str, label: int | None) -> None:
    case.review_label = label
    if suggest == "pass":
        if case.review_status == ReviewStatus.pending:  # else an attachment's review stands
            case.review_status = ReviewStatus.passed
        await append(session, case, "content_passed", {"label": label}, actor_id=None)
        return
    case.review_status = ReviewStatus.flagged
    await append(
        session, case, "content_flagged", {"suggest": suggest, "label": label}, actor_id=None
    )
    await notices.tell(
        session,
        case,
        [case.reporter_id],
        "case.review",
        messages.UNDER_REVIEW_TITLE,
        messages.explanation("text"),
    )
