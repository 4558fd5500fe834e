"""Case payloads shared by intake, handling and dispatch."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from jinghutong.media.api import MediaView

Kind = Literal["alarm", "clue", "hazard", "dispute", "help", "consult", "sentiment"]
Status = Literal["new", "assigned", "accepted", "on_site", "resolved", "closed"]
Scope = Literal["mine", "assigned", "area", "review"]
Review = Literal["pending", "passed", "flagged", "upheld", "not_required"]
MAX_TEXT = 2000
MAX_MEDIA = 9


class LocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)
    address: str | None = Field(None, max_length=200)


class LocationOut(BaseModel):
    lat: float
    lng: float
    address: str | None = None


class PersonRef(BaseModel):
    id: str
    name: str


class ReporterOut(BaseModel):
    id: str
    name: str
    phone: str | None = Field(None, description="民警可见完整号码（留痕），其他人为掩码")
    household_id: str | None = None


class CaseOut(BaseModel):
    id: str
    number: str = Field(description="案件编号，如 JA-20261128-0042")
    kind: Kind
    kind_name: str
    origin: Literal["report", "dispatch"]
    text: str
    media_ids: list[str]
    location: LocationOut | None = None
    area_id: str
    area_name: str | None = None
    status: Status
    status_name: str
    assignee: PersonRef | None = None
    assigned_role: str | None = None
    escalation_level: int
    due_at: datetime | None = Field(None, description="当前时限（接单/答复），到期自动上报")
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    review_status: Review = Field(
        description="内容检查：pending 检查中 · passed 通过 · flagged 待人工审核 · "
        "upheld 已审核并维持（维持的文字、照片、语音仅提交人和审核人员可见，"
        "其他人看到的文字为“（此内容经审核不予公开）”） · not_required 无需检查"
    )
    reporter: ReporterOut | None = Field(
        None, description="线索类案件对联户长等非民警隐藏（reporter_hidden=true）"
    )
    reporter_hidden: bool = False
    created_at: datetime
    updated_at: datetime


class EventOut(BaseModel):
    seq: int
    type: str
    type_name: str
    actor: PersonRef | None = Field(None, description="系统事件为空")
    actor_kind: Literal["person", "system"]
    actor_hidden: bool = Field(False, description="线索举报人本人的操作，对无权者隐去")
    payload: dict[str, Any]
    created_at: datetime
    hash: str


class CaseDetail(CaseOut):
    timeline: list[EventOut]
    media: list[MediaView] | None = Field(
        None,
        description="附件及限时链接（仅 GET /cases/{id} 返回；待核实的、维持不公开的"
        "只给上传者和审核人员）",
    )


class CaseCreated(CaseOut):
    call_110: bool = Field(False, description="报警：请同时拨打 110")
    notice: str | None = Field(None, description="给村民看的提示")


class CasePage(BaseModel):
    items: list[CaseOut]
    next_cursor: str | None = None
