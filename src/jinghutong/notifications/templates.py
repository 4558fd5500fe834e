"""Which subscribe-message template a notification kind is pushed with, and how its data is
shaped to WeChat's field rules (WECHAT.md: thing ≤ 20 chars, phrase ≤ 5 Chinese chars, time a
formatted date) so that WeChat never answers 47003. Other domains register their kinds here."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from jinghutong.core.clock import SHANGHAI
from jinghutong.models import Notification

# The code's names for its subscribe-message templates (the emulator's ids too). The ids the
# mini-program console assigned are WeChat's business: `configure_template_ids` maps names to
# them from settings (`wechat.templates`), and they are used only where we meet WeChat — the
# messages sent and the answers the phone posts (`wechat_template_id`, `template_name`).
# Inside, quotas and deliveries keep the names, so a new console id needs no data migration.
MEMBERSHIP_TEMPLATE = "tmpl_membership"
# Long-term subscriptions (政务民生 services only): an "accept" sets a flag instead of +1.
LONG_TERM_TEMPLATES: frozenset[str] = frozenset()

Builder = Callable[[Notification], dict[str, str]]


@dataclass(frozen=True)
class PushSpec:
    template_id: str
    build: Builder


_specs: dict[str, PushSpec] = {}
_to_wechat: dict[str, str] = {}
_from_wechat: dict[str, str] = {}


def configure_template_ids(assigned: Mapping[str, str]) -> None:
    """Name → the id the mini-program console assigned (settings' `wechat.templates`)."""
    _to_wechat.clear()
    _to_wechat.update(assigned)
    _from_wechat.clear()
    _from_wechat.update({wechat_id: name for name, wechat_id in assigned.items()})


def wechat_template_id(name: str) -> str:
    """The id to send to WeChat for the template the code calls `name`."""
    return _to_wechat.get(name, name)


def template_name(wechat_id: str) -> str:
    """The code's name for a template id the phone reports (unknown ids stay as they are)."""
    return _from_wechat.get(wechat_id, wechat_id)


def register_push(kind: str, template_id: str, build: Builder) -> None:
    _specs[kind] = PushSpec(template_id, build)


def push_spec(kind: str) -> PushSpec | None:
    return _specs.get(kind)


def thing(value: str, limit: int = 20) -> str:
    """A `thing` value: at most 20 characters, never empty."""
    value = " ".join(value.split()) or "-"
    return value if len(value) <= limit else value[: limit - 1] + "…"


def wechat_time(notification: Notification) -> str:
    return notification.created_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _membership(phrase: str) -> Builder:
    def build(notification: Notification) -> dict[str, str]:
        return {
            "thing1": thing(notification.title),
            "phrase2": phrase,
            "time3": wechat_time(notification),
            "thing4": thing(notification.body),
        }

    return build


# Fields of tmpl_membership: thing1 事项, phrase2 状态, time3 时间, thing4 说明.
MEMBERSHIP_FIELDS = {"thing1": "thing", "phrase2": "phrase", "time3": "time", "thing4": "thing"}
register_push("membership.requested", MEMBERSHIP_TEMPLATE, _membership("待审核"))
register_push("membership.approved", MEMBERSHIP_TEMPLATE, _membership("已通过"))
register_push("membership.rejected", MEMBERSHIP_TEMPLATE, _membership("未通过"))
register_push("membership.removed", MEMBERSHIP_TEMPLATE, _membership("已移出"))


# -- tmpl_case_progress for records other than cases ---------------------------------------
# Fields: thing1 事项, time2 时间, phrase3 状态, thing4 说明, character_string5 编号 — here the
# record's id at the end of the notice's link ("pages/…/detail?id=<id>"). Cases number theirs
# from the link's `no` (cases.notices).
PROGRESS_TEMPLATE = "tmpl_case_progress"


def _linked_id(notification: Notification) -> str:
    link = notification.link or ""
    return link.rsplit("=", 1)[-1][:32] if "=" in link else "-"


def _progress(phrase: str) -> Builder:
    def build(notification: Notification) -> dict[str, str]:
        return {
            "thing1": thing(notification.title),
            "time2": wechat_time(notification),
            "phrase3": phrase,
            "thing4": thing(notification.body),
            "character_string5": _linked_id(notification),
        }

    return build


def register_progress(phrases: Mapping[str, str]) -> None:
    """Push each kind with tmpl_case_progress, its 状态 the kind's phrase (≤ 5 Chinese
    characters)."""
    for kind, phrase in phrases.items():
        register_push(kind, PROGRESS_TEMPLATE, _progress(phrase))


# -- bulletins (警讯资讯) ------------------------------------------------------------------------
# Fields of tmpl_bulletin: thing1 标题, date2 发布日期, name3 发布单位, thing4 类别/摘要.
BULLETIN_TEMPLATE = "tmpl_bulletin"
BULLETIN_FIELDS = {"thing1": "thing", "date2": "date", "name3": "name", "thing4": "thing"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def name_value(value: str, limit: int = 10) -> str:
    """A `name` value: Chinese characters only, at most 10 (WeChat answers 47003 otherwise)."""
    kept = "".join(ch for ch in value if _CJK.match(ch))[:limit]
    return kept or "派出所"


def bulletin_data(
    title: str, category: str, published_at: datetime, sender: str
) -> dict[str, dict[str, str]]:
    """The subscribe-message data of a bulletin, shaped to tmpl_bulletin's field rules."""
    return {
        "thing1": {"value": thing(title)},
        "date2": {"value": published_at.astimezone(SHANGHAI).strftime("%Y-%m-%d")},
        "name3": {"value": name_value(sender)},
        "thing4": {"value": thing(category)},
    }
