"""安全隐患 payloads: what the phone sends, and the register as each reader sees it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    Field,
    field_validator,
    model_validator,
)

from jinghutong.governance.schemas import (
    MAX_NOTE,
    MAX_TEXT,
    GovernanceAreaRef,
    GovernanceLinkOut,
    GovernanceLocation,
    GovernancePersonOut,
    GovernancePhoneNoticeOut,
    MediaIds,
    Strict,
    TrailEventOut,
    clean_phone,
    media_field,
)
from jinghutong.media.api import MediaView
from jinghutong.models import HazardGrade, HazardKind, HazardStatus


class DismissReason(StrEnum):
    false_report = "false_report"  # 误报
    duplicate = "duplicate"  # 重复
    gone = "gone"  # 已不存在


DISMISS_REASON_NAMES = {
    DismissReason.false_report: "误报",
    DismissReason.duplicate: "重复登记",
    DismissReason.gone: "隐患已不存在",
}


class HazardIn(Strict):
    kind: HazardKind = Field(
        description="housing 房屋 · fire 消防 · traffic 交通 · geological 地质灾害 · "
        "electrical 用电 · gas 燃气 · water 水域 · other 其他"
    )
    grade: HazardGrade = Field(
        HazardGrade.general,
        description="发现人的初步判断：general 一般 · major 较大 · severe 重大（村警、民警可调整）",
    )
    title: str = Field(min_length=1, max_length=100, description="一句话说明，如“叶某家房屋开裂”")
    description: str = Field("", max_length=MAX_TEXT)
    media_ids: MediaIds = media_field("现场照片、语音")
    household_id: str | None = Field(None, max_length=26, description="隐患在哪一户（本辖区内）")
    area_id: str | None = Field(
        None, max_length=26, description="不属于哪一户时：所在的村或网格，须同时填写 place"
    )
    place: str | None = Field(None, min_length=1, max_length=200, description="地点描述")
    location: GovernanceLocation | None = None
    visit_id: str | None = Field(None, max_length=26, description="从哪次走访中发现")
    case_id: str | None = Field(None, max_length=26, description="由哪条群众上报转来")

    @model_validator(mode="after")
    def _one_place(self) -> HazardIn:
        if (self.household_id is None) == (self.area_id is None):
            raise ValueError("请选择一户（household_id），或填写地点（area_id 和 place）")
        if self.area_id is not None and not self.place:
            raise ValueError("不属于哪一户的隐患，请填写地点描述（place）")
        return self


class NotifyIn(Strict):
    """Exactly one way of naming who must act."""

    responsible_person_id: str | None = Field(
        None, max_length=26, description="有账号的责任人：本村有职责的人员或这一户的成员"
    )
    responsible_member_id: str | None = Field(
        None, max_length=26, description="本村纵横斜名册中的人员（可能没有微信，将记一条电话通知）"
    )
    responsible_name: str | None = Field(None, min_length=1, max_length=50)
    responsible_phone: str | None = Field(
        None, max_length=20, description="与 responsible_name 一起填写；将记一条电话通知"
    )
    deadline_at: AwareDatetime = Field(description="整改期限，须晚于现在")
    grade: HazardGrade | None = Field(None, description="核定的等级（不填则不变）")
    note: str | None = Field(None, max_length=MAX_NOTE, description="整改要求")

    _phone = field_validator("responsible_phone")(clean_phone)

    @model_validator(mode="after")
    def _one_responsible(self) -> NotifyIn:
        contact = self.responsible_name is not None or self.responsible_phone is not None
        ways = [self.responsible_person_id is not None, self.responsible_member_id is not None]
        if sum(ways) + contact != 1:
            raise ValueError(
                "请指定一位整改责任人：账号（responsible_person_id）、名册人员"
                "（responsible_member_id），或姓名和电话（responsible_name、responsible_phone）"
            )
        if contact and not (self.responsible_name and self.responsible_phone):
            raise ValueError("请同时填写责任人的姓名和电话")
        return self


class RectifiedIn(Strict):
    text: str = Field("", max_length=MAX_TEXT, description="整改情况")
    media_ids: MediaIds = media_field("整改后的照片、语音")

    @model_validator(mode="after")
    def _has_content(self) -> RectifiedIn:
        if not self.text and not self.media_ids:
            raise ValueError("请写明整改情况，或附上整改后的照片")
        return self


class AcceptIn(Strict):
    note: str | None = Field(None, max_length=MAX_NOTE, description="验收意见")


class RejectIn(Strict):
    reason: str = Field(min_length=1, max_length=MAX_NOTE, description="验收不通过的原因")
    deadline_at: AwareDatetime = Field(description="新的整改期限，须晚于现在")


class CloseIn(Strict):
    dismissed: bool = Field(
        False, description="true：撤销（误报、重复或已不存在），可在已登记或整改中时撤销"
    )
    reason: DismissReason | None = Field(
        None, description="撤销原因：false_report 误报 · duplicate 重复 · gone 已不存在"
    )
    note: str | None = Field(
        None, min_length=1, max_length=MAX_NOTE, description="销号说明（验收后销号时必填）"
    )
    media_ids: MediaIds = media_field("销号佐证照片")

    @model_validator(mode="after")
    def _fits(self) -> CloseIn:
        if self.dismissed and self.reason is None:
            raise ValueError("撤销时请选择原因：误报、重复或已不存在")
        if not self.dismissed and self.reason is not None:
            raise ValueError("只有撤销（dismissed: true）时才填写撤销原因")
        if not self.dismissed and not self.note:
            raise ValueError("销号时请写明销号说明（note）")
        return self


class RegradeIn(Strict):
    grade: HazardGrade
    reason: str = Field(min_length=1, max_length=200, description="调整等级的理由")


# -- out ---------------------------------------------------------------------------------------


class ResponsibleOut(BaseModel):
    kind: Literal["person", "member", "contact"] = Field(
        description="person 有账号的人 · member 名册人员 · contact 登记的姓名电话"
    )
    id: str | None = Field(None, description="person 或 member 的编号")
    name: str
    title: str | None = Field(None, description="名册中的职务，如“主任”")
    phone: str | None = Field(
        None, description="脱敏；完整号码见 GET /hazards/{id}/responsible-phone"
    )
    has_wechat: bool = Field(description="能否在小程序里收到通知")


class HazardMediaOut(MediaView):
    stage: str = Field(description="reported 发现时 · rectified 整改后 · closed 销号佐证")


class EventOut(TrailEventOut):
    action: str = Field(
        description="reported · notified · regraded · rectified · accepted · rejected · "
        "closed · dismissed · overdue"
    )
    actor: GovernancePersonOut | None = Field(description="null：系统（如超期上报）")


class HazardOut(BaseModel):
    id: str
    number: str = Field(description="YH-YYYYMMDD-NNNN")
    kind: HazardKind
    kind_name: str
    grade: HazardGrade
    grade_name: str
    title: str
    status: HazardStatus = Field(
        description="reported 已登记 · notified 整改中 · rectified 待验收 · accepted 验收通过 · "
        "closed 已销号"
    )
    status_name: str
    village: GovernanceAreaRef | None
    area_id: str
    household_id: str | None
    where: str = Field(description="户的地址，或地点描述")
    reporter: GovernancePersonOut
    deadline_at: datetime | None
    overdue: bool = Field(description="整改中且已过整改期限")
    escalation_level: int = Field(description="0 未上报 · 1 已报防区民警 · 2 已报所长")
    created_at: datetime


class HazardDetail(HazardOut):
    description: str
    place: str | None
    location: GovernanceLocation | None
    responsible: ResponsibleOut | None
    due_at: datetime | None = Field(description="下一次超期上报的时间（整改中时）")
    rectified_at: datetime | None
    accepted_at: datetime | None
    closed_at: datetime | None
    dismissed_reason: str | None = Field(None, description="撤销时的原因（中文）")
    media: list[HazardMediaOut]
    trail: list[EventOut]
    trail_intact: bool = Field(description="留痕链完整，未被篡改")
    links: list[GovernanceLinkOut]
    phone_notices: list[GovernancePhoneNoticeOut] = Field(
        description="需要打电话告知的人（没有微信的）"
    )
    can_notify: bool
    can_report_rectified: bool
    can_accept: bool
    can_close: bool
    can_dismiss: bool
    can_regrade: bool


class HazardPage(BaseModel):
    items: list[HazardOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
