"""The dispute register's errors, each with the sentence the person holding the phone reads."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class DisputeNotFound(NotFound):
    detail = "找不到这条矛盾纠纷记录，可能已被删除或您没有权限"


class AreaNotFound(NotFound):
    detail = "没有找到这个区域，或您无权查看"


class PartyNotFound(NotFound):
    detail = "这条纠纷中没有这位当事人"


class NoPhoneOnRecord(NotFound):
    detail = "这位当事人没有登记电话"


class NotARecorder(Forbidden):
    detail = "只有联户长、村警、民警和所长可以登记矛盾纠纷"


class MayNotAssign(Forbidden):
    detail = "只有村警、民警和所长可以交办；联户长只能把自己调处不了的纠纷往上交"


class LeaderPassesUp(Forbidden):
    detail = "联户长只能把纠纷交给村里或上级（村警、民警、村调解员或有关单位）"


class MayNotMediate(Forbidden):
    detail = "只有承办人、本网格联户长或村警、民警可以记录调解"


class MayNotConclude(Forbidden):
    detail = "这条纠纷已交给他人承办，只有承办人或村警、民警可以登记调解结果"


class MayNotFollowUp(Forbidden):
    detail = "只有承办人、本网格联户长或村警、民警可以回访"


class MayNotReadPhone(Forbidden):
    detail = "只有承办人或村警、民警可以查看当事人的完整电话"


class WrongState(Conflict):
    """The action does not fit the dispute's state; the message names both."""

    detail = "这条纠纷当前的状态不能进行此操作，请刷新后再试"


class PlaceUnavailable(ValidationFailed):
    detail = "所选的区域或户不在您的辖区内"


class PartyHouseholdUnavailable(ValidationFailed):
    detail = "当事人所在的户须在纠纷所在的村"


class AssigneeUnavailable(ValidationFailed):
    detail = "承办人须是对纠纷所在地有职责的联户长、村警或民警"


class DeadlineOutOfRange(ValidationFailed):
    detail = "办理期限须晚于现在，且不超过一年"


class LevelTooLow(ValidationFailed):
    detail = "化解层级不能低于纠纷已经到过的层级"


class HeldInFuture(ValidationFailed):
    detail = "调解时间不能晚于现在"
