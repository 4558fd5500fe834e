"""Why a duty-roster call was refused."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class VillageNotFound(NotFound):
    detail = "找不到这个村，或您没有权限查看它的值班表"


class ShiftNotFound(NotFound):
    detail = "找不到这个班次，可能已被删除或您没有权限"


class NotADutyViewer(Forbidden):
    detail = "只有所长、管理员、民警、辅警和村警可以查看值班表"


class NotAPlanner(Forbidden):
    detail = "只有所长、管理员和本村村警可以排班"


class NotAVillage(ValidationFailed):
    detail = "值班表按行政村排，请选择一个村"


class NotVillagePolice(ValidationFailed):
    detail = "值班人员须是本村的村警"


class DayPassed(ValidationFailed):
    detail = "不能给已经过去的日子排班"


class DayTooFar(ValidationFailed):
    detail = "最多只能提前一年排班"


class ShiftExists(Conflict):
    detail = "这位村警这一天已经排了班"


class ShiftStarted(Conflict):
    detail = "值班当天及以后不能删除班次"


class NotYourShift(Forbidden):
    detail = "只能由当班的村警本人签到"


class NotTheDay(Conflict):
    detail = "只能在值班当天签到（北京时间）"


class AlreadyCheckedIn(Conflict):
    detail = "这个班次已经签到过了"
