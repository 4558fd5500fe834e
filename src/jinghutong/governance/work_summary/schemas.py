"""村警 五件事 payloads: per 村警, five things counted for one calendar month."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

ThingKey = Literal["incidents", "errands", "mediation", "information", "publicity"]
MONTH_PATTERN = r"^20\d{2}-(0[1-9]|1[0-2])$"


class PersonRef(BaseModel):
    id: str
    name: str


class AreaRef(BaseModel):
    id: str
    name: str


class Part(BaseModel):
    key: str
    name: str
    count: int


class Thing(BaseModel):
    key: ThingKey
    name: str = Field(description="警情一件事 · 代办一件事 · 矛调一件事 · 信息一件事 · 宣防一件事")
    count: int
    parts: list[Part] = Field(description="组成这件事的各项计数（只有数目，不列明细）")


class PoliceWork(BaseModel):
    person: PersonRef
    villages: list[AreaRef]
    things: list[Thing]
    total: int = Field(description="五件事的件数合计")


class WorkSummary(BaseModel):
    month: str = Field(description="YYYY-MM（北京时间的自然月）")
    starts_at: datetime
    ends_at: datetime
    items: list[PoliceWork]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
