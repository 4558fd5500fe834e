"""Bulletin payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jinghutong.bulletins.audience.spec import AudienceSpec
from jinghutong.models import BulletinCategory

Category = BulletinCategory
Status = Literal["draft", "pending_approval", "scheduled", "sending", "sent", "cancelled"]


class BulletinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: Category
    title: str = Field(min_length=1, max_length=60)
    body: str = Field(min_length=1, max_length=5000)
    cover_media_id: str | None = Field(None, max_length=26)
    voice_media_id: str | None = Field(None, max_length=26, description="给不识字的人听的语音版")
    important: bool = False
    feed_only_when_short: bool = Field(
        False,
        strict=True,
        description="当天微信订阅消息额度不足时只在小程序资讯中显示（不等到次日再推送）",
    )
    audience: AudienceSpec
    expires_at: datetime | None = None


class BulletinPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    category: Category | None = None
    title: str | None = Field(None, min_length=1, max_length=60)
    body: str | None = Field(None, min_length=1, max_length=5000)
    cover_media_id: str | None = Field(None, max_length=26)
    voice_media_id: str | None = Field(None, max_length=26)
    important: bool | None = None
    feed_only_when_short: bool = Field(
        False, strict=True, description="当天额度不足时只在资讯中显示；不填则不改"
    )
    audience: AudienceSpec | None = None
    expires_at: datetime | None = None


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: datetime | None = Field(None, description="定时发布时间（ISO 8601）；不填则立即发送")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=200)


class BulletinOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    category: str
    title: str
    body: str
    cover_media_id: str | None
    voice_media_id: str | None
    important: bool
    feed_only_when_short: bool
    audience: AudienceSpec
    status: Status
    scheduled_at: datetime | None
    published_at: datetime | None
    finished_at: datetime | None
    expires_at: datetime | None
    author_id: str
    approver_id: str | None
    note: str | None
    created_at: datetime


class BulletinPage(BaseModel):
    items: list[BulletinOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")


class PreviewOut(BaseModel):
    households: int
    persons: int
    wechat_reachable: int
    needs_approval: bool = Field(description="超出本人辖区（如全所推送）时需所长审批")


class Counts(BaseModel):
    targeted: int = 0
    pending: int = 0
    sent: int = 0
    failed: int = 0
    refused: int = 0
    no_quota: int = 0
    cancelled: int = 0
    waiting_for_quota: int = Field(0, description="当天微信额度不足，等次日推送")
    feed_only: int = Field(0, description="当天额度不足，只在资讯中显示（不再推送）")
    read: int = 0


class VillageCounts(Counts):
    village_id: str | None
    village_name: str | None


class StatsOut(Counts):
    status: Status
    by_village: list[VillageCounts]


class FeedItem(BaseModel):
    id: str
    category: str
    title: str
    body: str
    cover_media_id: str | None
    voice_media_id: str | None
    important: bool
    published_at: datetime | None
    expires_at: datetime | None
    withdrawn: bool = Field(description="发布方已撤回")
    read_at: datetime | None


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str | None = None


class ReadOut(BaseModel):
    bulletin_id: str
    read_at: datetime


class UnreadHousehold(BaseModel):
    household_id: str
    address: str
    head_name: str
    area_id: str
    members_reached: int


class UnreadPage(BaseModel):
    items: list[UnreadHousehold]
    next_cursor: str | None = None
