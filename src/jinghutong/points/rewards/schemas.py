"""Rewards and redemptions payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, model_validator

from jinghutong.media.api import MediaView

Pool = Literal["mine", "household"]
Scope = Literal["mine", "station"]
MAX_POINTS = 100_000
MAX_STOCK = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class RewardIn(_Strict):
    name: str = Field(min_length=1, max_length=50, description="物品或服务：洗衣粉一袋、体检券")
    description: str = Field("", max_length=200, description="规格、领取说明")
    points: StrictInt = Field(ge=1, le=MAX_POINTS, description="兑换一份要多少积分")
    stock: StrictInt = Field(ge=0, le=MAX_STOCK, description="警务室现有几份")
    photo_media_id: str | None = Field(
        None, min_length=1, max_length=26, description="POST /media 上传的照片编号"
    )
    station_id: str | None = Field(
        None, min_length=1, max_length=26, description="哪个派出所的目录；只管一个所时可不填"
    )


class RewardPatch(_Strict):
    name: str | None = Field(None, min_length=1, max_length=50)
    description: str | None = Field(None, max_length=200)
    points: StrictInt | None = Field(None, ge=1, le=MAX_POINTS, description="只影响以后的兑换")
    stock_delta: StrictInt | None = Field(
        None,
        ge=-MAX_STOCK,
        le=MAX_STOCK,
        description="库存增减：到货 +20，盘点少了 -2（村警也可登记）；库存不会少于零",
    )
    photo_media_id: str | None = Field(
        None, min_length=1, max_length=26, description="新照片；传 null 去掉照片"
    )
    active: StrictBool | None = Field(None, description="false：下架（已兑换未领取的照常领取）")

    @model_validator(mode="after")
    def _only_the_photo_may_be_null(self) -> RewardPatch:
        for name in sorted(self.model_fields_set - {"photo_media_id"}):
            if getattr(self, name) is None:
                raise ValueError(f"{name} 不能为空")
        return self


class RedeemIn(_Strict):
    reward_id: str = Field(min_length=1, max_length=26)
    pool: Pool = Field("mine", description="mine：用自己的积分 · household：户主用全家的积分")
    household_id: str | None = Field(
        None, min_length=1, max_length=26, description="pool=household 且是多户户主时选哪一户"
    )


class CodeIn(_Strict):
    code: str = Field(
        min_length=1,
        max_length=32,
        pattern=r"^[0-9\s\-－—·]+$",
        description="村民出示的兑换码（扫码或手输，空格、横线可有可无）",
    )


class Ref(BaseModel):
    id: str
    name: str


class RewardOut(BaseModel):
    id: str
    station_id: str
    name: str
    description: str
    points: int
    stock: int
    active: bool
    photo: MediaView | None = Field(description="照片（带有效期的链接）")
    created_at: datetime
    updated_at: datetime


class Available(BaseModel):
    mine: int = Field(description="自己可用的积分")
    household: int | None = Field(description="作为户主可用的全家积分；不是户主时为 null")


class RewardPage(BaseModel):
    station: Ref
    available: Available | None = Field(description="调用者现在可用于兑换的积分（村民、联户长）")
    items: list[RewardOut]
    next_cursor: str | None = None


class RedemptionOut(BaseModel):
    id: str
    reward: Ref
    station_id: str
    points: int = Field(description="兑换时扣下的积分")
    pool: Pool
    status: str = Field(description="held 待领取 · fulfilled 已领取 · cancelled 已取消")
    status_name: str
    person: Ref = Field(description="兑换人（非工作人员看到的是自己）")
    household: Ref | None = Field(description="用全家积分时是哪一户（name 为门牌地址）")
    created_at: datetime
    fulfilled_at: datetime | None
    fulfilled_by: Ref | None
    cancelled_at: datetime | None
    code: str | None = Field(
        None, description="兑换码（10 位数字），只给兑换人本人、且待领取时；到警务室出示"
    )
    code_shown: str | None = Field(None, description="分组后的兑换码，便于念给工作人员听")
    code_png_url: str | None = Field(None, description="兑换码二维码图片")
    balance_after: int | None = Field(None, description="兑换后这一份积分还剩多少（只在兑换时）")


class RedemptionPage(BaseModel):
    items: list[RedemptionOut]
    next_cursor: str | None = Field(None, description="传给下一次请求的 cursor；没有更多时为 null")
