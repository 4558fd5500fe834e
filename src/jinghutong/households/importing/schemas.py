"""Import payloads: the per-row report."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RowError(BaseModel):
    row: int = Field(description="表格中的行号（与 Excel 左侧的行号一致）")
    field: str = Field(description="列名，如“门牌地址”")
    detail: str


class ImportReport(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = Field(0, description="被拒绝（未导入）的行数")
    errors: list[RowError] = Field(default_factory=list)
    errors_omitted: int = Field(0, description="错误太多时，未列出的错误条数")
    warnings: list[str] = Field(default_factory=list)
    dry_run: bool = Field(False, description="试运行：只检查，不写入")
