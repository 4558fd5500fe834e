"""Staff directory payloads."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

StaffRole = Literal[
    "village_police", "area_officer", "auxiliary_officer", "duty_room", "chief", "admin"
]


class AreaRef(BaseModel):
    id: str
    name: str


class StaffRoleOut(BaseModel):
    role: str
    role_name: str
    areas: list[AreaRef] = Field(description="担任这一角色的区域（只列本人可见范围内的）")


class StaffOut(BaseModel):
    id: str = Field(description="人员编号（交办、指派时用）")
    name: str
    phone: str | None = Field(None, description="脱敏后的手机号")
    role: str = Field(description="主要角色（按所长、管理员、值班室、防区民警、村警、辅警的顺序）")
    role_name: str
    area_name: str = Field(description="主要角色的区域，如“大墅村”或“大墅村等6个村”")
    roles: list[StaffRoleOut] = Field(description="本人可见范围内担任的全部工作角色")


class StaffPage(BaseModel):
    items: list[StaffOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
