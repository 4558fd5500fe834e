"""The figures' payloads: 警情 counts with 同比/环比 and 日均, and the resolution figures."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

GroupBy = Literal["category", "township", "village", "month"]


class AreaRef(BaseModel):
    id: str
    name: str
    level: str


class PeriodOut(BaseModel):
    from_: date = Field(serialization_alias="from", description="起（含），北京时间的日期")
    to: date = Field(description="止（含）")
    days: int
    label: str = Field(description="如 2024年、2024年7月、2024-01-01至2024-06-30")


class Figure(BaseModel):
    count: int
    previous: int = Field(description="对比期的数目（同比：上年同期；环比：上一期）")
    change_pct: float | None = Field(
        description="增减百分比，保留两位小数，如 -21.81；对比期为 0 时为 null"
    )
    per_day: float = Field(description="日均（本期数目 ÷ 天数，两位小数）")


class CategoryLine(Figure):
    code: str
    name: str
    valid: bool = Field(description="是否计入有效警情")
    share_pct: float | None = Field(description="占本期总警情的百分比；总数为 0 时为 null")


class GroupLine(BaseModel):
    key: str | None = Field(
        description="类别代码、区域 id 或 YYYY-MM；null 为未定位到乡镇/村的警情"
    )
    name: str
    from_: date = Field(serialization_alias="from")
    to: date
    total: Figure
    valid: Figure = Field(description="其中有效警情")


class IncidentFigures(BaseModel):
    area: AreaRef
    period: PeriodOut
    compare: Literal["yoy", "mom"]
    compared_with: PeriodOut = Field(description="对比期")
    group_by: GroupBy
    total: Figure = Field(description="总警情")
    valid: Figure = Field(description="有效警情（刑事+治安+交通+火警+纠纷+群众求助+举报投诉+其他）")
    valid_share_pct: float | None = Field(description="有效警情占总警情的百分比")
    valid_share_previous_pct: float | None = Field(description="对比期的有效警情占比")
    invalid: Figure = Field(description="无效报警")
    categories: list[CategoryLine]
    groups: list[GroupLine]
    summary: str = Field(description="一句话：如“2024年辖区总警情同比下降21.81%，……”")


# -- resolution -----------------------------------------------------------------------------


class LevelCount(BaseModel):
    level: str = Field(description="micro_grid · village · township · station")
    name: str = Field(description="联户网格 · 村 · 镇 · 派出所")
    count: int
    share_pct: float | None


class LevelTable(BaseModel):
    total: int
    levels: list[LevelCount]
    in_grid_pct: float | None = Field(description="小事不出联户网格：在联户网格化解的占比")
    in_township_pct: float | None = Field(description="大事不出镇：在镇及以下化解的占比")


class Times(BaseModel):
    n: int = Field(description="有这段时间的警情数")
    p50: float | None = Field(description="中位数，分钟（一位小数）")
    p90: float | None = Field(description="90 分位，分钟")


class TimesLine(BaseModel):
    area_id: str | None = Field(description="村的 id；null 为全部或未定位到村")
    name: str
    to_accept: Times = Field(description="报警 → 接警")
    to_arrive: Times = Field(description="接警 → 到场")
    report_to_arrive: Times = Field(description="报警 → 到场")


class EscalationLine(BaseModel):
    area_id: str | None
    name: str
    cases: int = Field(description="期内被上报的案件数")
    escalations: int = Field(description="上报次数")
    by_deadline: int = Field(description="其中超时未接单自动上报的次数")
    by_handler: int = Field(description="其中处理人主动上报的次数")


class Escalations(BaseModel):
    total: EscalationLine
    villages: list[EscalationLine]


class Petitions(BaseModel):
    written: int = Field(description="期内收到的所长直通车来信")
    with_deadline: int = Field(description="其中所长定了答复期限的")
    answered_in_time: int = Field(description="在期限内答复的")
    answered_late: int = Field(description="超过期限才答复的")
    overdue: int = Field(description="期限已过仍未答复的")
    waiting: int = Field(description="期限未到、尚未答复的")
    in_time_pct: float | None = Field(description="按期答复率：按期答复 ÷ 有期限的来信")
    answered: int = Field(description="已答复的来信（不论有无期限）")
    mean_hours_to_answer: float | None = Field(description="从来信到答复的平均小时数")


class BulletinLine(BaseModel):
    area_id: str | None
    name: str
    targeted: int = Field(description="推送对象（人次）")
    sent: int = Field(description="微信订阅消息已送达")
    read: int = Field(description="已阅读")
    reach_pct: float | None = Field(description="触达率：送达或已读 ÷ 推送对象")
    read_pct: float | None = Field(description="阅读率：已读 ÷ 推送对象")


class Bulletins(BaseModel):
    bulletins: int = Field(description="期内发布的警讯条数")
    total: BulletinLine
    villages: list[BulletinLine]


class ResolutionFigures(BaseModel):
    area: AreaRef
    period: PeriodOut
    disputes: LevelTable = Field(description="矛盾纠纷：期内调解成功的，按化解层级")
    cases: LevelTable = Field(description="案件：期内办结的，按办结时所在层级")
    response_times: list[TimesLine] = Field(description="第一行为全部，其后按村")
    escalations: Escalations
    petitions: Petitions
    bulletins: Bulletins
