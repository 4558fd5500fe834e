"""Claims on the wire."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

MAX_PHOTOS = 9
Scope = Literal["mine", "review"]
Status = Literal["pending", "approved", "rejected"]


class ClaimIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(
        min_length=1, max_length=500, description="做了什么好事（如：夜里送邻居去医院）"
    )
    media_ids: list[str] = Field(default_factory=list, max_length=MAX_PHOTOS, description="照片")
    happened_on: date = Field(description="哪一天")


class ApproveIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    points: int = Field(ge=1, le=50, description="给多少积分（1–50）")
    note: str = Field("", max_length=200, description="审核意见")


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=200, description="不通过的原因（申报人会看到）")


class ClaimOut(BaseModel):
    id: str
    person_id: str
    household_id: str | None
    text: str
    media_ids: list[str]
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
