"""Why a ledger call was refused, in words for the person holding the phone."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class PersonNotFound(NotFound):
    detail = "找不到这个人，或不在您负责的范围内"


class AdjustmentNotFound(NotFound):
    detail = "找不到这条人工奖扣记录，可能已被删除或您没有权限"


class NotProposer(Forbidden):
    detail = "只有村警、民警或所长可以提出人工奖扣"


class SecondPersonOnly(Forbidden):
    detail = "人工奖扣须由另一人审核，提出人不能自己审核"


class AlreadyDecided(Conflict):
    detail = "这条记录已经审核过了"


class ZeroPoints(ValidationFailed):
    detail = "积分不能为0"


class StaffEarnNoPoints(ValidationFailed):
    detail = "工作人员不参与积分，按考评办法考核"


class SourceNotFound(ValidationFailed):
    detail = "关联的案件不存在或不在您负责的范围内"
