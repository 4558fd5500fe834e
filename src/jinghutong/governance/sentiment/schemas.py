"""社情民意 payloads. Categories and urgency travel as codes; responses carry their Chinese
names too. Topics are free short tags (土地, 环境, 治安 …), a few per item."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from jinghutong.governance.visits.schemas import (
    AreaRef,
    EventOut,
    FindingOut,
    HouseholdBrief,
    PersonRef,
)
from jinghutong.media.api import MediaView
from jinghutong.models import SentimentCategory, SentimentStatus, Urgency

MAX_TEXT = 2000
MAX_MEDIA = 9
MAX_TOPICS = 5

Id = Annotated[str, Field(min_length=1, max_length=26)]
Tag = Annotated[str, Field(min_length=1, max_length=10)]
CATEGORY_HELP = (
    "demand 诉求 · suggestion 建议 · instability 不稳定因素 · complaint 意见 · other 其他"
)

__all__ = ["AreaRef", "EventOut", "FindingOut", "HouseholdBrief", "PersonRef"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SentimentIn(_Strict):
    category: SentimentCategory = Field(description=CATEGORY_HELP)
    urgency: Urgency = Field(
        Urgency.normal, description="normal 一般 · urgent 紧急（立即通知防区民警）"
    )
    topics: list[Tag] = Field(
        default_factory=list,
        max_length=MAX_TOPICS,
        description="话题标签，最多 5 个、每个不超过 10 个字，如：土地、环境、治安、民生、交通",
    )
    text: str = Field("", max_length=MAX_TEXT, description="群众反映的情况")
    media_ids: list[Id] = Field(
        default_factory=list, max_length=MAX_MEDIA, description="语音、照片（POST /media）"
    )
    household_id: Id | None = Field(None, description="反映人所在的户（须在您的辖区）")
    area_id: Id | None = Field(None, description="所在的村、网格或微网格；填了户或走访时可不填")
    visit_id: Id | None = Field(None, description="在哪次走访中了解到的")
    case_id: Id | None = Field(None, description="由哪条群众上报而来")

    @model_validator(mode="after")
    def _said_something(self) -> SentimentIn:
        if not self.text and not self.media_ids:
            raise ValueError("请写几句话，或附上语音、照片")
        self.topics = list(dict.fromkeys(self.topics))
        return self


class HandleIn(_Strict):
    note: str = Field(min_length=1, max_length=500, description="怎么处理的（如：已协调村委解决）")


class SentimentOut(BaseModel):
    id: str
    category: SentimentCategory
    category_name: str
    urgency: Urgency
    urgency_name: str
    topics: list[str]
    summary: str = Field(description="内容开头")
    status: SentimentStatus = Field(description="open 待处理 · handled 已处理")
    status_name: str
    area: AreaRef
    village: AreaRef | None
    household: HouseholdBrief | None
    recorder: PersonRef
    created_at: datetime
    handled_at: datetime | None


class SentimentDetail(SentimentOut):
    text: str
    media: list[MediaView] = Field(description="语音、照片（带限时链接）")
    handled_note: str | None = Field(description="处理情况")
    handled_by: PersonRef | None
    linked: list[FindingOut] = Field(description="关联的走访、上报等")
    events: list[EventOut] = Field(description="留痕")
    can_handle: bool


class SentimentPage(BaseModel):
    items: list[SentimentOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")


class VillageCounts(BaseModel):
    village: AreaRef
    total: int
    by_category: dict[str, int] = Field(description="各类别条数：demand 诉求、suggestion 建议 …")
    urgent: int = Field(description="紧急的条数")
    open: int = Field(description="待处理的条数")


class SentimentSummary(BaseModel):
    since: AwareDatetime | None = Field(None, description="统计起点（含）")
    until: AwareDatetime | None = Field(None, description="统计终点（不含）")
    items: list[VillageCounts] = Field(description="每个村一行（只列有记录的村）")
    total: int
    urgent: int
    open: int
