"""Why a claim call was refused."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class ClaimNotFound(NotFound):
    detail = "找不到这条积分申报，可能已被删除或您没有权限"


class StaffDoNotClaim(Forbidden):
    detail = "工作人员不参与积分，按考评办法考核"


class NoHome(ValidationFailed):
    detail = "请先加入您家的户，再申报积分"


class NotAReviewer(Forbidden):
    detail = "只有本村村警或负责的民警可以审核积分申报"


class OwnClaim(Forbidden):
    detail = "不能审核自己的申报"


class ClaimDecided(Conflict):
    detail = "这条申报已经审核过了"


class ClaimsNotAwarded(Conflict):
    detail = "本所当前的积分规则不含积分申报，暂时不能通过"


class BadDay(ValidationFailed):
    detail = "日期不能晚于今天，也不能早于一年前"


class NothingClaimed(ValidationFailed):
    detail = "请说明做了什么好事：文字、语音或照片至少提供一样"
