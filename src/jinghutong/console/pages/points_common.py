"""What the 积分 pages share: the page's dependencies, the tabs, the redirect after a POST."""

from __future__ import annotations

from typing import Annotated

from fastapi.responses import RedirectResponse

from jinghutong.console.session import ConsoleUser, actor, viewer
from jinghutong.console.templating import url

Viewer = Annotated[ConsoleUser, viewer("points")]
Actor = Annotated[ConsoleUser, actor("points")]
PAGE_SIZE = 25
TABS = (
    ("claims", "积分申报"),
    ("redemptions", "兑换核销"),
    ("adjustments", "人工奖扣"),
    ("rules", "积分规则"),
    ("leaderboard", "光荣榜"),
    ("evaluations", "村警考评"),
)


def back(path: str, done: str, extra: str = "") -> RedirectResponse:
    return RedirectResponse(url(f"{path}?done={done}{extra}"), status_code=303)
