"""光荣榜 payloads."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from jinghutong.points.leaderboard.periods import PeriodKind

GroupLevel = Literal["village", "micro_grid"]


class AreaRef(BaseModel):
    id: str
    name: str
    level: str


class BoardEntry(BaseModel):
    rank: int = Field(description="名次；积分相同名次相同")
    name: str = Field(description="姓名；工作人员看全名，村民看到的是遮挡后的（自己的除外）")
    village: str = Field(description="得分时所在的行政村")
    micro_grid: str | None = Field(description="得分时所在的微网格（按微网格排时）")
    points: int = Field(description="本期得到的积分（不含兑换和退回）")
    is_me: bool
    person_id: str | None = Field(None, description="工作人员可见")


class BoardGroup(BaseModel):
    area: AreaRef
    entries: list[BoardEntry] = Field(
        description="本组按名次排列；本期无人得分时为空列表（该组仍列出）"
    )


class LeaderboardOut(BaseModel):
    area: AreaRef
    period: PeriodKind
    label: str = Field(description="2026年第四季度 · 2026年度")
    first_day: date
    last_day: date
    grouped_by: GroupLevel = Field(
        description="village：按村排（所、乡镇）· micro_grid：按微网格排（村）"
    )
    full_names: bool
    groups: list[BoardGroup] = Field(
        description="区域内的每个微网格（按村排时为每个村）各一组，按区域顺序；"
        "本期无人得分的组也列出（entries 为空），以便公示时看出哪些网格还没有人得分"
    )
