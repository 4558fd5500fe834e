"""What the roster, cameras and phone notices refuse, in words for the person holding the phone."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class RosterAreaNotFound(NotFound):
    detail = "找不到这个村或网格，或您没有权限查看"


class NotAVillageArea(ValidationFailed):
    detail = "名册按村建立：请选择一个村、网格或微网格"


class MemberNotFound(NotFound):
    detail = "找不到这位名册人员，可能已被删除或您没有权限"


class CameraNotFound(NotFound):
    detail = "找不到这个摄像头，可能已被删除或您没有权限"


class NotARosterKeeper(Forbidden):
    detail = "只有管理员、所长和本村村警可以维护名册"


class UnknownPerson(ValidationFailed):
    detail = "所填的小程序账号不存在或已停用"


class NotThisVillagesHousehold(ValidationFailed):
    detail = "所选的户不在本村"


class NoticeNotFound(NotFound):
    detail = "找不到这条电话通知，可能已被删除或您没有权限"


class NoticeAlreadyDone(Conflict):
    detail = "这条通知已经电话告知过了"


class NoPhoneOnRecord(NotFound):
    detail = "没有登记电话号码"
