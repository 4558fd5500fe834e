"""Who may call which route: one entry per (method, path template) of the app's route table.

A new route without an entry fails tests/authz/test_route_matrix.py
(`test_every_route_has_an_expectation`); so does an entry whose route is gone. To add one, write
which demo roles may call the route on their own area's objects and how far their area reaches:

- who: the roles, by short name — vil 村民 (a member of a household), gl 联户长, vp 村警,
  ao 防区民警, aux 辅警, dr 值班室, ch 所长, ad 管理员 — or PUBLIC (no login needed).
  Everyone not named is refused (403, or 404 where the route does not tell a caller who cannot
  see the object that it exists).
- scope: AREA — the objects belong to a village: a caller granted below the station is refused
  another village's (of the same station), a station role another station's. STATION — they
  belong to a station (its reward catalogue, its redemptions, its rules, its appointment slots):
  refused for another station's. NONE — the route names no area's object (the caller's own
  things, a door-plate code, a login).
- foreign: what a role that may call the route answers for an object outside its area. 404 is
  the API's convention (README "Errors": 找不到…可能已被删除或您没有权限) — the object's
  existence is not confirmed. The exceptions are named here with their reason (`why`)."""

from __future__ import annotations

from dataclasses import dataclass

AREA, STATION, NONE = "area", "station", "none"
PUBLIC = "PUBLIC"
ROLE_NAMES = {
    "vil": "villager",
    "gl": "group_leader",
    "vp": "village_police",
    "ao": "area_officer",
    "aux": "auxiliary_officer",
    "dr": "duty_room",
    "ch": "chief",
    "ad": "admin",
}
BODY_REFERS = (
    "the other area's object is named in the body (the household to report for): refused as a "
    "field error (422, 不是这一户的成员), nothing created"
)
STATISTICS = (
    "statistics/figures/auth.py: an area outside one's scope is 403 AreaOutOfScope, the same "
    "answer as an id naming no area, so the two cannot be told apart"
)
OWN_STATION_ONLY = (
    "a bulletin's audience outside the author's station: 403 (the area tree is public)"
)
PUBLIC_SLOTS = (
    "appointment slots are listed to every logged-in caller (GET …/slots): another station's "
    "slot is no secret, keeping it is refused with 403 NotASlotKeeper"
)


# Routes where an allowed caller may name another area's object in the body, and why.
MIXED_ALLOWED = {
    "POST /api/v1/households/bind": (
        "the door-plate code is the credential: whoever holds it may ask to join (a pending "
        "membership the household or its 联户长 approves)"
    ),
    "POST /api/v1/bulletins": (
        "a 村警 or 防区民警 may draft for villages of the station beyond their own: the draft "
        "waits for the chief's approval (bulletins/authoring/auth.py); another station's "
        "villages are refused (403 AudienceOutOfScope)"
    ),
}


@dataclass(frozen=True)
class Rule:
    who: str
    scope: str
    foreign: int = 404
    why: str = ""

    @property
    def public(self) -> bool:
        return self.who == PUBLIC

    @property
    def roles(self) -> frozenset[str]:
        if self.public:
            return frozenset(ROLE_NAMES.values())
        return frozenset(ROLE_NAMES[short] for short in self.who.split())


