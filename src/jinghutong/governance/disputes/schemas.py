"""矛盾纠纷 payloads: what the phone sends, and the register as each reader sees it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    Field,
    StrictBool,
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
from jinghutong.models import DisputeCategory, DisputeLevel, DisputeStatus

MAX_AGREEMENT = 5000
MAX_PARTIES = 10

Side = Literal["申请人", "被申请人", "当事人"]
Referral = Literal["司法所", "法院", "信访", "其他"]


class DisputePartyIn(Strict):
    name: str = Field(min_length=1, max_length=50)
    phone: str | None = Field(
        None, max_length=20, description="11 位手机号或带区号的座机号；加密保存，显示时脱敏"
    )
    side: Side = Field("当事人", description="申请人 · 被申请人 · 当事人")
    household_id: str | None = Field(None, max_length=26, description="所在的户（须在本村）")

    _phone = field_validator("phone")(clean_phone)


class DisputeIn(Strict):
    category: DisputeCategory = Field(
        description="neighbour 邻里纠纷 · family 婚姻家庭 · land 土地山林 · homestead 宅基地 · "
        "debt 债务 · labour 劳资 · traffic 交通事故 · other 其他"
    )
    summary: str = Field(min_length=1, max_length=200, description="一句话说明，如“两户因地界争执”")
    description: str = Field("", max_length=MAX_TEXT)
    media_ids: MediaIds = media_field("现场照片、语音")
    area_id: str | None = Field(
        None, max_length=26, description="纠纷所在的村、网格或微网格；不填时取第一位当事人所在的户"
    )
    address: str | None = Field(None, min_length=1, max_length=200, description="地点描述")
    location: GovernanceLocation | None = None
    parties: list[DisputePartyIn] = Field(
        min_length=1, max_length=MAX_PARTIES, description="1–10 位"
    )
    visit_id: str | None = Field(None, max_length=26, description="从哪次走访中发现")
    case_id: str | None = Field(None, max_length=26, description="由哪条群众上报转来")

    @model_validator(mode="after")
    def _somewhere(self) -> DisputeIn:
        if self.area_id is None and not any(p.household_id for p in self.parties):
            raise ValueError("请选择纠纷所在的区域（area_id），或当事人所在的户")
        return self


class DisputeAssignIn(Strict):
    """交办: exactly one of an account, a roster member or a unit."""

    assignee_id: str | None = Field(
        None, max_length=26, description="有账号的承办人：对纠纷所在地有职责的联户长、村警、民警"
    )
    assignee_member_id: str | None = Field(
        None,
        max_length=26,
        description="本村名册中的人员，如村调解员（可能没有微信，将记一条电话通知）",
    )
    assignee_unit: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        description="其他单位，如司法所、镇综治中心、镇人民调解委员会",
    )
    level: DisputeLevel | None = Field(
        None, description="交给单位时它所在的层级（默认 township 镇）；交给人时不填"
    )
    deadline_at: AwareDatetime = Field(description="办理期限，须晚于现在")
    note: str | None = Field(None, max_length=MAX_NOTE, description="交办意见")

    @model_validator(mode="after")
    def _one_assignee(self) -> DisputeAssignIn:
        named = [self.assignee_id, self.assignee_member_id, self.assignee_unit]
        if sum(x is not None for x in named) != 1:
            raise ValueError(
                "请指定一个承办方：账号（assignee_id）、名册人员（assignee_member_id）"
                "或单位（assignee_unit）"
            )
        if self.level is not None and self.assignee_unit is None:
            raise ValueError("只有交给单位时才填写层级（level）")
        return self


class DisputeMediateIn(Strict):
    held_at: AwareDatetime = Field(description="调解的时间（不晚于现在）")
    mediators: str = Field(min_length=1, max_length=200, description="主持调解的人")
    attendees: str = Field("", max_length=200, description="到场的当事人和其他人")
    summary: str = Field(min_length=1, max_length=MAX_TEXT, description="经过：双方说了什么")
    agreed: str | None = Field(None, min_length=1, max_length=MAX_TEXT, description="达成了什么")
    media_ids: MediaIds = media_field("现场照片")
    on_site: StrictBool = Field(False, description="true：到现场查看（如实地核对地界）")


class DisputeSettleIn(Strict):
    agreement_text: str | None = Field(
        None, min_length=1, max_length=MAX_AGREEMENT, description="调解协议的内容"
    )
    media_ids: MediaIds = media_field("签字的调解协议书照片")
    level: DisputeLevel | None = Field(
        None, description="最终化解的层级，比记录的更高时填写（不能更低）"
    )

    @model_validator(mode="after")
    def _has_agreement(self) -> DisputeSettleIn:
        if not self.agreement_text and not self.media_ids:
            raise ValueError("请写明调解协议的内容，或附上签字的协议书照片")
        return self


class DisputeFailIn(Strict):
    reason: str = Field(min_length=1, max_length=MAX_NOTE, description="调解不成的原因")
    referred_to: Referral = Field(description="引导去哪里：司法所 · 法院 · 信访 · 其他")
    advice: str = Field(
        min_length=1, max_length=MAX_NOTE, description="给当事人的建议，如“建议向人民法院起诉”"
    )


class DisputeFollowUpIn(Strict):
    note: str = Field(min_length=1, max_length=1000, description="回访情况")
    satisfied: StrictBool = Field(description="当事人是否满意")


# -- out ---------------------------------------------------------------------------------------


class DisputeCandidateOut(BaseModel):
    """Someone this dispute may be handed to (交办) by account."""

    id: str
    name: str
    role_name: str = Field(description="对纠纷所在地的职责，如 防区民警、村警")
    level: DisputeLevel
    level_name: str = Field(description="交给此人后纠纷所到的层级：联户网格 / 村 / 镇 / 派出所")


class DisputePartyOut(BaseModel):
    id: str
    name: str
    side: str
    phone: str | None = Field(
        description="脱敏；完整号码见 GET /disputes/{id}/parties/{party_id}/phone"
    )
    household_id: str | None
    household_address: str | None


class DisputeAssigneeOut(BaseModel):
    kind: Literal["person", "member", "unit"] = Field(
        description="person 有账号的人 · member 名册人员 · unit 其他单位"
    )
    id: str | None = Field(None, description="person 或 member 的编号")
    name: str
    title: str | None = Field(None, description="名册中的职务，如“调解员”")
    phone: str | None = Field(None, description="脱敏")
    has_wechat: bool = Field(description="能否在小程序里收到通知")


class DisputeSessionOut(BaseModel):
    id: str
    held_at: datetime
    recorder: GovernancePersonOut | None
    mediators: str
    attendees: str
    summary: str
    agreed: str | None
    on_site: bool = Field(description="现场查看")
    media_ids: list[str]
    created_at: datetime


class DisputeFailureOut(BaseModel):
    reason: str
    referred_to: str
    advice: str


class DisputeFollowUpOut(BaseModel):
    note: str
    satisfied: bool
    by: GovernancePersonOut | None
    at: datetime


class DisputeMediaOut(MediaView):
    stage: str = Field(description="recorded 登记时 · mediation 调解现场 · agreement 调解协议")


class DisputeEventOut(TrailEventOut):
    action: str = Field(
        description="recorded · assigned · mediated · settled · failed · overdue · "
        "follow_up_due · followed_up"
    )
    actor: GovernancePersonOut | None = Field(description="null：系统（如超期提醒）")


class DisputeOut(BaseModel):
    id: str
    number: str = Field(description="JF-YYYYMMDD-NNNN")
    category: DisputeCategory
    category_name: str
    summary: str
    status: DisputeStatus = Field(
        description="open 已登记 · assigned 已交办 · mediating 调解中 · settled 已调解 · "
        "failed 调解不成 · closed 已结案（回访后）"
    )
    status_name: str
    level: DisputeLevel = Field(
        description="到过的最高层级（调解成功时即化解层级）：micro_grid 联户网格 · village 村 · "
        "township 镇 · station 派出所"
    )
    level_name: str
    village: GovernanceAreaRef | None
    area_id: str
    address: str | None
    reporter: GovernancePersonOut
    assignee: DisputeAssigneeOut | None
    deadline_at: datetime | None = Field(description="交办的办理期限")
    overdue: bool = Field(description="已交办、未化解且过了期限")
    created_at: datetime
    settled_at: datetime | None


class DisputeDetail(DisputeOut):
    description: str
    location: GovernanceLocation | None
    parties: list[DisputePartyOut]
    sessions: list[DisputeSessionOut] = Field(description="调解记录，先后顺序")
    agreement_text: str | None
    agreement_media_ids: list[str]
    failure: DisputeFailureOut | None = Field(description="调解不成时：原因、引导去向和建议")
    follow_up_due_at: datetime | None = Field(description="回访到期时间")
    followed_up_at: datetime | None
    follow_up: DisputeFollowUpOut | None
    closed_at: datetime | None
    media: list[DisputeMediaOut]
    trail: list[DisputeEventOut]
    trail_intact: bool = Field(description="留痕链完整，未被篡改")
    links: list[GovernanceLinkOut]
    phone_notices: list[GovernancePhoneNoticeOut] = Field(
        description="需要打电话告知的人（没有微信的）"
    )
    can_assign: bool
    can_mediate: bool
    can_settle: bool
    can_fail: bool
    can_follow_up: bool
    can_read_phones: bool


class DisputePage(BaseModel):
    items: list[DisputeOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
