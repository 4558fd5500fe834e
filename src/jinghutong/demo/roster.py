"""The demo villages' 纵横斜 roster and cameras, built after the rest of the jurisdiction from
the same generator (so nothing generated before it changes).

Each village gets its 书记, 主任, 妇女主任, 2–4 村民小组长 (one of them the village's first
联户长, on WeChat), a 网格员, a 调解员, and the township's workers in it (护林员, 清洁员, 管水员,
电力员, 村医); and 3–8 cameras: 雪亮工程 at the entrance and a few other public places, and
1–3 that households put up themselves, owned and answered for by the household head."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jinghutong.demo import names
from jinghutong.demo.model import (
    DemoArea,
    DemoCamera,
    DemoHousehold,
    DemoPerson,
    DemoRosterMember,
)
from jinghutong.models.area import AreaLevel
from jinghutong.models.roster import POSITION_AXIS, CameraKind, RosterPosition

P = RosterPosition
# (position, title, duty area) of the one-per-village posts after the 村民小组长.
_GRID_POSTS = (
    (P.grid_worker, None, "全村{grids}个网格的信息采集和巡查"),
    (P.mediator, "人民调解员", "全村矛盾纠纷调解"),
    (P.forest_ranger, None, "{natural}后山林区巡护、森林防火"),
    (P.cleaner, None, "村内主干道及公共区域保洁"),
    (P.water_manager, None, "村饮用水站及供水管网"),
    (P.electrician, "村电工", "村内低压线路和路灯"),
    (P.village_doctor, "乡村医生", "村卫生室"),
)


@dataclass
class Village:
    """One village as the roster needs it."""

    area: DemoArea
    grids: int
    households: list[DemoHousehold]
    leader: DemoPerson | None  # the first 联户长 of the village


class RosterBuilder:
    def __init__(
        self,
        rng: random.Random,
        new_id: Callable[[], str],
        new_phone: Callable[[], str],
        heads: dict[str, DemoPerson],
    ) -> None:
        self.rng = rng
        self.new_id = new_id
        self.new_phone = new_phone
        self.heads = heads  # household id → its registered head
        self.members: list[DemoRosterMember] = []
        self.cameras: list[DemoCamera] = []

    def build(self, villages: Sequence[Village]) -> None:
        for village in villages:
            self._people(village)
            self._cameras(village)

    # -- people --------------------------------------------------------------------------------

    def _name(self, clan: str | None, woman: bool = False) -> str:
        rng = self.rng
        surname = clan if clan and rng.random() < 0.5 else rng.choice(names.SURNAMES)[0]
        pool = names.YOUNGER_WOMEN if woman else names.YOUNGER + names.ELDER_MEN[:20]
        return surname + rng.choice(pool)

    def _member(
        self, village: DemoArea, position: RosterPosition, title: str | None, name: str,
        duty_area: str, person: DemoPerson | None = None,
    ) -> None:  # fmt: skip
        self.members.append(
            DemoRosterMember(
                id=self.new_id(), area_id=village.id, area_path=village.path,
                axis=POSITION_AXIS[position].value, position=position.value, title=title,
                name=person.name if person else name,
                phone=person.phone if person else self.new_phone(), duty_area=duty_area,
                person_id=person.id if person else None,
            )
        )  # fmt: skip

    def _people(self, v: Village) -> None:
        clan = _clan(v.households)
        big = len(v.households) > 400
        secretary = "村党总支书记" if big else "村党支部书记"
        self._member(v.area, P.secretary, secretary, self._name(clan), "全村党建和村务")
        self._member(v.area, P.director, "村委会主任", self._name(clan), "村务、治安联防")
        self._member(v.area, P.women_director, None, self._name(clan, woman=True), "妇女儿童、计生")
        naturals = _naturals(v.households)
        for i in range(min(len(naturals), self.rng.randint(2, 4))):
            duty = f"第{names.CHINESE_ORDINALS[i]}村民小组（{naturals[i]}自然村）"
            person = v.leader if i == 0 else None  # a 联户长 is often a group head too
            self._member(v.area, P.group_head, None, self._name(clan), duty, person)
        for position, title, duty in _GRID_POSTS:
            text = duty.format(grids=v.grids, natural=self.rng.choice(naturals))
            woman = position == P.village_doctor and self.rng.random() < 0.5
            self._member(v.area, position, title, self._name(clan, woman), text)

    # -- cameras -------------------------------------------------------------------------------

    def _cameras(self, v: Village) -> None:
        rng = self.rng
        homes = v.households
        grid_worker = next(m for m in reversed(self.members) if m.position == P.grid_worker.value)
        public = [names.XUELIANG_ENTRANCE, *rng.sample(names.XUELIANG_PLACES, rng.randint(1, 4))]
        for i, (place, coverage) in enumerate(public):
            # The entrance at one end of the valley, the others along it.
            at = homes[0] if i == 0 else homes[rng.randrange(len(homes))]
            self._camera(v.area, CameraKind.xueliang, place, at, "村委会", None, coverage,
                         grid_worker.name, grid_worker.phone)  # fmt: skip
        fit = [h for h in homes if h.member_count >= 2]
        for home in rng.sample(fit or homes, rng.randint(1, 3)):
            head = self.heads.get(home.id)
            phone = head.phone if head else self.new_phone()
            place = home.address.split("村", 1)[-1] + "门前"
            self._camera(v.area, CameraKind.household, place, home, home.head_name, home.id,
                         "门前道路和相邻几户", home.head_name, phone)  # fmt: skip

    def _camera(
        self, village: DemoArea, kind: CameraKind, place: str, near: DemoHousehold, owner: str,
        household_id: str | None, coverage: str, contact: str, phone: str,
    ) -> None:  # fmt: skip
        jitter = 0.0 if household_id else 0.0004
        self.cameras.append(
            DemoCamera(
                id=self.new_id(), area_id=village.id, area_path=village.path, kind=kind.value,
                place=place[:100],
                lat=round(near.lat + self.rng.uniform(-jitter, jitter), 6),
                lng=round(near.lng + self.rng.uniform(-jitter, jitter), 6),
                owner=owner, owner_household_id=household_id, coverage=coverage,
                contact_name=contact, contact_phone=phone,
            )
        )  # fmt: skip


def _clan(homes: list[DemoHousehold]) -> str | None:
    """The most common surname among the heads (a village is often one clan)."""
    counts: dict[str, int] = {}
    for h in homes:
        counts[h.head_name[0]] = counts.get(h.head_name[0], 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _naturals(homes: list[DemoHousehold]) -> list[str]:
    """The natural villages in address order: `…{village}{natural}自然村{n}号`."""
    seen: dict[str, None] = {}
    for h in homes:
        before = h.address.split("自然村", 1)[0]
        seen.setdefault(before.rsplit("村", 1)[-1] or before[-2:], None)
    return list(seen)


def villages_of(
    areas: Sequence[DemoArea],
    households: Sequence[DemoHousehold],
    leaders: dict[str, DemoPerson],
) -> list[Village]:
    """Each village with its grid count, households (in valley order) and first 联户长
    (`leaders`: micro-grid id → its 联户长)."""
    out: dict[str, Village] = {
        a.id: Village(a, 0, [], None) for a in areas if a.level == AreaLevel.village
    }
    for a in areas:
        if a.level == AreaLevel.grid and a.parent_id in out:
            out[a.parent_id].grids += 1
    for h in households:
        village = out[h.area_path.split("/")[3]]
        village.households.append(h)
        if village.leader is None and h.area_id in leaders:
            village.leader = leaders[h.area_id]
    return list(out.values())
