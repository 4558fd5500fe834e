"""预约办理 payloads."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt, model_validator

Scope = Literal["mine", "assigned", "area"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ServiceOut(BaseModel):
    id: str
    code: str
    name: str
    description: str
    what_to_bring: list[str]
    home_visit: bool = Field(description="true：民警上门办理（填地址和原因，不选时段）")


class ServiceList(BaseModel):
    items: list[ServiceOut]


class SlotIn(_Strict):
    date: dt.date = Field(description="哪一天（北京时间），如 2026-12-01")
    start: dt.time = Field(description="开始时间（北京时间），如 09:00")
    end: dt.time = Field(description="结束时间（北京时间），如 10:00")
    capacity: StrictInt = Field(ge=1, le=500, description="这个时段最多预约几人")
    area_id: str | None = Field(
        None, max_length=26, description="哪个派出所；只在一个所任职时可不填"
    )

    @model_validator(mode="after")
    def _ordered(self) -> SlotIn:
        if self.end <= self.start:
            raise ValueError("结束时间须晚于开始时间")
        return self


class SlotOut(BaseModel):
    id: str
    service_id: str
    area_id: str
    date: dt.date
    start: str = Field(description="北京时间 HH:MM")
    end: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    booked: int
    free: int
    closed: bool
    bookable: bool = Field(description="还能预约：未关闭、未开始、有空位")


class SlotList(BaseModel):
    items: list[SlotOut]


class AppointmentIn(_Strict):
    service_id: str = Field(min_length=1, max_length=26)
    slot_id: str | None = Field(None, max_length=26, description="窗口办理：选的时段")
    household_id: str | None = Field(None, max_length=26, description="哪一户；代办时必填")
    person_id: str | None = Field(
        None, max_length=26, description="代办：为哪位村民预约（村警填写；本人预约不填）"
    )
    address: str | None = Field(
        None, min_length=2, max_length=200, description="上门地址；不填则用户籍地址"
    )
    reason: str | None = Field(
        None, min_length=2, max_length=500, description="上门办理的原因（如：骨折行动不便）"
    )
    note: str | None = Field(None, max_length=500, description="补充说明")


class ConfirmIn(_Strict):
    scheduled_at: AwareDatetime | None = Field(None, description="上门时间（上门服务必填）")
    note: str | None = Field(None, max_length=500)


class CancelIn(_Strict):
    reason: str | None = Field(None, max_length=200)


class RescheduleIn(_Strict):
    slot_id: str | None = Field(None, max_length=26, description="改到哪个时段（窗口办理）")
    scheduled_at: AwareDatetime | None = Field(None, description="新的上门时间（上门服务）")
    reason: str | None = Field(None, max_length=200, description="为什么改时间（会告诉对方）")

    @model_validator(mode="after")
    def _one(self) -> RescheduleIn:
        if (self.slot_id is None) == (self.scheduled_at is None):
            raise ValueError("请选择新的时段（slot_id）或新的上门时间（scheduled_at），二选一")
        return self


class CompleteIn(_Strict):
    note: str | None = Field(None, max_length=500, description="办理结果")


class Ref(BaseModel):
    id: str
    name: str


class HouseholdRef(BaseModel):
    id: str
    address: str


class SlotRef(BaseModel):
    id: str
    date: dt.date
    start: str
    end: str


class AppointmentOut(BaseModel):
    id: str
    service: Ref
    home_visit: bool
    status: str = Field(
        description="requested 待安排 · confirmed 已确认 · rescheduled 已改约 · cancelled 已取消"
        " · completed 已办结",
    )
    status_name: str
    person: Ref
    booked_by: Ref
    on_behalf: bool = Field(description="true：村警代办")
    household: HouseholdRef | None
    slot: SlotRef | None
    scheduled_at: dt.datetime | None
    address: str | None
    reason: str | None
    assignee: Ref | None
    note: str | None
    what_to_bring: list[str]
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    completed_at: dt.datetime | None


class AppointmentPage(BaseModel):
    items: list[AppointmentOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
