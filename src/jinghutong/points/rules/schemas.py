"""The rule book on the wire."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jinghutong.models import POINTS_EVENT_NAMES, PointsEvent

MAX_RULES = 20


class RuleIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # A plain string, checked by points.rules.policy so the 422 names the rule refused.
    event_kind: str = Field(min_length=1, max_length=24, description="计分事项")
    points: int = Field(ge=-10_000, le=10_000, description="每次积分（必须大于0）")
    monthly_cap: int | None = Field(None, ge=0, le=100_000, description="每人每月该项上限")
    description: str = Field("", max_length=200)


class RuleBookIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    rules: list[RuleIn] = Field(min_length=1, max_length=MAX_RULES)
    monthly_cap: int | None = Field(None, ge=0, le=100_000, description="每人每月积分总上限")
    note: str | None = Field(None, max_length=200, description="修改说明")


class RuleOut(BaseModel):
    event_kind: str
    name: str = Field(description="事项的中文名")
    points: int
    monthly_cap: int | None
    description: str


class RuleBookOut(BaseModel):
    station_id: str
    version: int
    monthly_cap: int | None = Field(description="每人每月积分总上限")
    note: str | None
    rules: list[RuleOut]


def kind_name(event_kind: str) -> str:
    try:
        return POINTS_EVENT_NAMES[PointsEvent(event_kind)]
    except ValueError:
        return event_kind
