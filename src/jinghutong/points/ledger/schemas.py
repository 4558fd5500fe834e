"""Balances, entries and manual entries on the wire."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

# What a manual entry may name as its source. Only a case can be deducted for (a false
# report by the person themselves); the others are here so the refusal is a clear sentence.
SourceType = Literal["case", "petition", "sentiment"]


class KindLeft(BaseModel):
    event_kind: str
    name: str
    earned: int = Field(description="本月该项已得")
    cap: int | None = Field(description="本月该项上限（空：不限）")
    left: int | None = Field(description="本月该项还可得（空：不限）")


class MeOut(BaseModel):
    balance: int = Field(description="我的积分")
    household_id: str | None
    household_balance: int | None = Field(description="全户合计积分（户内成员积分合并兑换）")
    month_earned: int = Field(description="本月已得（规则与申报）")
    month_cap: int | None = Field(description="每月总上限")
    month_left: int | None = Field(description="本月还可得")
    kinds: list[KindLeft]


class EntryOut(BaseModel):
    id: str
    event_kind: str
    name: str = Field(description="事项中文名")
    points: int
    reason: str = Field(description="积分原因（给群众看的话）")
    source_type: str
    source_id: str
    created_at: AwareDatetime


class EntryPage(BaseModel):
    items: list[EntryOut]
    next_cursor: str | None


class AdjustmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    person_id: str = Field(min_length=1, max_length=26)
    points: int = Field(ge=-1000, le=1000, description="加分为正，扣分为负，不能为0")
    reason: str = Field(min_length=1, max_length=200, description="原因（必填，群众会看到）")
    source_type: SourceType | None = Field(
        None, description="关联记录的类型（扣分须为本人上报的案件）"
    )
    source_id: str | None = Field(None, min_length=1, max_length=26)


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note: str = Field("", max_length=200, description="审核意见")


class AdjustmentOut(BaseModel):
    id: str
    person_id: str
    points: int
    reason: str
    source_type: str | None
    source_id: str | None
    proposed_by: str
    status: str
    decided_by: str | None
    decided_at: AwareDatetime | None
    decision_note: str | None
    entry_id: str | None
    created_at: AwareDatetime
