"""The bulletin domain's errors, each with the Chinese message the officer or villager reads."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class BulletinNotFound(NotFound):
    detail = "没有找到这条警讯资讯，可能已被删除或您没有权限"


class NotAnAuthor(Forbidden):
    detail = "只有村警、防区民警、所长或管理员可以编写警讯资讯"


class AudienceInvalid(ValidationFailed):
    detail = "推送范围中有不存在的区域、户或人员，请检查后重试"


class AudienceOutOfScope(Forbidden):
    detail = "推送范围超出了您所在派出所的辖区"


class EmptyAudience(ValidationFailed):
    detail = "推送范围内没有可以接收的人员，请调整范围"


class NotEditable(Conflict):
    detail = "只有草稿可以修改"


class AlreadyPublished(Conflict):
    detail = "这条警讯资讯已经发布过了"


class NotPendingApproval(Conflict):
    detail = "这条警讯资讯不在待审批状态"


class NotApprover(Forbidden):
    detail = "超出您辖区的推送（如全所推送）需要所长审批"


class PublishInPast(ValidationFailed):
    detail = "定时发布的时间不能早于现在"


class CannotCancel(Conflict):
    detail = "这条警讯资讯已经发送完毕或已撤回，无法撤回"


class NotImportant(Conflict):
    detail = "只有重要通知才统计未读户"


class NotRecipient(NotFound):
    detail = "没有找到这条推送"
