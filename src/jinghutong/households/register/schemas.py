"""Register payloads. Text is normalised the same way here and in the import (NFKC, trimmed,
inner runs of spaces collapsed) so that `１２号` typed on a phone and `12号` from Excel match."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

MAX_TAGS = 10
MAX_TAG_LENGTH = 20
_SPACES = re.compile(r"\s+")


def clean_text(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()


def clean_tags(tags: list[str]) -> list[str]:
    """Trimmed, de-duplicated (order kept), each 1..20 characters, at most 10."""
    out: list[str] = []
    for raw in tags:
        tag = clean_text(raw)
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise ValueError(f"标签「{tag}」太长了，最多 {MAX_TAG_LENGTH} 个字")
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_TAGS:
        raise ValueError(f"标签太多了，最多 {MAX_TAGS} 个")
    return out


Text = Annotated[str, AfterValidator(clean_text)]
Tags = Annotated[list[str], Field(max_length=50), AfterValidator(clean_tags)]
Lat = Annotated[float, Field(ge=-90, le=90, description="纬度（WGS-84 / GCJ-02）")]
Lng = Annotated[float, Field(ge=-180, le=180, description="经度")]


class StrictIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class HouseholdIn(StrictIn):
    area_id: str = Field(min_length=1, max_length=26, description="微网格的 id")
    address: Text = Field(min_length=1, max_length=200, description="门牌地址")
    head_name: Text = Field(min_length=1, max_length=50, description="户主姓名")
    lat: Lat | None = None
    lng: Lng | None = None
    member_count: int = Field(1, ge=0, le=99, description="人口数")
    tags: Tags = Field(default_factory=list)


class HouseholdPatch(StrictIn):
    """Only the fields sent change; `tags` replaces the whole list; `lat`/`lng` may be null."""

    area_id: str | None = Field(None, min_length=1, max_length=26)
    address: Text | None = Field(None, min_length=1, max_length=200)
    head_name: Text | None = Field(None, min_length=1, max_length=50)
    lat: Lat | None = None
    lng: Lng | None = None
    member_count: int | None = Field(None, ge=0, le=99)
    tags: Tags | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_null_for_required(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in ("area_id", "address", "head_name", "member_count", "tags"):
                if name in data and data[name] is None:
                    raise ValueError(f"{name} 不能为空")
        return data


class AreaBrief(BaseModel):
    id: str
    name: str
    level: str


class MemberOut(BaseModel):
    person_id: str
    name: str
    phone: str | None = Field(None, description="脱敏后的手机号")
    relation: str
    status: str


class HouseholdOut(BaseModel):
    id: str
    area_id: str
    address: str
    head_name: str
    lat: float | None
    lng: float | None
    member_count: int
    tags: list[str]
    updated_at: datetime


class HouseholdDetail(HouseholdOut):
    area_trail: list[AreaBrief] = Field(description="所属区域，自上而下到微网格")
    members: list[MemberOut]


class HouseholdPage(BaseModel):
    items: list[HouseholdOut]
    next_cursor: str | None = Field(None, description="下一页的翻页标记；没有更多时为空")


class TagCount(BaseModel):
    tag: str
    known: bool = Field(description="是否为派出所常用标签")
    count: int = Field(description="本人可见范围内带此标签的户数")
