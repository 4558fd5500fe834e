"""The matrix's world: two stations shaped like the demo jurisdiction (FIELD.md), every demo role
held by someone, and one of each object in three villages.

- Station A, village A1: the callers. One person per demo role, each granted where the demo
  grants it (联户长 on a micro-grid, 村警 / 防区民警 / 辅警 on the village, 值班室 / 所长 /
  管理员 on the station), and a villager who is a member of a household there.
- Station A, village A2: a neighbouring village of the same station with its own villager,
  联户长 and village staff — "another area" for every role granted below the station.
- Station B, village B1: another station with its own staff — "another area" for the station
  roles too (and a second one for the others).

Each village gets the same objects (a case, a petition, a bulletin, a hazard, …), made through
the API by the people of that village the way they are made in the field, so their ids are real
and their area is that village's."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock, crypto
from jinghutong.models import (
    ApiToken,
    AppointmentService,
    Area,
    AreaLevel,
    EvaluationSheet,
    Household,
    Notification,
    Person,
    PhoneNotice,
    Role,
)
from support.factories import grant, join, make_area, make_household, make_person
from support.rewards import award

API = "/api/v1"
VILLAGER = "villager"
# Every demo role (src/jinghutong/demo/generator.py), in the order the report prints them.
ROLES = (
    VILLAGER,
    Role.group_leader.value,
    Role.village_police.value,
    Role.area_officer.value,
    Role.auxiliary_officer.value,
    Role.duty_room.value,
    Role.chief.value,
    Role.admin.value,
)
STATION_ROLES = frozenset({Role.duty_room.value, Role.chief.value, Role.admin.value})
VILLAGE_ROLES = (Role.village_police, Role.area_officer, Role.auxiliary_officer)


@dataclass
class Village:
    """One village, its people by role (station roles: that station's), and its objects."""

    name: str
    tag: str  # the name in ASCII (logins, idempotency keys)
    station: Area
    village: Area
    micro_grid: Area
    h1: Household  # the villager's home
    h2: Household  # a neighbour, whose member asks to join (a pending membership)
    people: dict[str, Person]
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


@dataclass
class World:
    a1: Village  # the callers' village
    a2: Village  # the same station's other village
    b1: Village  # another station's village

    def targets(self, role: str) -> list[Village]:
        """The villages outside `role`'s area, as seen by the A1 holder of that role."""
        return [self.b1] if role in STATION_ROLES else [self.a2, self.b1]


def month() -> str:
    return clock.now().strftime("%Y-%m")


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (150, 90, 40)).save(out, "JPEG")
    return out.getvalue()


async def _token(session: AsyncSession, person: Person) -> str:
    """A live login for `person`, as POST /auth/wechat or /auth/password would issue it."""
    raw = "jht_" + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            token_hash=crypto.token_hash(raw),
            person_id=person.id,
            method="password" if person.username else "wechat",
            expires_at=clock.now() + timedelta(hours=12),
        )
    )
    await session.flush()
    return raw


async def _station(session: AsyncSession, name: str) -> tuple[Area, Area]:
    station = await make_area(session, f"{name}派出所", AreaLevel.station)
    township = await make_area(session, f"{name}镇", AreaLevel.township, station)
    return station, township


async def _village(
    session: AsyncSession,
    name: str,
    tag: str,
    station: Area,
    township: Area,
    station_staff: dict[str, Person] | None,
) -> Village:
    village = await make_area(session, f"{name}村", AreaLevel.village, township)
    grid = await make_area(session, f"{name}村第一网格", AreaLevel.grid, village)
    micro = await make_area(session, f"{name}村第1微网格", AreaLevel.micro_grid, grid)
    h1 = await make_household(session, micro, f"{name}村下坞1号", "叶土根")
    h2 = await make_household(session, micro, f"{name}村下坞2号", "叶春生")
    people = {
        VILLAGER: await make_person(session, "叶土根", openid=f"o-authz-{tag}-villager"),
        Role.group_leader.value: await make_person(
            session, "余春花", openid=f"o-authz-{tag}-leader", phone=_phone(tag, 1)
        ),
    }
    await join(session, people[VILLAGER], h1)
    await join(session, people[Role.group_leader.value], h1)
    await grant(session, people[Role.group_leader.value], Role.group_leader, micro)
    for i, role in enumerate(VILLAGE_ROLES, 2):
        person = await make_person(
            session, f"{role.value}{name}", username=f"authz-{tag}-{role.value}",
            phone=_phone(tag, i),
        )  # fmt: skip
        await grant(session, person, role, village)
        people[role.value] = person
    if station_staff is None:
        station_staff = {}
        for i, role in enumerate((Role.duty_room, Role.chief, Role.admin), 5):
            person = await make_person(
                session, f"{role.value}{name}", username=f"authz-{tag}-{role.value}",
                phone=_phone(tag, i),
            )  # fmt: skip
            await grant(session, person, role, station)
            station_staff[role.value] = person
    people.update(station_staff)
    joiner = await make_person(session, "叶小红", openid=f"o-authz-{tag}-joiner")
    pending = await join(session, joiner, h2, status="pending")
    v = Village(name, tag, station, village, micro, h1, h2, people)
    v.ids.update(
        area=village.id,
        micro_grid=micro.id,
        station=station.id,
        household=h1.id,
        membership=pending.id,
        person=people[VILLAGER].id,
        staff=people[Role.village_police.value].id,
    )
    for role, person in people.items():
        v.tokens[role] = await _token(session, person)
    return v


