"""What a visit call may answer besides success. Ids in a body that the caller may not use
are refused exactly like unknown ones (422 naming the field); an id in the path that the
caller may not see is 404: nobody learns that someone else's visit or household exists."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class VisitNotFound(NotFound):
    detail = "找不到这次走访记录，可能已被删除或您没有权限"


class AreaNotFound(NotFound):
    detail = "找不到这个区域，或它不在您的辖区内"


class HouseholdNotFound(NotFound):
    detail = "找不到这一户，或它不在您的辖区内"


class NotARecorder(Forbidden):
    detail = "只有联户长、村警、辅警和民警可以登记和查看走访记录"


class PlaceUnavailable(ValidationFailed):
    detail = "走访的户或地点不存在，或不在您的辖区内"


class VisitTimeRefused(ValidationFailed):
    detail = "走访时间不对：不能晚于现在，也不能早于一年前"


class FindingUnavailable(ValidationFailed):
    detail = "要关联的记录不存在，或您无权查看"


class NeedHousehold(ValidationFailed):
    detail = "请选择为哪一户上报"


class AlreadyLinked(Conflict):
    detail = "这条记录已经关联到本次走访"
