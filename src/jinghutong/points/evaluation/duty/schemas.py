"""Duty shifts on the wire."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from jinghutong.points.evaluation.schemas import AreaRef, PersonRef

ShiftState = Literal["planned", "today", "checked_in", "missed"]
SHIFT_STATUS_NAMES = {
    "planned": "待值班",
    "today": "今日值班，未签到",
    "checked_in": "已签到",
    "missed": "缺勤",
}


class ShiftIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    village_id: str = Field(min_length=1, max_length=26, description="行政村")
    person_id: str = Field(min_length=1, max_length=26, description="值班的村警（本村）")
    day: date = Field(description="值班日期（北京时间）")


class ShiftOut(BaseModel):
    id: str
    village: AreaRef
    person: PersonRef
    day: date
    status: ShiftState
    status_name: str
    checked_in_at: AwareDatetime | None
    created_by: str | None
    created_at: AwareDatetime
    can_check_in: bool = Field(description="我现在可以签到（当班本人、值班当天、尚未签到）")
    can_remove: bool = Field(description="我可以删除这个班次（排班的人，值班日之前）")


class ShiftPage(BaseModel):
    items: list[ShiftOut]
    next_cursor: str | None


class DutyVillageOut(BaseModel):
    id: str
    name: str
    police: list[PersonRef] = Field(description="本村的村警（可以排班的人），按姓名")
    can_plan: bool = Field(description="我可以给本村排班（所长、管理员、本村村警）")


class DutyVillagePage(BaseModel):
    items: list[DutyVillageOut]
    next_cursor: str | None