def _phone(tag: str, i: int) -> str:
    return f"139{ord(tag[0]):03d}{tag[1]}{i:04d}"


async def build_world(session: AsyncSession, client: httpx.AsyncClient) -> World:
    a_station, a_township = await _station(session, "甲")
    b_station, b_township = await _station(session, "乙")
    a1 = await _village(session, "甲一", "a1", a_station, a_township, None)
    station_a = {r: a1.people[r] for r in STATION_ROLES}
    a2 = await _village(session, "甲二", "a2", a_station, a_township, station_a)
    a2.tokens.update({r: a1.tokens[r] for r in STATION_ROLES})
    b1 = await _village(session, "乙一", "b1", b_station, b_township, None)
    await session.commit()
    for v in (a1, a2, b1):
        await Populate(session, client, v).run()
    for v in (a1, b1):  # each station's chief computes the month's 考评 of its 村警
        await Populate(session, client, v).call(
            "chief", "POST", "/evaluations/compute", {"month": month()}, expect=200
        )
    for v in (a1, a2, b1):
        sheet = await session.scalar(
            select(EvaluationSheet.id).where(
                EvaluationSheet.person_id == v.people[Role.village_police.value].id
            )
        )
        assert sheet is not None, f"no 考评 sheet for the 村警 of {v.name}"
        v.ids["sheet"] = sheet
    await session.commit()
    return World(a1, a2, b1)


