"""Roster, camera and phone-notice payloads. Phones come in as a mainland mobile or landline
(normalised: `13812345678`, `0571-64800110`) and go out masked; the clear number only through
the audited `…/phone` reads."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from jinghutong.governance.schemas import GovernanceAreaRef
from jinghutong.models import CameraKind, RosterPosition

_MOBILE = re.compile(r"1[3-9]\d{9}")
# 010 and 02x are three-digit area codes (with the 0), every other one has four.
_LANDLINE_SHORT_CODE = re.compile(r"(0[12]\d)(\d{7,8})")
_LANDLINE_LONG_CODE = re.compile(r"(0[3-9]\d{2})(\d{7,8})")
PHONE_HINT = "请填写正确的手机号或固定电话，如 13812345678 或 0571-64800110"


def clean_phone(value: str) -> str:
    """A mainland mobile (11 digits, +86 allowed) or a landline with its area code."""
    digits = re.sub(r"[\s\-()（）]", "", value)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.fullmatch(digits):
        return digits
    for pattern in (_LANDLINE_SHORT_CODE, _LANDLINE_LONG_CODE):
        match = pattern.fullmatch(digits)
        if match:
            return f"{match[1]}-{match[2]}"
    raise ValueError(PHONE_HINT)


Phone = Annotated[str, Field(max_length=30), AfterValidator(clean_phone)]
Id = Annotated[str, Field(min_length=1, max_length=26)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# -- roster members ----------------------------------------------------------------------------


class MemberIn(_Strict):
    area_id: Id = Field(description="所在的村、网格或微网格")
    position: RosterPosition = Field(description="岗位；决定列在“纵”还是“横”")
    title: str | None = Field(
        None, min_length=1, max_length=30, description="职务名称（如 村党总支书记）；不填用岗位名"
    )
    name: str = Field(min_length=1, max_length=50)
    phone: Phone = Field(description="手机号或固定电话")
    duty_area: str = Field("", max_length=200, description="负责的片区，如 第三村民小组、后山林区")
    person_id: Id | None = Field(None, description="此人若已用小程序，填他的账号编号")
    note: str | None = Field(None, max_length=200)


class MemberPatch(_Strict):
    """Only the fields sent change; `null` clears title, person_id and note."""

    area_id: Id | None = None
    position: RosterPosition | None = None
    title: str | None = Field(None, min_length=1, max_length=30)
    name: str | None = Field(None, min_length=1, max_length=50)
    phone: Phone | None = None
    duty_area: str | None = Field(None, max_length=200)
    person_id: Id | None = None
    note: str | None = Field(None, max_length=200)
    active: bool | None = Field(None, description="true：重新启用已停用的人员")

    @model_validator(mode="after")
    def _required_stay(self) -> MemberPatch:
        for name in ("area_id", "position", "name", "phone", "duty_area", "active"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} 不能清空")
        return self


class MemberOut(BaseModel):
    id: str
    area: GovernanceAreaRef
    axis: str = Field(description="vertical 纵（村两委、小组长、网格员、调解员）· horizontal 横")
    position: str
    position_name: str
    title: str | None
    label: str = Field(description="显示的职务：填了 title 用 title，否则为岗位名")
    name: str
    phone: str | None = Field(description="脱敏后的电话；拨打前取 GET /roster-members/{id}/phone")
    duty_area: str
    person_id: str | None
    on_wechat: bool = Field(description="有小程序账号：能在小程序里收到通知")
    active: bool
    note: str | None


# -- cameras -----------------------------------------------------------------------------------


class Location(_Strict):
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class CameraIn(_Strict):
    area_id: Id = Field(description="所在的村、网格或微网格")
    kind: CameraKind = Field(description="xueliang 雪亮工程 · household 群众自建 · other 其他")
    place: str = Field(min_length=1, max_length=100, description="安装位置，如 村口、石桥头")
    location: Location | None = None
    owner: str = Field("", max_length=50, description="产权人：村委会、某户户主 …")
    owner_household_id: Id | None = Field(
        None, description="群众自建：哪一户的；不填产权人时取户主"
    )
    coverage: str = Field("", max_length=200, description="能看到哪里")
    contact_name: str | None = Field(None, min_length=1, max_length=50)
    contact_phone: Phone | None = None


class CameraPatch(_Strict):
    """Only the fields sent change; `null` clears the optional ones."""

    area_id: Id | None = None
    kind: CameraKind | None = None
    place: str | None = Field(None, min_length=1, max_length=100)
    location: Location | None = None
    owner: str | None = Field(None, max_length=50)
    owner_household_id: Id | None = None
    coverage: str | None = Field(None, max_length=200)
    contact_name: str | None = Field(None, min_length=1, max_length=50)
    contact_phone: Phone | None = None
    active: bool | None = Field(None, description="true：重新启用已停用的摄像头")

    @model_validator(mode="after")
    def _required_stay(self) -> CameraPatch:
        for name in ("area_id", "kind", "place", "owner", "coverage", "active"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} 不能清空")
        return self


class LocationOut(BaseModel):
    lat: float
    lng: float


class CameraOut(BaseModel):
    id: str
    area: GovernanceAreaRef
    kind: str
    kind_name: str
    place: str
    owner: str
    owner_household_id: str | None
    coverage: str
    contact_name: str | None
    contact_phone: str | None = Field(description="脱敏后的电话；拨打前取 GET /cameras/{id}/phone")
    location: LocationOut | None
    active: bool


class RosterOut(BaseModel):
    village: GovernanceAreaRef
    vertical: list[MemberOut] = Field(description="纵：村两委、村民小组长、网格员、调解员")
    horizontal: list[MemberOut] = Field(description="横：护林员、清洁员、管水员、电力员、村医 …")
    cameras: list[CameraOut] = Field(description="斜：雪亮工程和群众自建的摄像头")
    can_edit: bool = Field(description="我能维护这份名册（管理员、所长、本村村警）")


# -- phone notices -----------------------------------------------------------------------------

NoticeStatus = Literal["pending", "done"]


class NoticeDoneIn(_Strict):
    note: str | None = Field(None, max_length=200, description="电话里说了什么、对方怎么答复")


class NoticeOut(BaseModel):
    id: str
    member_id: str | None
    name: str
    phone: str | None = Field(description="脱敏；拨打前取 GET /phone-notices/{id}/phone")
    text: str
    subject_type: str = Field(description="hazard 隐患 · dispute 纠纷")
    subject_id: str
    subject_number: str | None = Field(description="隐患或纠纷的编号（YH-… / JF-…）")
    status: str = Field(description="pending 待电话通知 · done 已通知")
    created_at: datetime
    done_at: datetime | None
    done_by: str | None = Field(description="谁打的电话")
    done_note: str | None


class NoticePage(BaseModel):
    items: list[NoticeOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
