"""The words and forms of the 警讯 pages: status names, the compose form into the API's
`BulletinIn`/`BulletinPatch` (audience: everyone in the chosen areas, or only the households
there carrying a tag — the spec's `combine="intersect"`, as the mini-program composes it), the
areas one may choose, and the rates of a bulletin's statistics."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData

from jinghutong.areas.service import get_area, map_areas
from jinghutong.bulletins.audience.spec import PUBLISH_ROLES
from jinghutong.bulletins.schemas import BulletinOut, Counts
from jinghutong.console.session import ConsoleUser
from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.models import BULLETIN_CATEGORIES, KNOWN_HOUSEHOLD_TAGS

STATUS_NAMES = {
    "draft": "草稿",
    "pending_approval": "待所长审批",
    "scheduled": "定时待发",
    "sending": "发送中",
    "sent": "已发送",
    "cancelled": "已撤回",
}
LIVE = ("scheduled", "sending")  # the stats still move: the page polls them
CATEGORIES = BULLETIN_CATEGORIES
TAGS = KNOWN_HOUSEHOLD_TAGS
FIELD_NAMES = {
    "category": "类别",
    "title": "标题",
    "body": "正文",
    "audience": "推送范围",
    "audience.areas": "推送范围",
    "audience.combine": "推送对象",
    "reason": "退回理由",
    "at": "发布时间",
}
DONE = {
    "created": "草稿已保存。请核对下面的推送人数，无误后点“发布”。",
    "saved": "修改已保存，推送人数已重新计算。",
    "published": "已发布，正在推送。",
    "pending": "已提交所长审批：超出您辖区的推送需所长批准后才发出。",
    "approved": "已批准，正在推送。",
    "rejected": "已退回给发布人修改。",
    "cancelled": "已撤回：还没发出的消息不再发送。",
}


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    note: str = ""


def audience_of(form: FormData) -> dict[str, Any]:
    areas = [v for v in form.getlist("areas") if isinstance(v, str) and v]
    spec: dict[str, Any] = {"areas": areas}
    if form.get("mode") == "tagged":
        tags = [v for v in form.getlist("tags") if isinstance(v, str) and v]
        spec.update(tags=tags, combine="intersect")
    return spec


def bulletin_body(form: FormData) -> dict[str, Any]:
    """The compose form as the API's JSON body (BulletinIn / BulletinPatch validate it)."""

    def text(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    return {
        "category": text("category"),
        "title": text("title"),
        "body": text("body"),
        "important": form.get("important") == "yes",
        "feed_only_when_short": form.get("feed_only_when_short") == "yes",
        "audience": audience_of(form),
    }


def form_values(bulletin: BulletinOut | None) -> dict[str, Any]:
    """What the compose form shows: a new bulletin's defaults, or the draft being edited."""
    if bulletin is None:
        return {
            "category": CATEGORIES[0],
            "title": "",
            "body": "",
            "important": False,
            "feed_only_when_short": False,
            "areas": [],
            "mode": "all",
            "tags": [],
        }
    spec = bulletin.audience
    return {
        "category": bulletin.category,
        "title": bulletin.title,
        "body": bulletin.body,
        "important": bulletin.important,
        "feed_only_when_short": bulletin.feed_only_when_short,
        "areas": list(spec.areas),
        "mode": "tagged" if spec.combine == "intersect" else "all",
        "tags": list(spec.tags),
    }


async def area_choices(session: Session, me: ConsoleUser) -> tuple[Choice | None, list[Choice]]:
    """The station (the chief's or admin's own; for an officer the station above their
    villages, which the chief must approve) and the villages within one's scope."""
    villages = [a for a in await map_areas(session, me.person) if a.level == "village"]
    station = next(
        (g.area for g in me.grants if g.area.level == "station" and g.role in PUBLISH_ROLES),
        None,
    )
    if station is not None:
        return Choice(station.id, station.name, "全所"), [Choice(v.id, v.name) for v in villages]
    above = None
    if villages:
        trail = (await get_area(session, me.person, villages[0].id)).trail
        above = next((a for a in trail if a.level == "station"), None)
    whole = Choice(above.id, above.name, "全所，需所长审批") if above else None
    return whole, [Choice(v.id, v.name) for v in villages]


def rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def rates(counts: Counts) -> dict[str, str]:
    """送达率: WeChat messages sent of those reached; 阅读率: opened of those reached."""
    return {"sent": rate(counts.sent, counts.targeted), "read": rate(counts.read, counts.targeted)}


@contextmanager
def fields_named() -> Iterator[None]:
    """The audience checks refuse with the generic 422 and the field's reason (the API's body
    carries `fields`); a page has only the message, so it names the field in it."""
    try:
        yield
    except ValidationFailed as exc:
        if exc.message != ValidationFailed.detail or not exc.fields:
            raise
        said = "；".join(f"{FIELD_NAMES.get(k, k)}：{v}" for k, v in list(exc.fields.items())[:3])
        raise ValidationFailed(f"填写的内容有误：{said}", fields=exc.fields) from exc
