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


def explanation(subject: str = "content") -> str:
    """The sentence for `subject`: "text", "media" or anything else (generic)."""
    return {"text": TEXT_UNDER_REVIEW, "media": MEDIA_UNDER_REVIEW}.get(subject, UNDER_REVIEW)
