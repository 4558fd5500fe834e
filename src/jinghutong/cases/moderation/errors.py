"""Why a review decision was refused, in words for the officer holding the phone."""

from __future__ import annotations

from jinghutong.core.errors import Conflict, Forbidden, ValidationFailed


class ReviewersOnly(Forbidden):
    detail = "只有民警和本村村警可以审核内容"


class NotUnderReview(Conflict):
    detail = "这项内容不在待审核状态（可能已经审核过了），请刷新后查看"


class UnknownAttachment(ValidationFailed):
    detail = "没有找到这个附件，或它不属于这个案件"


TEXT_NOT_UNDER_REVIEW = "案件的文字不在待审核状态（可能已经审核过了）；审核附件请指明是哪一项"
