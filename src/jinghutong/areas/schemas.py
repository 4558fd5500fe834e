"""Area payloads."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AreaBrief(BaseModel):
    id: str
    name: str
    level: str
    level_name: str


class AreaOut(AreaBrief):
    parent_id: str | None
    code: str | None = Field(None, description="行政区划代码（有则填）")
    lat: float | None
    lng: float | None
    household_count: int = Field(description="本人可见范围内，此区域之下的户数")
    in_scope: bool = Field(description="在本人管辖范围内；否则只是为了导航而显示的上级区域")


class AreaDetail(AreaOut):
    trail: list[AreaBrief] = Field(description="上级区域，自上而下（不含本区域）")


class MapArea(BaseModel):
    """An area as a schematic map draws it (the console's duty desk): where it is and what is
    above it, no counts."""

    id: str
    name: str
    level: str
    parent_id: str | None
    lat: float
    lng: float
