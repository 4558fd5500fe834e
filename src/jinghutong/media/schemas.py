"""Media payloads."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from jinghutong.models import Media

MediaKindName = Literal["image", "voice"]


class MediaOut(BaseModel):
    id: str
    kind: MediaKindName
    content_type: str
    size: int
    duration_ms: int | None = None
    width: int | None = None
    height: int | None = None
    # none | pending | pass | review | risky (WeChat's content check); withheld (staff kept it);
    # purged (past the retention period: no file any more)
    check_status: str

    @classmethod
    def of(cls, media: Media) -> MediaOut:
        return cls(
            id=media.id,
            kind=media.kind,
            content_type=media.content_type,
            size=media.size,
            duration_ms=media.duration_ms,
            width=media.width,
            height=media.height,
            check_status=media.check_status,
        )


class MediaView(MediaOut):
    """A media item as shown inside a case: with an expiring link the page can use directly
    (`<image src>` / `wx.createInnerAudioContext().src`); a purged one has no link and says
    why in `notice`."""

    url: str | None = None  # None once purged
    url_expires_in: int
    notice: str | None = None  # 已过保存期限 once purged
