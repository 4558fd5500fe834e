"""Household code payloads."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CodeOut(BaseModel):
    scene: str = Field(description="小程序码携带的 scene；户码的明文只在这里出现，数据库只存其哈希")
    version: int = Field(description="户码版本；每次更换加一")
    image_url: str = Field(description="户码图片（PNG）的地址，需要同样的登录凭证")
