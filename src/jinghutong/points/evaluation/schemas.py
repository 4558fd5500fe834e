"""Evaluation sheets, appeals and the monthly computation on the wire."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from jinghutong.governance.work_summary.schemas import MONTH_PATTERN

SheetState = Literal["draft", "confirmed", "appealed", "final"]
SHEET_STATUS_NAMES = {
    "draft": "待确认",
    "confirmed": "已确认（申诉期内）",
    "appealed": "申诉中",
    "final": "已定稿",
}


class MonthIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    month: str = Field(pattern=MONTH_PATTERN, description="YYYY-MM，北京时间的自然月")


class AppealIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500, description="申诉理由")


class DecideIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    upheld: bool = Field(description="申诉是否成立")
    decision: str = Field(min_length=1, max_length=500, description="裁决意见（村警会看到）")
    score_after: float | None = Field(
        None,
        ge=0,
        le=200,
        multiple_of=0.5,
        description="申诉成立时调整后的总分（以 0.5 分为单位）；驳回时不填",
    )


class PersonRef(BaseModel):
    id: str
    name: str


class AreaRef(BaseModel):
    id: str
    name: str


class RecordRef(BaseModel):
    type: str = Field(description="case 案件 · visit 走访 · sentiment 社情民意 · dispute 纠纷 · …")
    id: str
    label: str = Field(description="给人看的说明（编号、日期）")


class ItemOut(BaseModel):
    item: str
    name: str = Field(description="考评项目（中文）")
    count: int = Field(description="计入的记录数")
    points: float = Field(description="本项得分（扣分为负）")
    records: list[RecordRef] = Field(description="本项背后的每一条记录")
    note: str | None = None


class AppealOut(BaseModel):
    id: str
    reason: str
    status: Literal["pending", "approved", "rejected"]
    upheld: bool | None = Field(description="申诉是否成立；待裁决时为 null")
    filed_at: AwareDatetime
    decided_by: PersonRef | None
    decided_at: AwareDatetime | None
    decision: str | None
    score_after: float | None


class SheetOut(BaseModel):
    id: str
    month: str
    person: PersonRef
    village: AreaRef | None
    base_score: float
    score: float = Field(description="总分（基础分加各项得分，含申诉调整）")
    status: SheetState
    status_name: str
    computed_at: AwareDatetime
    confirmed_at: AwareDatetime | None
    appeal_deadline: AwareDatetime | None = Field(
        description="申诉截止时间（确认后 3 个工作日，北京时间 24:00）"
    )


class SheetDetail(SheetOut):
    items: list[ItemOut]
    appeal: AppealOut | None
    # What the reader may do now, as the server decides it when they try.
    may_appeal: bool = Field(description="我现在是否可以申诉（本人，已确认，申诉期内，尚未申诉）")
    can_confirm: bool = Field(description="我现在是否可以确认（所长，待确认，且这个月已结束）")
    can_decide: bool = Field(description="我现在是否可以裁决申诉（所长，有待裁决的申诉）")
    can_compute: bool = Field(
        description="我是否可以按记录重算这张表（所长或管理员，尚未确认的草稿）"
    )


class SheetPage(BaseModel):
    items: list[SheetOut]
    next_cursor: str | None
    can_compute: bool = Field(
        description="我是否可以按记录计算这个月的考评表（所长或管理员；月份尚未开始时为否）"
    )


class ComputedOne(BaseModel):
    person: PersonRef
    village: AreaRef | None
    sheet_id: str | None
    outcome: Literal["computed", "recomputed", "skipped"]
    reason: str | None = Field(description="跳过的原因（已确认的考评表不再重算）")
    score: float | None


class ComputeOut(BaseModel):
    month: str
    results: list[ComputedOne]
