"""What a villager reads when something they sent is being looked at by a person. Kind and
plain: nothing is rejected, nothing sounds like an accusation, and 110 is always the way for
an emergency."""

from __future__ import annotations

UNDER_REVIEW_TITLE = "内容核实中"

# Generic: a case, comment or petition whose text or attachments are under review.
UNDER_REVIEW = "您提交的内容需要人工核实，工作人员会尽快处理，紧急情况请直接拨打110。"
TEXT_UNDER_REVIEW = "您填写的文字需要人工核实，工作人员会尽快处理，紧急情况请直接拨打110。"
MEDIA_UNDER_REVIEW = (
    "您上传的照片或语音需要人工核实，核实期间暂时只有您和工作人员能看到，"
    "工作人员会尽快处理，紧急情况请直接拨打110。"
)
# When the check itself could not run (WeChat unreachable): same treatment, same calm.
CHECK_UNAVAILABLE = "您提交的内容已收到，稍后由工作人员核实，紧急情况请直接拨打110。"


# After a person has looked (POST /cases/{id}/review). Kept: the item is shown to police only,
# and the matter itself is handled all the same.
REVIEWED_TITLE = "内容核实完毕"
REVIEW_PASSED = "您提交的内容已通过人工审核，感谢您的耐心等待。"
MEDIA_KEPT_FOR_POLICE = (
    "您上传的照片或语音经工作人员核实，今后只给民警查看，不会给其他人看到。"
    "您反映的事情仍在正常办理，请放心，紧急情况请直接拨打110。"
)
TEXT_KEPT_FOR_POLICE = (
    "您填写的内容已由民警核实，您反映的事情仍在正常办理，请放心，紧急情况请直接拨打110。"
)
# In place of a case's text kept for police (upheld), for everyone else who sees the case.
WITHHELD = "（此内容经审核不予公开）"


def reviewed(subject: str, passed: bool) -> str:
    """The sentence after a person's decision on `subject` ("text" or "media")."""
    if passed:
        return REVIEW_PASSED
    return MEDIA_KEPT_FOR_POLICE if subject == "media" else TEXT_KEPT_FOR_POLICE


def explanation(subject: str = "content") -> str:
    """The sentence for `subject`: "text", "media" or anything else (generic)."""
    return {"text": TEXT_UNDER_REVIEW, "media": MEDIA_UNDER_REVIEW}.get(subject, UNDER_REVIEW)
