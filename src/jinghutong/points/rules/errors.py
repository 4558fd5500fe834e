"""Why a rule-book call was refused."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class BookChangedMeanwhile(Conflict):
    detail = "积分规则刚被其他人修改，请刷新后再改"


class NotRuleKeeper(Forbidden):
    detail = "只有所长或管理员可以修改积分规则"


class StationNotFound(NotFound):
    detail = "找不到这个派出所，或您不属于这个派出所"


class NoStation(NotFound):
    detail = "您还没有加入所在村的户，暂时看不到积分规则"


class DuplicateRule(ValidationFailed):
    detail = "同一事项只能有一条规则"
