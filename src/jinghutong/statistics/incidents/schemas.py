"""The 警情 register on the wire: categories and their mapping, a mapping change, the import's
per-row report."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jinghutong.households.importing.schemas import RowError

CategoryCode = Literal[
    "criminal", "public_order", "traffic", "fire", "dispute", "help", "report", "other", "invalid"
]
Source = Literal["case", "dispute", "hazard", "110"]


class CategoryOut(BaseModel):
    code: CategoryCode
    name: str = Field(description="中文名称，如“治安”")
    valid: bool = Field(description="是否计入有效警情（无效报警不计入）")


class MappingRowOut(BaseModel):
    source: Source = Field(
        description="case 警户通案件 · dispute 纠纷登记 · hazard 隐患登记 · 110 接处警"
    )
    source_name: str
    kind: str = Field(
        description="来源中的类别：案件类型（或 类型:核查结果）、纠纷类别、隐患类别、110 类别/细类"
    )
    category: CategoryCode
    category_name: str
    note: str


class CategoriesOut(BaseModel):
    categories: list[CategoryOut]
    valid_definition: str = Field(description="有效警情的口径")
    mapping: list[MappingRowOut]


class MappingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source: Source
    kind: str = Field(min_length=1, max_length=40)
    category: CategoryCode
    note: str = Field("", max_length=200)
    apply_to_history: bool = Field(
        False,
        description="同时把已有警情中按这一行归类的改为新类别（日汇总同步调整）；默认只对今后导入、"
        "重新导入和此后有变动的案件生效",
    )


class MappingChangeOut(BaseModel):
    row: MappingRowOut
    previous_category: CategoryCode | None = Field(description="修改前的类别；新增的行为空")
    existing_incidents: int = Field(description="已有警情中按这一行归类、且类别与新类别不同的条数")
    moved: int = Field(description="本次改写的已有警情条数（未选择改写历史时为 0）")
    effect: str = Field(description="这次修改的效果，中文说明")


class UnmappedText(BaseModel):
    text: str = Field(description="对照表中没有的 110 类别/细类")
    count: int
    rows: list[int] = Field(description="出现的行号（最多列出 20 个）")


class IncidentImportReport(BaseModel):
    station_id: str
    station_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = Field(0, description="被拒绝（未导入）的行数")
    errors: list[RowError] = Field(default_factory=list)
    errors_omitted: int = Field(0, description="错误太多时，未列出的错误条数")
    warnings: list[str] = Field(default_factory=list)
    unmapped: list[UnmappedText] = Field(
        default_factory=list, description="不在分类对照表中、已按“其他”统计的类别"
    )
    dry_run: bool = Field(False, description="试运行：只检查，不写入")
