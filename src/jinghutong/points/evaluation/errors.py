"""Why an evaluation call was refused."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class SheetNotFound(NotFound):
    detail = "找不到这张考评表，可能已被删除或您没有权限"


class NotAnEvaluationReader(Forbidden):
    detail = "只有所长、管理员、防区民警和村警本人可以查看考评表"


class NotAComputer(Forbidden):
    detail = "只有所长或管理员可以计算考评表"


class NotAnExporter(Forbidden):
    detail = "只有所长或管理员可以导出考评表"


class OnlyTheChief(Forbidden):
    detail = "只有所长可以确认考评表和裁决申诉"


class OnlyTheirOwn(Forbidden):
    detail = "只有考评表上的村警本人可以申诉"


class MonthNotStarted(ValidationFailed):
    detail = "这个月还没有开始，不能计算考评"


class MonthNotOver(Conflict):
    detail = "这个月还没有结束，月底后才能确认考评表"


class SheetNotDraft(Conflict):
    detail = "这张考评表已经确认过了"


class NotConfirmedYet(Conflict):
    detail = "考评表尚未确认，确认后才能申诉"


class AlreadyAppealed(Conflict):
    detail = "这张考评表已经申诉过了，每张只能申诉一次"


class AppealWindowClosed(Conflict):
    detail = "申诉期已过，不能再申诉"


class NoAppealPending(Conflict):
    detail = "这张考评表没有待裁决的申诉"


class ScoreAfterNeeded(ValidationFailed):
    detail = "申诉成立时请填写调整后的总分，且应与原分数不同"


class ScoreAfterNotForRejected(ValidationFailed):
    detail = "驳回申诉时不调整分数，请不要填写调整后的总分"
