"""What a report carries."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from jinghutong.cases.schemas import MAX_MEDIA, MAX_TEXT, Kind, LocationIn


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Kind = Field(
        description="alarm 报警 · clue 线索 · hazard 隐患 · dispute 纠纷 · help 求助 · "
        "consult 咨询 · sentiment 社情民意"
    )
    text: str = Field("", max_length=MAX_TEXT, description="文字说明（语音请作为 media 上传）")
    media_ids: list[str] = Field(
        default_factory=list, max_length=MAX_MEDIA, description="POST /media 得到的编号"
    )
    location: LocationIn | None = Field(None, description="给出位置时按位置找所在微网格")
    household_id: str | None = Field(None, max_length=26, description="以哪一户的名义上报")
