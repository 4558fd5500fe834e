"""Bodies of the case actions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jinghutong.cases.schemas import MAX_MEDIA, MAX_TEXT


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field("", max_length=MAX_TEXT, description="说明（可空）")


class ResolveIn(NoteIn):
    # Clues only, officers only: what the clue turned out to be (the points sweep reads it).
    outcome: Literal["valid", "caught", "invalid"] | None = Field(
        None, description="线索核查结果（民警填）：valid 有效 · caught 抓获现行 · invalid 无效"
    )


class ContentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field("", max_length=MAX_TEXT)
    media_ids: list[str] = Field(default_factory=list, max_length=MAX_MEDIA)


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=1, max_length=500, description="原因")


class RevisitIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="回访情况")
    satisfied: bool | None = Field(None, description="群众是否满意")


class RateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    rating: int = Field(ge=1, le=5, description="1–5 星")
    text: str = Field("", max_length=500)
