"""走访 payloads. Topics travel as codes (`errand`); every response carries their Chinese names
too, so the phone shows what the server says."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, model_validator

from jinghutong.media.api import MediaView
from jinghutong.models import VisitTopic

MAX_HOUSEHOLDS = 20
MAX_MEDIA = 10
MAX_TEXT = 2000

Id = Annotated[str, Field(min_length=1, max_length=26)]
# A case a visit turns up: every kind a villager may report except an alarm — something
# happening now is a call to 110 (or an alarm report), not a note written after a visit.
FindingCaseKind = Literal["clue", "hazard", "dispute", "help", "consult", "sentiment"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LocationIn(_Strict):
    lat: float = Field(ge=-90, le=90)
    lng: float = Field(ge=-180, le=180)


class VisitIn(_Strict):
    visited_at: AwareDatetime | None = Field(
        None, description="走访时间；不填为现在。不能晚于现在，不能早于一年前"
    )
    household_ids: list[Id] = Field(
        default_factory=list,
        max_length=MAX_HOUSEHOLDS,
        description="走访了哪几户（最多 20 户，须在您的辖区、同一个村）；不填则须填 area_id",
    )
    area_id: Id | None = Field(
        None, description="走访的村、网格或微网格（没有具体走访户时必填，如巡走一片）"
    )
    topics: list[VisitTopic] = Field(
        min_length=1,
        max_length=len(VisitTopic),
        description="走访事项，至少一项：basic_info 基础信息采集 · sentiment 社情民意 · "
        "hazard 安全隐患 · dispute 矛盾纠纷 · policy 政策宣传 · errand 代办服务 · "
        "care 关爱帮扶 · prevention 治安防范 · other 其他",
    )
    met: str = Field("", max_length=200, description="见到了谁（如：余奶奶本人、她的儿子）")
    text: str = Field("", max_length=MAX_TEXT, description="了解到的情况")
    media_ids: list[Id] = Field(
        default_factory=list,
        max_length=MAX_MEDIA,
        description="POST /media 上传的语音、照片编号（语音在前）",
    )
    solved_on_spot: StrictBool = Field(False, description="当场已解决")
    follow_up: str | None = Field(None, max_length=500, description="后续要做的事")
    location: LocationIn | None = Field(None, description="走访时的位置")

    @model_validator(mode="after")
    def _somewhere(self) -> VisitIn:
        if not self.household_ids and self.area_id is None:
            raise ValueError("请选择走访的户，或选择走访的村、网格")
        self.household_ids = list(dict.fromkeys(self.household_ids))
        self.topics = list(dict.fromkeys(self.topics))
        return self


class CaseFindingIn(_Strict):
    kind: FindingCaseKind = Field(
        description="clue 线索 · hazard 隐患 · dispute 纠纷 · help 求助 · consult 咨询 · "
        "sentiment 社情民意"
    )
    text: str = Field("", max_length=MAX_TEXT, description="情况说明")
    media_ids: list[Id] = Field(default_factory=list, max_length=9, description="照片、语音")
    household_id: Id | None = Field(
        None, description="为走访的哪一户上报；这次只走访了一户时可不填"
    )


class CaseFinding(_Strict):
    kind: Literal["case"]
    case: CaseFindingIn


class AppointmentFinding(_Strict):
    kind: Literal["appointment"]
    appointment_id: Id = Field(description="已有的预约（如为村民代办的上门服务）")


FindingIn = Annotated[CaseFinding | AppointmentFinding, Field(discriminator="kind")]


class AreaRef(BaseModel):
    id: str
    name: str
    level: str


class PersonRef(BaseModel):
    id: str
    name: str


class HouseholdBrief(BaseModel):
    id: str
    area_id: str
    address: str
    head_name: str = Field(
        description="户主姓名（本户联户长、村警和民警看到全名；其他人看到遮挡后的，如 余**）"
    )


class FindingOut(BaseModel):
    type: str = Field(
        description="case 上报 · appointment 预约 · hazard 隐患 · dispute 纠纷 · "
        "sentiment 社情民意 · visit 走访"
    )
    id: str
    direction: Literal["to", "from"] = Field(
        description="to：由这次走访产生 · from：这次走访由它而来"
    )
    label: str = Field(description="显示的名称，如：求助 JA-20260618-0003")
    status: str | None
    status_name: str | None = Field(description="状态，如：待安排、整改中")


class EventOut(BaseModel):
    seq: int
    action: str = Field(description="recorded 登记 · finding_added 关联了一项后续")
    actor: PersonRef | None
    detail: dict[str, Any]
    created_at: datetime


class VisitOut(BaseModel):
    id: str
    visited_at: datetime
    area: AreaRef
    visitor: PersonRef
    visitor_role: str
    visitor_role_name: str = Field(description="走访人的身份，如：村警")
    topics: list[str]
    topic_names: list[str] = Field(description="走访事项的中文名")
    households: list[HouseholdBrief]
    summary: str = Field(description="了解到的情况的开头")
    solved_on_spot: bool
    follow_up: str | None
    media_count: int
    created_at: datetime


class LocationOut(BaseModel):
    lat: float
    lng: float


class VisitDetail(VisitOut):
    met: str
    text: str
    location: LocationOut | None
    media: list[MediaView] = Field(description="语音、照片（带限时链接）")
    findings: list[FindingOut] = Field(description="由这次走访产生的隐患、纠纷、上报、预约等")
    events: list[EventOut] = Field(description="留痕")
    can_add_findings: bool


class VisitPage(BaseModel):
    items: list[VisitOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")


class TopicOut(BaseModel):
    code: str
    name: str


class TopicList(BaseModel):
    items: list[TopicOut]


class UnvisitedItem(BaseModel):
    household: HouseholdBrief
    last_visited_at: datetime | None = Field(description="最近一次走访时间；从没走访过为 null")


class UnvisitedPage(BaseModel):
    area: AreaRef
    days: int
    since: datetime = Field(description="从这个时间起没有人走访过的户")
    items: list[UnvisitedItem] = Field(description="最久没走访的在前（从没走访过的最前）")
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
