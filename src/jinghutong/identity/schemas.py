"""Identity payloads."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class StrictIn(BaseModel):
    """Input models reject unknown fields: a typo is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class WechatLoginIn(StrictIn):
    code: str = Field(min_length=1, max_length=128, description="wx.login() 得到的 code")


class PasswordLoginIn(StrictIn):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class PersonOut(BaseModel):
    id: str
    name: str
    phone: str | None = Field(None, description="脱敏后的手机号")
    is_staff: bool


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    person: PersonOut


class AreaBrief(BaseModel):
    id: str
    name: str
    level: str
    # Names from the township down, e.g. ["大墅镇", "桐坑源村", "第一网格", "第3微网格"].
    trail: list[str]


class HouseholdBrief(BaseModel):
    id: str
    address: str
    area: AreaBrief


class MembershipOut(BaseModel):
    id: str
    household_id: str
    status: str
    relation: str
    household: HouseholdBrief


class RoleGrantOut(BaseModel):
    role: str
    role_name: str
    area: AreaBrief


class MeOut(BaseModel):
    person: PersonOut
    memberships: list[MembershipOut]
    roles: list[RoleGrantOut]
