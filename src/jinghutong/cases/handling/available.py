"""Which handling actions a person may take on a case now: the checks of handling/service.py
read as a list, so a page (the console's case page) offers exactly the buttons the service
would accept instead of guessing the rules. The service stays the judge: an action offered
here that a concurrent change made impossible is still refused there with its 409."""

from __future__ import annotations

from datetime import timedelta

from jinghutong.cases.auth import CaseAccess
from jinghutong.cases.handling.service import FINISHED, WAITING, WORKING
from jinghutong.core import clock
from jinghutong.core.config import CaseSettings
from jinghutong.models import Case, CaseKind, CaseStatus

# In the order a handler meets them.
ORDER = (
    "accept",
    "arrive",
    "feedback",
    "answer",
    "resolve",
    "escalate",
    "close",
    "revisit",
    "comment",
    "rate",
    "reopen",
)


def _handling(case: Case, access: CaseAccess) -> set[str]:
    if not access.may_handle or case.status == CaseStatus.closed:
        return set()
    found = set()
    if case.status in WAITING:
        found.add("accept")
    if case.status == CaseStatus.accepted:
        found.add("arrive")
    if case.status in WORKING:
        found |= {"feedback", "resolve"}
    if case.kind == CaseKind.consult and case.status not in FINISHED:
        found.add("answer")
    if case.status not in FINISHED:
        found.add("escalate")
    return found


def _reporter(case: Case, access: CaseAccess, settings: CaseSettings) -> set[str]:
    if not access.is_reporter or case.status not in FINISHED:
        return set()
    found = set() if case.rating is not None else {"rate"}
    if case.resolved_at is not None and clock.now() - case.resolved_at <= timedelta(
        days=settings.reopen_days
    ):
        found.add("reopen")
    return found


def available_actions(case: Case, access: CaseAccess, settings: CaseSettings) -> list[str]:
    found = _handling(case, access) | _reporter(case, access, settings)
    if case.status != CaseStatus.closed:
        found.add("comment")
        if case.status == CaseStatus.resolved and (access.may_handle or access.is_reporter):
            found.add("close")
    if access.may_revisit and case.status in FINISHED:
        found.add("revisit")
    return [action for action in ORDER if action in found]