EXPECTATIONS: dict[str, Rule] = {
    "GET /healthz": Rule("PUBLIC", NONE),
    "GET /readyz": Rule("PUBLIC", NONE),
    "GET /metrics": Rule("PUBLIC", NONE),
    "GET /wechat/push": Rule("PUBLIC", NONE),
    "POST /wechat/push": Rule("PUBLIC", NONE),
    "POST /api/v1/cases": Rule("vil gl vp ao aux dr ch ad", AREA, foreign=422, why=BODY_REFERS),
    "GET /api/v1/cases": Rule("vp ao aux dr ch", AREA),
    "GET /api/v1/cases/{case_id}": Rule("vil gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/accept": Rule("gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/arrive": Rule("gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/feedback": Rule("gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/answer": Rule("gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/escalate": Rule("gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/resolve": Rule("gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/comment": Rule("vil gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/revisit": Rule("vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/rate": Rule("vil", AREA),
    "POST /api/v1/cases/{case_id}/reopen": Rule("vil", AREA),
    "POST /api/v1/cases/{case_id}/close": Rule("vil gl vp ao aux dr ch", AREA),
    "POST /api/v1/cases/{case_id}/review": Rule("vp ao aux dr ch", AREA),
    "POST /api/v1/dispatches": Rule("dr ch", NONE),
    "POST /api/v1/auth/wechat": Rule("PUBLIC", NONE),
    "POST /api/v1/auth/password": Rule("PUBLIC", NONE),
    "POST /api/v1/auth/logout": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/me": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/areas": Rule("vil gl vp ao aux dr ch ad", AREA),
    "GET /api/v1/areas/{area_id}": Rule("vil gl vp ao aux dr ch ad", AREA),
    "POST /api/v1/households/import": Rule("vp ao ad", AREA),
    "GET /api/v1/households/import-template.xlsx": Rule("PUBLIC", NONE),
    "GET /api/v1/households": Rule("vil gl vp ao aux dr ch ad", AREA),
    "GET /api/v1/households/tags": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/households/{household_id}": Rule("vil gl vp ao aux dr ch ad", AREA),
    "POST /api/v1/households": Rule("vp ao ad", AREA),
    "PATCH /api/v1/households/{household_id}": Rule("vp ao ad", AREA),
    "GET /api/v1/households/{household_id}/code": Rule("vil gl vp ao aux dr ch ad", AREA),
    "GET /api/v1/households/{household_id}/code.png": Rule("vil gl vp ao aux dr ch ad", AREA),
    "POST /api/v1/households/{household_id}/code/rotate": Rule("gl vp ao ad", AREA),
    "POST /api/v1/households/bind": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/memberships": Rule("vil gl vp ao aux dr ch ad", NONE),
    "POST /api/v1/memberships/{membership_id}/approve": Rule("gl vp", AREA),
    "POST /api/v1/memberships/{membership_id}/reject": Rule("gl vp", AREA),
    "DELETE /api/v1/memberships/{membership_id}": Rule("gl vp", AREA),
    "GET /api/v1/notifications": Rule("vil gl vp ao aux dr ch ad", NONE),
    "POST /api/v1/notifications/{notification_id}/read": Rule("vil", AREA),
    "POST /api/v1/subscriptions": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/areas/{area_id}/household-codes.pdf": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/areas/{area_id}/signboard.pdf": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/areas/{area_id}/watch-map.pdf": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/media": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/media/{media_id}": Rule("vil gl vp ao aux dr ch", AREA),
    "POST /api/v1/petitions": Rule("vil gl vp ao aux dr ch ad", AREA, foreign=422, why=BODY_REFERS),
    "GET /api/v1/petitions": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/petitions/{petition_id}": Rule("vil ch", AREA),
    "POST /api/v1/petitions/{petition_id}/messages": Rule("vil ch", AREA),
    "POST /api/v1/petitions/{petition_id}/assign": Rule("ch", AREA),
    "POST /api/v1/petitions/{petition_id}/close": Rule("ch", AREA),
    "POST /api/v1/petitions/{petition_id}/rate": Rule("vil", AREA),
    "GET /api/v1/feed": Rule("vil gl vp ao aux dr ch ad", NONE),
    # Not proven answered: the world's bulletins are drafts, never delivered (a delivery needs
    # the quota and the delivery loop), and a draft is read by nobody and has no unread list.
    "POST /api/v1/bulletins/{bulletin_id}/read": Rule("", AREA),
    "GET /api/v1/bulletins/{bulletin_id}/stats": Rule("vp ao aux dr ch ad", AREA),
    "GET /api/v1/bulletins/{bulletin_id}/unread-households": Rule("", AREA),
    "GET /api/v1/bulletins/{bulletin_id}/cap.xml": Rule("vp ao aux dr ch ad", AREA),
    "POST /api/v1/bulletins": Rule("vp ao ch ad", STATION, foreign=403, why=OWN_STATION_ONLY),
    "GET /api/v1/bulletins": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/bulletins/{bulletin_id}": Rule("vp ao aux dr ch ad", AREA),
    "PATCH /api/v1/bulletins/{bulletin_id}": Rule("vp ao ch ad", AREA),
    "POST /api/v1/bulletins/{bulletin_id}/audience-preview": Rule("vp ao aux dr ch ad", AREA),
    "POST /api/v1/bulletins/{bulletin_id}/publish": Rule("vp ao ch ad", AREA),
    "POST /api/v1/bulletins/{bulletin_id}/approve": Rule("ch", AREA),
    "POST /api/v1/bulletins/{bulletin_id}/reject": Rule("ch", AREA),
    "POST /api/v1/bulletins/{bulletin_id}/cancel": Rule("vp ao ch ad", AREA),
    "GET /api/v1/appointment-services": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/appointment-services/{service_id}/slots": Rule("vil gl vp ao aux dr ch ad", NONE),
    "POST /api/v1/appointment-services/{service_id}/slots": Rule(
        "ao dr ch ad", STATION, foreign=403, why=PUBLIC_SLOTS
    ),
    "POST /api/v1/appointment-slots/{slot_id}/close": Rule(
        "ao dr ch ad", STATION, foreign=403, why=PUBLIC_SLOTS
    ),
    "POST /api/v1/appointments": Rule(
        "vil gl vp ao aux dr ch ad", AREA, foreign=422, why=BODY_REFERS
    ),
    "GET /api/v1/appointments": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/appointments/{appointment_id}": Rule("vil vp ao aux dr ch ad", AREA),
    "POST /api/v1/appointments/{appointment_id}/confirm": Rule("vp ao aux dr ch ad", AREA),
    "POST /api/v1/appointments/{appointment_id}/cancel": Rule("vil vp ao aux dr ch ad", AREA),
    "POST /api/v1/appointments/{appointment_id}/reschedule": Rule("vil vp ao aux dr ch ad", AREA),
    "POST /api/v1/appointments/{appointment_id}/complete": Rule("vp ao aux dr ch ad", AREA),
    "GET /api/v1/staff": Rule("vp ao aux dr ch ad", AREA),
    "POST /api/v1/visits": Rule("gl vp ao aux ch ad", AREA, foreign=422, why=BODY_REFERS),
    "GET /api/v1/visits/topics": Rule("PUBLIC", NONE),
    "GET /api/v1/visits": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/visits/{visit_id}": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/visits/{visit_id}/findings": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/areas/{area_id}/unvisited": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/sentiments": Rule("gl vp ao aux ch ad", AREA, foreign=422, why=BODY_REFERS),
    "GET /api/v1/sentiments": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/sentiments/summary": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/sentiments/{item_id}": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/sentiments/{item_id}/handle": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/hazards": Rule("gl vp ao aux ch ad", AREA, foreign=422, why=BODY_REFERS),
    "GET /api/v1/hazards": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/hazards/{hazard_id}": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/hazards/{hazard_id}/responsible-phone": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/hazards/{hazard_id}/notify": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/hazards/{hazard_id}/report-rectified": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/hazards/{hazard_id}/accept": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/hazards/{hazard_id}/reject": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/hazards/{hazard_id}/close": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/hazards/{hazard_id}/regrade": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/disputes": Rule("gl vp ao aux ch ad", AREA, foreign=422, why=BODY_REFERS),
    "GET /api/v1/disputes": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/disputes/{dispute_id}": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/disputes/{dispute_id}/assignees": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/disputes/{dispute_id}/parties/{party_id}/phone": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/disputes/{dispute_id}/assign": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/disputes/{dispute_id}/mediate": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/disputes/{dispute_id}/settle": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/disputes/{dispute_id}/fail": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/disputes/{dispute_id}/follow-up": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/areas/{area_id}/roster": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/roster-members/{member_id}/phone": Rule("gl vp ao aux ch ad", AREA),
    "GET /api/v1/cameras/{camera_id}/phone": Rule("gl vp ao aux ch ad", AREA),
    "POST /api/v1/roster-members": Rule("vp ch ad", AREA),
    "PATCH /api/v1/roster-members/{member_id}": Rule("vp ch ad", AREA),
    "DELETE /api/v1/roster-members/{member_id}": Rule("vp ch ad", AREA),
    "POST /api/v1/cameras": Rule("vp ch ad", AREA),
    "PATCH /api/v1/cameras/{camera_id}": Rule("vp ch ad", AREA),
    "DELETE /api/v1/cameras/{camera_id}": Rule("vp ch ad", AREA),
    "GET /api/v1/phone-notices": Rule("vp ao aux ch ad", AREA),
    "POST /api/v1/phone-notices/{notice_id}/done": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/phone-notices/{notice_id}/phone": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/work-summary": Rule("vp ao ch ad", AREA),
    "GET /api/v1/points/rules": Rule("vil gl vp ao aux dr ch ad", STATION),
    "PUT /api/v1/points/rules": Rule("ch ad", STATION),
    "POST /api/v1/points/claims": Rule("vil gl", NONE),
    "GET /api/v1/points/claims": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/points/claims/{claim_id}": Rule("vil vp ao aux ch", AREA),
    "POST /api/v1/points/claims/{claim_id}/approve": Rule("vp ao aux ch", AREA),
    "POST /api/v1/points/claims/{claim_id}/reject": Rule("vp ao aux ch", AREA),
    "GET /api/v1/points/leaderboard": Rule("vil gl vp ao aux dr ch ad", AREA),
    "GET /api/v1/points/leaderboard.pdf": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/points/me": Rule("vil gl vp ao aux dr ch ad", NONE),
    "GET /api/v1/points/entries": Rule("vil vp ao aux dr ch ad", AREA),
    "POST /api/v1/points/adjustments": Rule("vp ao aux ch", AREA),
    "POST /api/v1/points/adjustments/{adjustment_id}/approve": Rule("ao aux ch", AREA),
    "POST /api/v1/points/adjustments/{adjustment_id}/reject": Rule("ao aux ch", AREA),
    "GET /api/v1/rewards": Rule("vil gl vp ao aux dr ch ad", STATION),
    "POST /api/v1/rewards": Rule("ch ad", STATION),
    "PATCH /api/v1/rewards/{reward_id}": Rule("ch ad", STATION),
    "POST /api/v1/redemptions": Rule("vil gl", STATION),
    "GET /api/v1/redemptions": Rule("vil gl vp ao aux dr ch ad", NONE),
    "POST /api/v1/redemptions/fulfil": Rule("vp ao aux dr ch ad", STATION),
    "GET /api/v1/redemptions/{redemption_id}": Rule("vil vp ao aux dr ch ad", STATION),
    "GET /api/v1/redemptions/{redemption_id}/code.png": Rule("vil", AREA),
    "POST /api/v1/redemptions/{redemption_id}/cancel": Rule("vil vp ao aux dr ch ad", STATION),
    "POST /api/v1/redemptions/{redemption_id}/fulfil": Rule("vp ao aux dr ch ad", STATION),
    "POST /api/v1/duty-shifts": Rule("vp ch ad", AREA),
    "GET /api/v1/duty-shifts": Rule("vp ao aux ch ad", AREA),
    "GET /api/v1/duty-shifts/villages": Rule("vp ao aux ch ad", NONE),
    "DELETE /api/v1/duty-shifts/{shift_id}": Rule("vp ch ad", AREA),
    "POST /api/v1/duty-shifts/{shift_id}/check-in": Rule("vp", AREA),
    "GET /api/v1/evaluations/group-leaders": Rule("ao ch ad", AREA),
    "POST /api/v1/evaluations/compute": Rule("ch ad", NONE),
    "GET /api/v1/evaluations": Rule("vp ao ch ad", NONE),
    "GET /api/v1/evaluations.xlsx": Rule("ch ad", NONE),
    "GET /api/v1/evaluations/{sheet_id}": Rule("vp ao ch ad", AREA),
    "POST /api/v1/evaluations/{sheet_id}/confirm": Rule("ch", AREA),
    "POST /api/v1/evaluations/{sheet_id}/appeal": Rule("vp", AREA),
    "POST /api/v1/evaluations/{sheet_id}/decide": Rule("ch", AREA),
    "GET /api/v1/incidents/categories": Rule("vp ao aux dr ch ad", NONE),
    # One mapping for the whole deployment: an admin above the stations (a county bureau's),
    # which no demo role is — every demo role is refused.
    "PUT /api/v1/incidents/categories/mapping": Rule("", NONE),
    "POST /api/v1/incidents/import": Rule("ch ad", NONE),
    "GET /api/v1/incidents/import-template.xlsx": Rule("PUBLIC", NONE),
    "GET /api/v1/statistics/incidents": Rule(
        "vp ao aux dr ch ad", AREA, foreign=403, why=STATISTICS
    ),
    "GET /api/v1/statistics/incidents.xlsx": Rule(
        "vp ao aux dr ch ad", AREA, foreign=403, why=STATISTICS
    ),
    "GET /api/v1/statistics/resolution": Rule(
        "vp ao aux dr ch ad", AREA, foreign=403, why=STATISTICS
    ),
    "GET /api/v1/statistics/resolution.xlsx": Rule(
        "vp ao aux dr ch ad", AREA, foreign=403, why=STATISTICS
    ),
    "GET /console": Rule("PUBLIC", NONE),
}