class Populate:
    """One of each object in a village, made through the API by the people who make them."""

    def __init__(self, session: AsyncSession, client: httpx.AsyncClient, v: Village) -> None:
        self.session, self.client, self.v = session, client, v
        self._keys = 0

    async def call(
        self, role: str, method: str, url: str, body: Any = None, *, expect: int = 201, **kw: Any
    ) -> dict[str, Any]:
        self._keys += 1
        headers = {**self.v.headers(role), "Idempotency-Key": f"authz-{self.v.tag}-{self._keys}"}
        response = await self.client.request(method, API + url, json=body, headers=headers, **kw)
        assert response.status_code == expect, f"{method} {url} as {role}: {response.text}"
        return response.json() if response.content else {}

    async def run(self) -> None:
        v, ids = self.v, self.v.ids
        photo = await self.call(
            VILLAGER, "POST", "/media", files={"file": ("p.jpg", jpeg(), "image/jpeg")},
            data={"kind": "image"},
        )  # fmt: skip
        ids["media"] = photo["id"]
        case = await self.call(
            VILLAGER, "POST", "/cases",
            {"kind": "help", "text": "家里老人摔倒了，想请人帮忙", "media_ids": [photo["id"]]},
        )  # fmt: skip
        ids["case"] = case["id"]
        petition = await self.call(VILLAGER, "POST", "/petitions", {"text": "村口的路灯坏了很久了"})
        ids["petition"] = petition["id"]
        bulletin = await self.call(
            "chief", "POST", "/bulletins",
            {"title": "防范电信诈骗", "body": "不要相信陌生来电", "category": "反诈宣传",
             "audience": {"areas": [v.village.id]}},
        )  # fmt: skip
        ids["bulletin"] = bulletin["id"]
        code = await self.call(
            Role.village_police.value, "GET", f"/households/{v.h1.id}/code", expect=200
        )
        ids["scene"] = code["scene"]
        await self._governance()
        await self._appointments()
        await self._points()
        await self._found_rows()

    async def _governance(self) -> None:
        v, ids = self.v, self.v.ids
        leader, police = Role.group_leader.value, Role.village_police.value
        visit = await self.call(
            leader, "POST", "/visits",
            {"topics": ["care"], "household_ids": [v.h1.id], "met": "叶土根", "text": "看望老人"},
        )  # fmt: skip
        ids["visit"] = visit["id"]
        sentiment = await self.call(
            leader, "POST", "/sentiments",
            {"category": "demand", "text": "想修一下村口的路", "household_id": v.h1.id},
        )  # fmt: skip
        ids["sentiment"] = sentiment["id"]
        hazard = await self.call(
            leader, "POST", "/hazards",
            {"kind": "housing", "grade": "major", "title": "老房子墙体开裂",
             "description": "后墙裂缝变宽", "household_id": v.h1.id},
        )  # fmt: skip
        ids["hazard"] = hazard["id"]
        await self.call(
            police, "POST", f"/hazards/{hazard['id']}/notify",
            {"deadline_at": (clock.now() + timedelta(days=3)).isoformat(),
             "responsible_name": "叶土根", "responsible_phone": "13800001111"},
            expect=200,
        )  # fmt: skip
        dispute = await self.call(
            police, "POST", "/disputes",
            {"category": "land", "summary": "两家因承包地地界争执",
             "parties": [
                 {"name": "叶土根", "phone": "13800001111", "side": "申请人",
                  "household_id": v.h1.id},
                 {"name": "叶春生", "phone": "13800002222", "side": "被申请人",
                  "household_id": v.h2.id},
             ]},
        )  # fmt: skip
        ids["dispute"] = dispute["id"]
        ids["party"] = dispute["parties"][0]["id"]
        member = await self.call(
            police, "POST", "/roster-members",
            {"area_id": v.village.id, "position": "secretary", "name": "方国良",
             "phone": "13857100001"},
        )  # fmt: skip
        ids["roster_member"] = member["id"]
        camera = await self.call(
            police, "POST", "/cameras",
            {"area_id": v.village.id, "kind": "xueliang", "place": "村口石桥",
             "contact_name": "方国良", "contact_phone": "0571-64812345"},
        )  # fmt: skip
        ids["camera"] = camera["id"]

    async def _appointments(self) -> None:
        v, ids = self.v, self.v.ids
        service = await self.session.scalar(
            select(AppointmentService)
            .where(AppointmentService.active.is_(True), AppointmentService.home_visit.is_(False))
            .order_by(AppointmentService.sort_order, AppointmentService.id)
            .limit(1)
        )
        assert service is not None, "no appointment service seeded by the migrations"
        ids["service"] = service.id
        day = (clock.now() + timedelta(days=3)).date().isoformat()
        slot = await self.call(
            "admin", "POST", f"/appointment-services/{service.id}/slots",
            {"date": day, "start": "09:00", "end": "10:00", "capacity": 5,
             "area_id": v.station.id},
        )  # fmt: skip
        ids["slot"] = slot["id"]
        later = (clock.now() + timedelta(days=5)).date().isoformat()
        slot2 = await self.call(
            "admin", "POST", f"/appointment-services/{service.id}/slots",
            {"date": later, "start": "09:00", "end": "10:00", "capacity": 5,
             "area_id": v.station.id},
        )  # fmt: skip
        ids["slot2"] = slot2["id"]
        booked = await self.call(
            VILLAGER, "POST", "/appointments", {"service_id": service.id, "slot_id": slot["id"]}
        )
        ids["appointment"] = booked["id"]

    async def _points(self) -> None:
        v, ids = self.v, self.v.ids
        claim = await self.call(
            VILLAGER, "POST", "/points/claims",
            {"happened_on": clock.now().date().isoformat(), "text": "帮邻居找回走失的牛"},
        )  # fmt: skip
        ids["claim"] = claim["id"]
        adjustment = await self.call(
            Role.village_police.value, "POST", "/points/adjustments",
            {"person_id": v.people[Role.group_leader.value].id, "points": 5,
             "reason": "协助调解纠纷"},
        )  # fmt: skip
        ids["adjustment"] = adjustment["id"]
        reward = await self.call(
            "admin", "POST", "/rewards",
            {"name": "毛巾", "points": 10, "stock": 5, "station_id": v.station.id},
        )  # fmt: skip
        ids["reward"] = reward["id"]
        await award(self.session, v.people[VILLAGER], 100, f"authz-{v.tag}")
        await self.session.commit()
        redemption = await self.call(VILLAGER, "POST", "/redemptions", {"reward_id": reward["id"]})
        ids["redemption"] = redemption["id"]
        ids["redemption_code"] = redemption["code"]
        shift = await self.call(
            "admin", "POST", "/duty-shifts",
            {"village_id": v.village.id, "person_id": v.people[Role.village_police.value].id,
             "day": clock.now().date().isoformat()},
        )  # fmt: skip
        ids["shift"] = shift["id"]

    async def _found_rows(self) -> None:
        """Objects the calls above made as a side effect (a notification, a phone notice)."""
        v, ids = self.v, self.v.ids
        note = await self.session.scalar(
            select(Notification.id)
            .where(Notification.person_id == v.people[VILLAGER].id)
            .order_by(Notification.id)
            .limit(1)
        )
        assert note is not None, f"the villager of {v.name} was told of nothing"
        ids["notification"] = note  # the villager's own: only they may mark it read
        # A 村干部 without WeChat to be told of the hazard by phone (as hazards/notify makes it).
        notice = PhoneNotice(
            member_id=ids["roster_member"], name="方国良", phone="13857100001",
            subject_type="hazard", subject_id=ids["hazard"], text="您村有一处房屋隐患待整改",
        )  # fmt: skip
        self.session.add(notice)
        await self.session.commit()
        ids["phone_notice"] = notice.id
