"""How the matrix calls a route against a village's objects: path parameters filled with that
village's real ids, the area filter of a list set to that village, and a minimal body that passes
validation (so a refusal is the authorisation's, not a 422 for a missing field)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from authz.world import Village, jpeg
from jinghutong.core import clock

# Path parameter → the kind of object (Village.ids key) it names.
PATH_KINDS = {
    "case_id": "case",
    "micro_grid_id": "micro_grid",
    "household_id": "household",
    "membership_id": "membership",
    "notification_id": "notification",
    "area_id": "area",
    "media_id": "media",
    "petition_id": "petition",
    "bulletin_id": "bulletin",
    "service_id": "service",
    "slot_id": "slot",
    "appointment_id": "appointment",
    "visit_id": "visit",
    "item_id": "sentiment",
    "hazard_id": "hazard",
    "dispute_id": "dispute",
    "party_id": "party",
    "member_id": "roster_member",
    "camera_id": "camera",
    "notice_id": "phone_notice",
    "claim_id": "claim",
    "adjustment_id": "adjustment",
    "reward_id": "reward",
    "redemption_id": "redemption",
    "shift_id": "shift",
    "sheet_id": "sheet",
}
# Routes whose {area_id} must be a micro-grid (the 公示牌 is printed per micro-grid).
MICRO_GRID_PATHS = frozenset({"/api/v1/areas/{area_id}/signboard.pdf"})
# Kinds shared by every area (the station's catalogue of services): never "another area's".
SHARED_KINDS = frozenset({"service"})
_PARAM = re.compile(r"\{(\w+)\}")
MISSING_ID = "01ZZZZZZZZZZZZZZZZZZZZZZZZ"

Body = Callable[[Village], Any]


def _days(n: float) -> str:
    return (clock.now() + timedelta(days=n)).isoformat()


def _today() -> str:
    return clock.now().date().isoformat()


TEXT = {"text": "已联系，马上处理"}
# (method, path template) → body from the target village. Routes not listed send no body.
BODIES: dict[tuple[str, str], Body] = {
    ("POST", "/api/v1/cases"): lambda v: {
        "kind": "help",
        "text": "想请人帮忙",
        "household_id": v.h1.id,
    },
    ("POST", "/api/v1/cases/{case_id}/accept"): lambda v: TEXT,
    ("POST", "/api/v1/cases/{case_id}/arrive"): lambda v: TEXT,
    ("POST", "/api/v1/cases/{case_id}/feedback"): lambda v: TEXT,
    ("POST", "/api/v1/cases/{case_id}/answer"): lambda v: TEXT,
    ("POST", "/api/v1/cases/{case_id}/escalate"): lambda v: {"reason": "需要民警到场"},
    ("POST", "/api/v1/cases/{case_id}/resolve"): lambda v: TEXT,
    ("POST", "/api/v1/cases/{case_id}/comment"): lambda v: TEXT,
    ("POST", "/api/v1/cases/{case_id}/revisit"): lambda v: {"text": "回访，群众满意"},
    ("POST", "/api/v1/cases/{case_id}/rate"): lambda v: {"rating": 5},
    ("POST", "/api/v1/cases/{case_id}/reopen"): lambda v: {"reason": "问题还没解决"},
    ("POST", "/api/v1/cases/{case_id}/close"): lambda v: TEXT,
    ("POST", "/api/v1/cases/{case_id}/review"): lambda v: {"decision": "pass"},
    ("POST", "/api/v1/dispatches"): lambda v: {
        "summary": "村口有人打架",
        "kind": "alarm",
        "location": {"lat": 29.6, "lng": 118.9, "address": "村口"},
    },
    ("POST", "/api/v1/households"): lambda v: {
        "area_id": v.micro_grid.id,
        "address": "下坞9号",
        "head_name": "方有才",
    },
    ("PATCH", "/api/v1/households/{household_id}"): lambda v: {"area_id": v.micro_grid.id},
    ("POST", "/api/v1/households/bind"): lambda v: {"scene": v.ids["scene"]},
    ("POST", "/api/v1/subscriptions"): lambda v: {"results": {"tmpl-authz": "accept"}},
    ("POST", "/api/v1/petitions"): lambda v: {"text": "村口的路灯坏了", "household_id": v.h1.id},
    ("POST", "/api/v1/petitions/{petition_id}/messages"): lambda v: TEXT,
    ("POST", "/api/v1/petitions/{petition_id}/assign"): lambda v: {
        "assignee_id": v.ids["staff"],
        "deadline_at": _days(3),
    },
    ("POST", "/api/v1/petitions/{petition_id}/close"): lambda v: {},
    ("POST", "/api/v1/petitions/{petition_id}/rate"): lambda v: {"rating": 5},
    ("POST", "/api/v1/bulletins"): lambda v: {
        "title": "防范电信诈骗",
        "body": "不要相信陌生来电",
        "category": "反诈宣传",
        "audience": {"areas": [v.village.id]},
    },
    ("PATCH", "/api/v1/bulletins/{bulletin_id}"): lambda v: {"audience": {"areas": [v.village.id]}},
    ("POST", "/api/v1/bulletins/{bulletin_id}/publish"): lambda v: {},
    ("POST", "/api/v1/bulletins/{bulletin_id}/reject"): lambda v: {"reason": "请补充内容"},
    ("POST", "/api/v1/appointment-services/{service_id}/slots"): lambda v: {
        "date": (clock.now() + timedelta(days=4)).date().isoformat(),
        "start": "14:00",
        "end": "15:00",
        "capacity": 3,
        "area_id": v.station.id,
    },
    ("POST", "/api/v1/appointments"): lambda v: {
        "service_id": v.ids["service"],
        "slot_id": v.ids["slot"],
        "household_id": v.h1.id,
    },
    ("POST", "/api/v1/appointments/{appointment_id}/confirm"): lambda v: {},
    ("POST", "/api/v1/appointments/{appointment_id}/cancel"): lambda v: {},
    ("POST", "/api/v1/appointments/{appointment_id}/reschedule"): lambda v: {
        "slot_id": v.ids["slot2"]
    },
    ("POST", "/api/v1/appointments/{appointment_id}/complete"): lambda v: {},
    ("POST", "/api/v1/visits"): lambda v: {
        "topics": ["care"],
        "household_ids": [v.h1.id],
        "text": "看望老人",
    },
    ("POST", "/api/v1/visits/{visit_id}/findings"): lambda v: {
        "kind": "case",
        "case": {"kind": "help", "text": "老人需要帮忙", "household_id": v.h1.id},
    },
    ("POST", "/api/v1/sentiments"): lambda v: {
        "category": "demand",
        "text": "想修一下村口的路",
        "household_id": v.h1.id,
    },
    ("POST", "/api/v1/sentiments/{item_id}/handle"): lambda v: {"note": "已转交村委会"},
    ("POST", "/api/v1/hazards"): lambda v: {
        "kind": "housing",
        "title": "老房子墙体开裂",
        "household_id": v.h1.id,
    },
    ("POST", "/api/v1/hazards/{hazard_id}/notify"): lambda v: {
        "deadline_at": _days(3),
        "responsible_name": "叶土根",
        "responsible_phone": "13800001111",
    },
    ("POST", "/api/v1/hazards/{hazard_id}/report-rectified"): lambda v: TEXT,
    ("POST", "/api/v1/hazards/{hazard_id}/accept"): lambda v: {},
    ("POST", "/api/v1/hazards/{hazard_id}/reject"): lambda v: {
        "reason": "还没修好",
        "deadline_at": _days(3),
    },
    ("POST", "/api/v1/hazards/{hazard_id}/close"): lambda v: {
        "dismissed": True,
        "reason": "false_report",
    },
    ("POST", "/api/v1/hazards/{hazard_id}/regrade"): lambda v: {
        "grade": "general",
        "reason": "已加固",
    },
    ("POST", "/api/v1/disputes"): lambda v: {
        "category": "neighbour",
        "summary": "两家因排水沟争执",
        "parties": [
            {"name": "叶土根", "phone": "13800001111", "side": "申请人", "household_id": v.h1.id},
            {"name": "叶春生", "phone": "13800002222", "side": "被申请人", "household_id": v.h2.id},
        ],
    },
    ("POST", "/api/v1/disputes/{dispute_id}/assign"): lambda v: {
        "assignee_id": v.ids["staff"],
        "deadline_at": _days(3),
    },
    ("POST", "/api/v1/disputes/{dispute_id}/mediate"): lambda v: {
        "held_at": clock.now().isoformat(),
        "mediators": "村警",
        "summary": "听取双方陈述",
    },
    ("POST", "/api/v1/disputes/{dispute_id}/settle"): lambda v: {"agreement_text": "双方和解"},
    ("POST", "/api/v1/disputes/{dispute_id}/fail"): lambda v: {
        "reason": "双方分歧大",
        "referred_to": "司法所",
        "advice": "走诉讼",
    },
    ("POST", "/api/v1/disputes/{dispute_id}/follow-up"): lambda v: {
        "note": "回访",
        "satisfied": True,
    },
    ("POST", "/api/v1/roster-members"): lambda v: {
        "area_id": v.village.id,
        "position": "director",
        "name": "叶建华",
        "phone": "13900001111",
    },
    ("PATCH", "/api/v1/roster-members/{member_id}"): lambda v: {"area_id": v.village.id},
    ("POST", "/api/v1/cameras"): lambda v: {
        "area_id": v.village.id,
        "kind": "other",
        "place": "祠堂",
    },
    ("PATCH", "/api/v1/cameras/{camera_id}"): lambda v: {"area_id": v.village.id},
    ("POST", "/api/v1/phone-notices/{notice_id}/done"): lambda v: {},
    ("PUT", "/api/v1/points/rules"): lambda v: {
        "rules": [{"event_kind": "dispatch_feedback", "points": 2}]
    },
    ("POST", "/api/v1/points/claims"): lambda v: {"happened_on": _today(), "text": "帮邻居收稻谷"},
    ("POST", "/api/v1/points/claims/{claim_id}/approve"): lambda v: {"points": 3},
    ("POST", "/api/v1/points/claims/{claim_id}/reject"): lambda v: {"reason": "不符合规则"},
    ("POST", "/api/v1/points/adjustments"): lambda v: {
        "person_id": v.ids["person"],
        "points": 2,
        "reason": "协助寻人",
    },
    ("POST", "/api/v1/points/adjustments/{adjustment_id}/approve"): lambda v: {},
    ("POST", "/api/v1/points/adjustments/{adjustment_id}/reject"): lambda v: {},
    ("POST", "/api/v1/rewards"): lambda v: {
        "name": "洗衣粉",
        "points": 20,
        "stock": 3,
        "station_id": v.station.id,
    },
    ("PATCH", "/api/v1/rewards/{reward_id}"): lambda v: {"name": "毛巾（大）"},
    ("POST", "/api/v1/redemptions"): lambda v: {"reward_id": v.ids["reward"]},
    ("POST", "/api/v1/redemptions/fulfil"): lambda v: {"code": v.ids["redemption_code"]},
    ("POST", "/api/v1/redemptions/{redemption_id}/fulfil"): lambda v: {
        "code": v.ids["redemption_code"]
    },
    ("POST", "/api/v1/duty-shifts"): lambda v: {
        "village_id": v.village.id,
        "person_id": v.ids["staff"],
        "day": (clock.now() + timedelta(days=1)).date().isoformat(),
    },
    ("POST", "/api/v1/evaluations/compute"): lambda v: {"month": clock.now().strftime("%Y-%m")},
    ("POST", "/api/v1/evaluations/{sheet_id}/appeal"): lambda v: {"reason": "分数算错了"},
    ("POST", "/api/v1/evaluations/{sheet_id}/decide"): lambda v: {
        "upheld": False,
        "decision": "维持",
    },
    ("PUT", "/api/v1/incidents/categories/mapping"): lambda v: {
        "source": "case",
        "kind": "help",
        "category": "help",
    },
}
# Uploads: multipart bodies.
FILES: dict[tuple[str, str], Callable[[Village], dict[str, Any]]] = {
    ("POST", "/api/v1/media"): lambda v: {
        "files": {"file": ("p.jpg", jpeg(), "image/jpeg")},
        "data": {"kind": "image"},
    },
    ("POST", "/api/v1/households/import"): lambda v: {
        "files": {"file": ("h.csv", "地址,户主\n下坞3号,方有才\n".encode(), "text/csv")},
        "data": {"area_id": v.village.id},
    },
    ("POST", "/api/v1/incidents/import"): lambda v: {
        "files": {"file": ("i.csv", "警情编号,接警时间\n".encode(), "text/csv")},
    },
}
# Query parameters that name an area or a person: set to the target village's.
AREA_QUERY = {
    "/api/v1/cases": {"scope": "=area", "area_id": "area"},
    "/api/v1/areas": {"parent_id": "area"},
    "/api/v1/households": {"area_id": "area"},
    "/api/v1/petitions": {"village_id": "area"},
    "/api/v1/appointment-services/{service_id}/slots": {"area_id": "station"},
    "/api/v1/staff": {"area_id": "area"},
    "/api/v1/visits": {"area_id": "area"},
    "/api/v1/sentiments": {"area_id": "area"},
    "/api/v1/sentiments/summary": {"area_id": "area"},
    "/api/v1/hazards": {"area_id": "area"},
    "/api/v1/disputes": {"area_id": "area"},
    "/api/v1/phone-notices": {"area_id": "area"},
    "/api/v1/work-summary": {"person_id": "staff"},
    "/api/v1/points/rules": {"station_id": "station"},
    "/api/v1/points/leaderboard": {"area_id": "area"},
    "/api/v1/points/leaderboard.pdf": {"area_id": "area"},
    "/api/v1/points/entries": {"person_id": "person"},
    "/api/v1/rewards": {"station_id": "station"},
    "/api/v1/duty-shifts": {"village_id": "area"},
    "/api/v1/evaluations/group-leaders": {"area_id": "area"},
    "/api/v1/evaluations": {"village_id": "area", "month": "month"},
    "/api/v1/evaluations.xlsx": {"village_id": "area", "month": "month"},
    "/api/v1/statistics/incidents": {"area_id": "area"},
    "/api/v1/statistics/incidents.xlsx": {"area_id": "area"},
    "/api/v1/statistics/resolution": {"area_id": "area"},
    "/api/v1/statistics/resolution.xlsx": {"area_id": "area"},
}


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    params: dict[str, str]
    kwargs: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def path_kinds(path: str) -> list[str]:
    return [PATH_KINDS.get(name, name) for name in _PARAM.findall(path)]


def call_for(method: str, path: str, v: Village, body_of: Village | None = None) -> Call:
    """The request `method path` makes against village `v`'s objects; the body names the
    objects of `body_of` (default `v`)."""
    b = body_of or v

    def fill(match: re.Match[str]) -> str:
        kind = PATH_KINDS.get(match.group(1))
        return v.ids.get(kind or "", MISSING_ID)

    url = _PARAM.sub(
        fill, path.replace("{area_id}", "{micro_grid_id}") if path in MICRO_GRID_PATHS else path
    )
    params = {}
    for name, kind in AREA_QUERY.get(path, {}).items():
        if kind.startswith("="):
            params[name] = kind[1:]
        elif kind == "month":
            params[name] = clock.now().strftime("%Y-%m")
        else:
            params[name] = v.ids[kind]
    kwargs: dict[str, Any] = {}
    if (method, path) in BODIES:
        kwargs["json"] = BODIES[(method, path)](b)
    elif (method, path) in FILES:
        kwargs.update(FILES[(method, path)](b))
    return Call(method, url, params, kwargs)


# What a body may name besides the route's own object: merged in by the matrix's mixed pass
# (the route's object the caller's own, these another area's) and nowhere else.
REFERENCES: dict[tuple[str, str], Body] = {
    ("POST", "/api/v1/cases"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/cases/{case_id}/feedback"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/cases/{case_id}/answer"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/cases/{case_id}/comment"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/petitions"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/petitions/{petition_id}/messages"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/visits"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/sentiments"): lambda v: {
        "visit_id": v.ids["visit"],
        "case_id": v.ids["case"],
    },
    ("POST", "/api/v1/hazards"): lambda v: {"visit_id": v.ids["visit"], "case_id": v.ids["case"]},
    ("POST", "/api/v1/hazards/{hazard_id}/notify"): lambda v: {
        "responsible_person_id": v.ids["person"]
    },
    ("POST", "/api/v1/hazards/{hazard_id}/report-rectified"): lambda v: {
        "media_ids": [v.ids["media"]]
    },
    ("POST", "/api/v1/disputes/{dispute_id}/settle"): lambda v: {"media_ids": [v.ids["media"]]},
    ("POST", "/api/v1/disputes/{dispute_id}/assign"): lambda v: {
        "assignee_member_id": v.ids["roster_member"]
    },
    ("POST", "/api/v1/appointments"): lambda v: {"person_id": v.ids["person"]},
    ("POST", "/api/v1/rewards"): lambda v: {"photo_media_id": v.ids["media"]},
    ("PATCH", "/api/v1/rewards/{reward_id}"): lambda v: {"photo_media_id": v.ids["media"]},
    ("PATCH", "/api/v1/bulletins/{bulletin_id}"): lambda v: {"cover_media_id": v.ids["media"]},
    ("POST", "/api/v1/points/claims"): lambda v: {"media_ids": [v.ids["media"]]},
    ("PATCH", "/api/v1/cameras/{camera_id}"): lambda v: {"owner_household_id": v.h1.id},
    ("PATCH", "/api/v1/roster-members/{member_id}"): lambda v: {"person_id": v.ids["person"]},
}


def mixed_call(method: str, path: str, own: Village, other: Village) -> Call | None:
    """The route's object `own`'s, the body naming `other`'s objects as well (REFERENCES); None
    when the route takes no body."""
    mixed = call_for(method, path, own, body_of=other)
    extra = REFERENCES.get((method, path))
    if "json" in mixed.kwargs and extra is not None:
        mixed.kwargs["json"] = {**mixed.kwargs["json"], **extra(other)}
    return mixed if mixed.kwargs else None
