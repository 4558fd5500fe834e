"""The words of the case pages: the staff actions with their form fields, what each left in
the trail, the list's scopes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinghutong.models import ROLE_NAMES, Role


@dataclass(frozen=True)
class ActionForm:
    label: str  # the button
    hint: str  # what it does, under the button
    text: str = ""  # label of the free-text field ("" = none)
    text_required: bool = False
    reason: bool = False  # a required 原因 field instead of text
    outcome: bool = False  # the clue outcome select (officers)
    satisfied: bool = False
    confirm: str = ""  # asked before sending
    fields: dict[str, str] = field(default_factory=dict)  # field → Chinese name for errors
    style: str = ""


ACTIONS: dict[str, ActionForm] = {
    "accept": ActionForm("接单", "由我来处理，停止接单计时", text="说明（可空）"),
    "arrive": ActionForm("已到场", "记录到达现场", text="说明（可空）"),
    "feedback": ActionForm(
        "现场反馈", "记录处置进展", text="反馈内容", text_required=True, fields={"text": "反馈内容"}
    ),
    "answer": ActionForm(
        "答复咨询", "答复后即办结", text="答复内容", text_required=True, fields={"text": "答复内容"}
    ),
    "resolve": ActionForm(
        "办结",
        "处置完毕",
        text="办结说明（可空）",
        outcome=True,
        confirm="确定办结这个案件？",
        fields={"outcome": "线索核查结果"},
    ),
    "escalate": ActionForm(
        "上报",
        "交给上一级处理",
        reason=True,
        confirm="确定上报？",
        fields={"reason": "上报原因"},
        style="btn-danger",
    ),
    "close": ActionForm("关闭", "已办结的案件归档", text="说明（可空）", confirm="确定关闭？"),
    "revisit": ActionForm(
        "回访",
        "记录回访情况",
        text="回访情况",
        text_required=True,
        satisfied=True,
        fields={"text": "回访情况"},
    ),
    "comment": ActionForm(
        "留言", "留言给处理人和上报人", text="留言", text_required=True, fields={"text": "留言"}
    ),
}

DONE = {
    "accept": "已接单。",
    "arrive": "已记录到场。",
    "feedback": "反馈已记录。",
    "answer": "已答复。",
    "resolve": "已办结。",
    "escalate": "已上报。",
    "close": "已关闭。",
    "revisit": "回访已记录。",
    "comment": "留言已发送。",
}

SCOPES = {
    "area": "我辖区的",
    "assigned": "交给我的",
    "mine": "我派出/上报的",
    "review": "待人工审核",
}

OUTCOMES = {"valid": "有效", "caught": "抓获现行", "invalid": "无效"}


def payload_note(payload: dict[str, Any]) -> str:
    """The words a trail event carries, as one line for the timeline."""
    parts = []
    if payload.get("role") in ROLE_NAMES:
        parts.append(f"交给{ROLE_NAMES[Role(payload['role'])]}")
    for key in ("text", "reason", "note"):
        value = payload.get(key)
        if isinstance(value, str) and value:
            parts.append(value)
    if payload.get("outcome") in OUTCOMES:
        parts.append(f"核查结果：{OUTCOMES[payload['outcome']]}")
    if isinstance(payload.get("rating"), int):
        parts.append(f"评价 {payload['rating']} 星")
    if payload.get("satisfied") is True:
        parts.append("群众满意")
    elif payload.get("satisfied") is False:
        parts.append("群众不满意")
    return "；".join(parts)
