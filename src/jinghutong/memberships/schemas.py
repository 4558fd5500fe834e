"""Membership payloads."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class BindIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    scene: str = Field(
        min_length=1,
        max_length=200,
        description="扫码得到的 scene（options.scene；未解码的 %xx 也可以）",
    )
    relation: str | None = Field(
        None, max_length=12, description="与户主的关系：户主、配偶、子女、父母、其他…"
    )


class MembershipOut(BaseModel):
    id: str
    household_id: str
    status: str = Field(description="pending 待审核 · active 已加入 · rejected · left · removed")
    relation: str
    created_at: datetime
    decided_at: datetime | None = None


class PersonRef(BaseModel):
    id: str
    name: str


class HouseholdRef(BaseModel):
    id: str
    address: str


class MembershipDetail(MembershipOut):
    person: PersonRef
    household: HouseholdRef


class MembershipPage(BaseModel):
    items: list[MembershipDetail]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
