"""Why an action was refused, in words for the person holding the phone."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, ValidationFailed


class NotAcceptedYet(Conflict):
    detail = "请先接单再处理"


class AlreadyAccepted(Conflict):
    detail = "该案件已经有人接单了，请刷新后查看"


class AlreadyOnSite(Conflict):
    detail = "已经登记到场了"


class AlreadyResolved(Conflict):
    detail = "案件已办结，不能再进行这个操作"


class CaseClosed(Conflict):
    detail = "案件已关闭，不能再操作"


class NotResolvedYet(Conflict):
    detail = "案件办结后才能进行这个操作"


class AlreadyRated(Conflict):
    detail = "您已经评价过了，谢谢"


class ReopenExpired(Conflict):
    detail = "办结已超过7天，不能再申请重新办理，请重新上报"


class TopOfLadder(Conflict):
    detail = "已经是最高一级，无法再上报"


class NotAConsultation(Conflict):
    detail = "只有咨询类案件可以答复"


class NotYourCase(Forbidden):
    detail = "您不是这个案件的处理人，不能进行这个操作"


class OnlyTheReporter(Forbidden):
    detail = "只有上报人本人可以进行这个操作"


class OnlyOfficers(Forbidden):
    detail = "只有民警或村警可以回访"


class OutcomeOnlyForClues(ValidationFailed):
    detail = "只有线索类案件可以填写核查结果"


class OnlyOfficersJudgeClues(Forbidden):
    detail = "只有民警可以认定线索是否有效"


class EmptyFeedback(ValidationFailed):
    detail = "请填写内容或附上照片、语音"
