"""A duty-room dispatch."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jinghutong.cases.schemas import MAX_TEXT, Kind, LocationIn


class DispatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    summary: str = Field(min_length=1, max_length=MAX_TEXT, description="警情摘要")
    kind: Kind = Field("dispute", description="警情类别（同案件类别）")
    location: LocationIn
