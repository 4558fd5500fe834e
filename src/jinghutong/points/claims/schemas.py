"""Claims on the wire."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from jinghutong.media.api import MediaView

MAX_MEDIA = 9
Scope = Literal["mine", "review"]
Status = Literal["pending", "approved", "rejected"]
MediaId = Annotated[str, Field(min_length=1, max_length=26)]


class ClaimIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(
        "",
        max_length=500,
        description="做了什么好事（如：夜里送邻居去医院）；有语音或照片时可以不写",
    )
    media_ids: list[MediaId] = Field(
        default_factory=list,
        max_length=MAX_MEDIA,
        description="语音、照片（POST /media 得到的编号，合计最多 9 个）",
    )
    happened_on: date = Field(description="哪一天")


class ApproveIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    points: int = Field(ge=1, le=50, description="给多少积分（1–50）")
    note: str = Field("", max_length=200, description="审核意见")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=200, description="不通过的原因（申报人会看到）")


class Ref(BaseModel):
    id: str
    name: str


class ClaimOut(BaseModel):
    id: str
    person_id: str = Field(description="申报人（同 person.id）")
    person: Ref = Field(description="申报人和姓名")
    household_id: str | None = Field(description="申报人所在的户（同 household.id）")
    household: Ref | None = Field(description="申报人所在的户（name 为门牌地址）；不在户内时为空")
    village: Ref | None = Field(description="申报时所在的行政村")
    text: str = Field(description="文字说明；只有语音或照片时为空")
    media_ids: list[str]
    media: list[MediaView] = Field(
        description="语音和照片，带限时链接（<image src>、InnerAudioContext.src 可直接用）"
    )
    happened_on: date | None
    status: str
    points: int | None = Field(description="实际记入的积分（按月上限可能少于审核给的）")
    decided_by: str | None
    decided_at: AwareDatetime | None
    decision_reason: str | None
    entry_id: str | None
    created_at: AwareDatetime


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next_cursor: str | None
