"""The 联户长's year on the wire."""

from __future__ import annotations

from pydantic import BaseModel, Field

from jinghutong.points.evaluation.schemas import AreaRef, PersonRef


class LeaderYear(BaseModel):
    person: PersonRef
    micro_grids: list[AreaRef] = Field(description="所联系的微网格（本区域内）")
    dispatches_fed_back: int = Field(description="接受派警并反馈的次数")
    visits: int = Field(description="走访次数")
    hazards_found: int = Field(description="发现并上报的隐患")
    disputes_recorded: int = Field(description="本微网格登记的纠纷")
    disputes_settled: int = Field(description="本微网格化解的纠纷")
    points_earned: int = Field(description="全年所得积分（不含兑换与退回）")
    rated_cases: int = Field(description="经手并被群众评价的事项")
    mean_rating: float | None = Field(description="群众评价平均分（1–5）；无评价为 null")


class LeadersYearOut(BaseModel):
    year: int
    area: AreaRef
    items: list[LeaderYear]
    next_cursor: str | None
    note: str = Field(description="只读统计表：联户长的年度考评不需确认、不设申诉")
