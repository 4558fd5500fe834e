"""The body of a staff review decision."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Decision = Literal["pass", "uphold"]


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    decision: Decision = Field(
        description="pass 审核通过：能看到案件的人都能看到这项内容 · "
        "uphold 维持：这项内容今后只给提交人和审核人员（民警、本村村警）看，"
        "其他人看到“此内容经审核不予公开”（案件照常办理）"
    )
    media_id: str | None = Field(
        None,
        min_length=1,
        max_length=26,
        description="审核的附件编号（须是本案件的附件）；不填表示审核案件的文字",
    )
    note: str = Field(
        "",
        max_length=500,
        description="审核说明（可空，记入全程留痕，只有审核人员能看到）",
    )
