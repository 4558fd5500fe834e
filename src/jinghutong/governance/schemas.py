"""Payload pieces the governance registers share: the strict base of what the phone sends, the
media and phone fields of hazards and disputes, and the out models every register shows alike
(a person named, a village, a place on the map, a link to another record, a notice owed by
phone, a clear phone after an audited read).

The out models' class names are unique in the whole API (FastAPI names an OpenAPI schema by
its class name, and two alike would get module-path names), hence the `Governance` prefix."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 2000
MAX_NOTE = 500
MAX_MEDIA = 9
# A mobile (1[3-9] + 9 digits) or a landline with its area code (0571-64800110).
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}\d{7,8}")

MediaIds = list[str]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def media_field(description: str) -> Any:
    return Field(
        default_factory=list,
        max_length=MAX_MEDIA,
        description=f"{description}（POST /media 上传得到的编号，最多 9 个）",
    )


def clean_phone(value: str | None) -> str | None:
    """A phone a hazard or dispute names: digits only, a mobile or a landline with its code."""
    if value is None:
        return None
    digits = re.sub(r"[\s-]", "", value)
    if not _PHONE.fullmatch(digits):
        raise ValueError("电话号码格式不正确，请填写 11 位手机号或带区号的座机号")
    return digits


class GovernanceLocation(Strict):
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class GovernancePersonOut(BaseModel):
    id: str
    name: str
    phone: str | None = Field(None, description="脱敏后的手机号")


class GovernanceAreaRef(BaseModel):
    id: str
    name: str


class GovernanceLinkOut(BaseModel):
    type: str = Field(description="visit 走访 · case 上报 · …")
    type_name: str
    id: str
    direction: str = Field(description="from：由它而来 · to：由本条引出")
    label: str = Field(description="案件编号或走访时间")


class GovernancePhoneNoticeOut(BaseModel):
    id: str
    name: str
    phone: str | None = Field(description="脱敏")
    text: str
    status: str = Field(description="pending 待电话告知 · done 已告知")
    status_name: str
    created_at: datetime


class GovernancePhoneOut(BaseModel):
    name: str
    phone: str = Field(description="完整号码（此次查看已留痕）")


class TrailEventOut(BaseModel):
    """One event of a record's trail; each register names its actions in its own subclass."""

    seq: int
    action: str
    action_name: str
    actor: GovernancePersonOut | None
    detail: dict[str, Any]
    created_at: datetime
