"""The hazard register's errors, each with the sentence the person holding the phone reads."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class HazardNotFound(NotFound):
    detail = "找不到这条隐患记录，可能已被删除或您没有权限"


class NotARecorder(Forbidden):
    detail = "只有联户长、村警、民警和所长可以登记安全隐患"


class NotAHandler(Forbidden):
    detail = "只有村警、民警和所长可以告知整改、调整等级、验收或销号"


class MayNotReportRectified(Forbidden):
    detail = "只有整改责任人、本网格联户长或村警、民警可以上报整改情况"


class OwnRectification(Forbidden):
    detail = "不能验收自己上报的整改，请由其他村警或民警验收"


class WrongState(Conflict):
    """The action does not fit the hazard's state; the message names both."""

    detail = "这条隐患当前的状态不能进行此操作，请刷新后再试"


class PlaceUnavailable(ValidationFailed):
    detail = "所选的户或地点不在您的辖区内"


class ResponsibleUnavailable(ValidationFailed):
    detail = "整改责任人须是本村有职责的人员，或这一户的成员"


class DeadlineOutOfRange(ValidationFailed):
    detail = "整改期限须晚于现在，且不超过一年"


class NoPhoneOnRecord(NotFound):
    detail = "这条隐患没有登记整改责任人的电话"


class SameGrade(ValidationFailed):
    detail = "等级没有变化"
