"""What a 社情民意 call may answer besides success, each with the sentence the phone shows."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class SentimentNotFound(NotFound):
    detail = "找不到这条社情民意，可能已被删除或您没有权限"


class AreaNotFound(NotFound):
    detail = "找不到这个区域，或它不在您的辖区内"


class NotARecorder(Forbidden):
    detail = "只有联户长、村警、辅警和民警可以登记和查看社情民意"


class NotAHandler(Forbidden):
    detail = "只有村警、民警和所长可以处理社情民意"


class AlreadyHandled(Conflict):
    detail = "这条社情民意已经处理过了"


class PlaceUnavailable(ValidationFailed):
    detail = "所选的户或地点不存在，或不在您的辖区内"
