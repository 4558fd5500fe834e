"""Notification and subscription payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SubscribeAnswer = Literal["accept", "reject", "ban", "filter"]


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")


class SubscriptionsIn(BaseModel):
    """What `wx.requestSubscribeMessage` answered, as the mini-program received it."""

    model_config = ConfigDict(extra="forbid")

    results: dict[
        str,
        SubscribeAnswer,
    ] = Field(min_length=1, max_length=10, description='{template_id: "accept"|"reject"|…}')


class QuotaOut(BaseModel):
    template_id: str
    remaining: int
    long_term: bool


class SubscriptionsOut(BaseModel):
    quotas: list[QuotaOut]
