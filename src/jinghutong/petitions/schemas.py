"""所长直通车 payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictInt, model_validator

MAX_TEXT = 2000
MAX_MEDIA = 9

MediaIds = list[str]
Scope = Literal["mine", "inbox", "assigned"]
Sort = Literal["newest", "oldest", "deadline"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _text_or_media(text: str, media_ids: list[str]) -> None:
    if not text and not media_ids:
        raise ValueError("请写几句话，或附上照片、语音")


class PetitionIn(_Strict):
    text: str = Field("", max_length=MAX_TEXT, description="想对所长说的话（可只发语音）")
    subject: str | None = Field(
        None, min_length=1, max_length=50, description="标题；不填时取正文开头"
    )
    media_ids: MediaIds = Field(
        default_factory=list,
        max_length=MAX_MEDIA,
        description="POST /media 上传得到的照片、语音编号（最多 9 个）",
    )
    household_id: str | None = Field(
        None, max_length=26, description="以哪一户的名义来信；只加入了一户时可不填"
    )

    @model_validator(mode="after")
    def _has_content(self) -> PetitionIn:
        _text_or_media(self.text, self.media_ids)
        return self


class MessageIn(_Strict):
    text: str = Field("", max_length=MAX_TEXT)
    media_ids: MediaIds = Field(default_factory=list, max_length=MAX_MEDIA)

    @model_validator(mode="after")
    def _has_content(self) -> MessageIn:
        _text_or_media(self.text, self.media_ids)
        return self


class AssignIn(_Strict):
    assignee_id: str = Field(min_length=1, max_length=26, description="交给哪位民警办理")
    deadline_at: AwareDatetime = Field(description="答复期限（来信人看得到），须晚于现在")
    note: str | None = Field(None, max_length=200, description="给民警的交办意见")


class CloseIn(_Strict):
    note: str | None = Field(None, max_length=500, description="办结说明（来信人看得到）")


class RateIn(_Strict):
    rating: StrictInt = Field(ge=1, le=5, description="1–5 分，5 分最满意")
    comment: str | None = Field(None, max_length=200)


class PersonRef(BaseModel):
    id: str
    name: str


class AreaRef(BaseModel):
    id: str
    name: str


class MessageOut(BaseModel):
    id: str
    author_role: str = Field(description="sender 来信人 · chief 所长 · officer 承办民警")
    author_name: str
    text: str
    media_ids: list[str]
    created_at: datetime


class EventOut(BaseModel):
    seq: int
    action: str = Field(
        description="created · read · assigned · replied · followed_up · rated · closed"
    )
    actor_role: str | None
    detail: dict[str, Any]
    created_at: datetime


class PetitionOut(BaseModel):
    id: str
    subject: str
    status: str = Field(
        description="open 待阅处 · assigned 已交办 · answered 已答复 · closed 已办结"
    )
    status_name: str
    sender: PersonRef
    village: AreaRef | None
    created_at: datetime
    read_by_chief_at: datetime | None = Field(description="所长第一次打开的时间（已阅）")
    assignee: PersonRef | None
    deadline_at: datetime | None = Field(description="所长定的答复期限")
    overdue: bool = Field(description="过了期限还没有答复")
    answered_at: datetime | None
    rating: int | None
    closed_at: datetime | None
    last_activity_at: datetime | None


class PetitionDetail(PetitionOut):
    rating_comment: str | None
    messages: list[MessageOut]
    events: list[EventOut]
    can_reply: bool
    can_rate: bool
    can_assign: bool
    can_close: bool


class PetitionPage(BaseModel):
    items: list[PetitionOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
