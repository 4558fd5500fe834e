"""The demo jurisdiction of FIELD.md as plain data: no database, the same seed gives the same
areas, households, people and ids on every machine.

Ids have the ULID format of core/ids.py with a fixed timestamp (2026-11-28 00:00 Asia/Shanghai)
and random bits from a seeded RNG. Area depth counts ancestors: the station is 0."""

from __future__ import annotations

import base64
import itertools
import math
import random
from datetime import datetime
from zoneinfo import ZoneInfo

from jinghutong.demo import names
from jinghutong.demo.model import (
    DemoArea,
    DemoCamera,
    DemoHousehold,
    DemoMembership,
    DemoPerson,
    DemoRoleGrant,
    DemoRosterMember,
    Jurisdiction,
)
from jinghutong.demo.roster import RosterBuilder, villages_of
from jinghutong.models.area import AreaLevel
from jinghutong.models.role_grant import Role

DEFAULT_SEED = 20261128
DEMO_PASSWORD = "jht-demo-2026"  # noqa: S105 - the published demo password
TARGET_HOUSEHOLDS = 15_000
BBOX = (29.45, 29.75, 118.70, 119.10)  # lat_min, lat_max, lng_min, lng_max
HEAD = "户主"

_KM_PER_DEG_LAT = 111.32
_MEMBER_CUM_WEIGHTS = tuple(itertools.accumulate((16, 29, 25, 16, 9, 5)))  # 1..6, mean ≈ 2.9
_SURNAMES = tuple(s for s, _ in names.SURNAMES)
_SURNAME_CUM = tuple(itertools.accumulate(w for _, w in names.SURNAMES))
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RFC_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", _CROCKFORD)
_ID_EPOCH_MS = int(datetime(2026, 11, 28, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp() * 1000)


def generate(seed: int = DEFAULT_SEED) -> Jurisdiction:
    """The whole demo jurisdiction for `seed`."""
    return _Builder(seed).build()


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (
        round(sum(p[0] for p in points) / len(points), 6),
        round(sum(p[1] for p in points) / len(points), 6),
    )


def _split(rng: random.Random, n: int, k: int, spread: float = 0.3) -> list[int]:
    """`n` into `k` positive parts of roughly equal size."""
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(k)]
    total = sum(weights)
    sizes = [max(1, int(n * w / total)) for w in weights]
    for i in itertools.cycle(range(k)):
        if sum(sizes) == n:
            return sizes
        sizes[i] += 1 if sum(sizes) < n else -1 if sizes[i] > 1 else 0
    raise AssertionError("unreachable")


def _micro_sizes(rng: random.Random, n: int) -> list[int]:
    """`n` households into micro-grids of 5–10 neighbouring households."""
    k = round(n / rng.uniform(6.5, 8.5))
    k = min(max(k, math.ceil(n / 10)), n // 5)
    sizes = [5] * k
    spare_slots = [i for i in range(k) for _ in range(5)]  # each part can take 5 more
    for i in rng.sample(spare_slots, n - 5 * k):
        sizes[i] += 1
    return sizes


def _area(
    area_id: str, parent_id: str | None, parent_path: str, level: AreaLevel, name: str,
    coords: list[tuple[float, float]], code: str | None = None,
) -> DemoArea:  # fmt: skip
    path = f"{parent_path}{area_id}/"
    depth = path.count("/") - 2  # the station (root) is 0
    return DemoArea(area_id, parent_id, level.value, name, code, path, depth, *_mean(coords))


class _Builder:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        # Ids come from their own stream so changing the data does not reshuffle every id.
        self._id_rng = random.Random(f"jinghutong-demo-ids-{seed}")  # noqa: S311
        self._id_prefix = "".join(
            _CROCKFORD[(_ID_EPOCH_MS >> 5 * i) & 31] for i in range(9, -1, -1)
        )
        self.phones: set[str] = set()
        self.households: list[DemoHousehold] = []
        self.persons: list[DemoPerson] = []
        self.memberships: list[DemoMembership] = []
        self.grants: list[DemoRoleGrant] = []
        self.led_households: set[str] = set()

    def new_id(self) -> str:
        raw = self._id_rng.getrandbits(80).to_bytes(10, "big")
        return self._id_prefix + base64.b32encode(raw).decode("ascii").translate(_RFC_TO_CROCKFORD)

    def build(self) -> Jurisdiction:
        station_id = self.new_id()
        root = f"/{station_id}/"
        sizes = iter(self._village_sizes())
        townships: list[DemoArea] = []
        below: list[DemoArea] = []
        villages_by_township: list[list[DemoArea]] = []
        for t_name, t_code, seat, village_names in names.TOWNSHIPS:
            t_id = self.new_id()
            t_path = f"{root}{t_id}/"
            first_household = len(self.households)
            villages = []
            for i, v_name in enumerate(village_names):
                centre = self._village_centre(seat, i, len(village_names))
                code = f"{names.COUNTY_CODE}{t_code}{201 + i}"
                subtree = self._village(t_name, v_name, code, next(sizes), centre, t_id, t_path)
                villages.append(subtree[0])
                below.extend(subtree)
            coords = [(h.lat, h.lng) for h in self.households[first_household:]]
            code = f"{names.COUNTY_CODE}{t_code}000"
            townships.append(
                _area(t_id, station_id, root, AreaLevel.township, t_name, coords, code)
            )
            villages_by_township.append(villages)
        coords = [(h.lat, h.lng) for h in self.households]
        station = _area(station_id, None, "/", AreaLevel.station, names.STATION, coords)
        self._register_villagers()
        self._staff(station, villages_by_township)
        members, cameras = self._roster(below)
        return Jurisdiction(
            self.seed,
            (station, *townships, *below),
            tuple(self.households),
            tuple(self.persons),
            tuple(self.memberships),
            tuple(self.grants),
            members,
            cameras,
        )

    def _roster(
        self, below: list[DemoArea]
    ) -> tuple[tuple[DemoRosterMember, ...], tuple[DemoCamera, ...]]:
        """Built last, so the areas, households and people above keep their data and ids."""
        persons = {p.id: p for p in self.persons}
        heads = {m.household_id: persons[m.person_id] for m in self.memberships}
        leaders = {
            g.area_id: persons[g.person_id] for g in self.grants if g.role == Role.group_leader
        }
        builder = RosterBuilder(self.rng, self.new_id, self._phone, heads)
        builder.build(villages_of(below, self.households, leaders))
        return tuple(builder.members), tuple(builder.cameras)

    def _village_sizes(self) -> list[int]:
        count = sum(len(t[3]) for t in names.TOWNSHIPS)
        raw = [self.rng.triangular(200, 600, 260) for _ in range(count)]
        factor = TARGET_HOUSEHOLDS / sum(raw)
        return [min(600, max(200, round(r * factor))) for r in raw]

    def _village_centre(self, seat: tuple[float, float], i: int, n: int) -> tuple[float, float]:
        """The seat village at the township seat, the others on a ring 3–8 km around it."""
        if i == 0:
            return seat
        bearing = 2 * math.pi * i / n + self.rng.uniform(-0.3, 0.3)
        km = self.rng.uniform(3.0, 8.0)
        lat = seat[0] + km * math.sin(bearing) / _KM_PER_DEG_LAT
        lng = seat[1] + km * math.cos(bearing) / (_KM_PER_DEG_LAT * math.cos(math.radians(lat)))
        # Keep every valley (±1.5 km) inside the jurisdiction's box.
        lat_min, lat_max, lng_min, lng_max = BBOX
        lat = min(max(lat, lat_min + 0.02), lat_max - 0.02)
        return lat, min(max(lng, lng_min + 0.02), lng_max - 0.02)

    def _valley(self, centre: tuple[float, float], n: int) -> list[tuple[float, float]]:
        """Houses strung along a valley through the village centre, in order along it."""
        rng = self.rng
        theta = rng.uniform(0, math.pi)
        half = rng.uniform(0.9, 1.4)
        deg_lat = 1 / _KM_PER_DEG_LAT
        deg_lng = deg_lat / math.cos(math.radians(centre[0]))
        points = []
        for t in sorted(rng.uniform(-half, half) for _ in range(n)):
            off = min(max(rng.gauss(0, 0.08), -0.25), 0.25)
            x = t * math.cos(theta) - off * math.sin(theta)
            y = t * math.sin(theta) + off * math.cos(theta)
            points.append((round(centre[0] + y * deg_lat, 6), round(centre[1] + x * deg_lng, 6)))
        return points

    def _addresses(self, township: str, village: str, n: int) -> list[str]:
        """Addresses along the valley: natural villages in order, house numbers inside each."""
        stem = village.removesuffix("村")
        others = [v for v in names.NATURAL_VILLAGES if v != stem]
        k = min(6, 2 + n // 150)
        naturals = [stem, *self.rng.sample(others, k - 1)]
        addresses = []
        for natural, size in zip(naturals, _split(self.rng, n, k), strict=True):
            number = 0
            for _ in range(size):
                number += 1 if self.rng.random() < 0.85 else 2
                addresses.append(f"{names.COUNTY}{township}{village}{natural}自然村{number}号")
        return addresses

    def _village(
        self, township: str, name: str, code: str, n: int, centre: tuple[float, float],
        parent_id: str, parent_path: str,
    ) -> list[DemoArea]:  # fmt: skip
        """The village, then each grid followed by its micro-grids; households as a side effect."""
        rng = self.rng
        v_id = self.new_id()
        v_path = f"{parent_path}{v_id}/"
        coords = self._valley(centre, n)
        addresses = self._addresses(township, name, n)
        clan = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
        grid_count = min(5, max(2, round(n / 110) + rng.choice((-1, 0, 0, 1))))
        below: list[DemoArea] = []
        start = micro_no = 0
        for g, grid_size in enumerate(_split(rng, n, grid_count, spread=0.2)):
            g_id = self.new_id()
            g_path = f"{v_path}{g_id}/"
            micros = []
            for size in _micro_sizes(rng, grid_size):
                micro_no += 1
                m_id = self.new_id()
                m_path = f"{g_path}{m_id}/"
                span = range(start, start + size)
                homes = [self._household(m_id, m_path, addresses[j], coords[j], clan) for j in span]
                self._group_leader(m_id, homes)
                m_name, m_coords = f"{name}第{micro_no}微网格", coords[start : start + size]
                micros.append(_area(m_id, g_id, g_path, AreaLevel.micro_grid, m_name, m_coords))
                start += size
            g_name, g_coords = (
                f"第{names.CHINESE_ORDINALS[g]}网格",
                coords[start - grid_size : start],
            )
            below.append(_area(g_id, v_id, v_path, AreaLevel.grid, g_name, g_coords))
            below.extend(micros)
        return [_area(v_id, parent_id, parent_path, AreaLevel.village, name, coords, code), *below]

    def _household(
        self, area_id: str, area_path: str, address: str, at: tuple[float, float], clan: str
    ) -> DemoHousehold:
        rng = self.rng
        count = rng.choices(range(1, 7), cum_weights=_MEMBER_CUM_WEIGHTS)[0]
        tags = []
        roll = rng.random()
        if count == 1 and roll < 0.5:
            tags.append("独居老人")
        elif count == 2 and roll < 0.2:
            tags.append("空巢老人")
        elif count >= 3 and roll < 0.09:
            tags.append("留守儿童")
        if rng.random() < 0.02:
            tags.append("残疾人")
        if rng.random() < 0.01:
            tags.append("重点关注")
        elderly = bool(tags) and tags[0] in ("独居老人", "空巢老人")
        head = self._name(elderly=elderly, surname=clan if rng.random() < 0.45 else None)
        household = DemoHousehold(
            self.new_id(), area_id, area_path, address, head, at[0], at[1], count, tuple(tags)
        )
        self.households.append(household)
        return household

    def _name(
        self, *, elderly: bool = False, young: bool = False, surname: str | None = None
    ) -> str:
        rng = self.rng
        surname = surname or rng.choices(_SURNAMES, cum_weights=_SURNAME_CUM)[0]
        if young:
            return surname + rng.choice(names.YOUNGER)
        roll = rng.random()
        if elderly:  # more widows than widowers live alone
            return surname + rng.choice(names.ELDER_WOMEN if roll < 0.6 else names.ELDER_MEN)
        pool = (
            names.ELDER_MEN if roll < 0.55 else names.ELDER_WOMEN if roll < 0.7 else names.YOUNGER
        )
        return surname + rng.choice(pool)

    def _phone(self) -> str:
        while True:
            phone = self.rng.choice(names.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def _person(self, name: str, openid: str, username: str | None = None) -> DemoPerson:
        person = DemoPerson(
            self.new_id(), name, openid, self._phone(), username, username is not None
        )
        self.persons.append(person)
        return person

    def _head_member(self, person: DemoPerson, household: DemoHousehold) -> None:
        self.memberships.append(
            DemoMembership(self.new_id(), person.id, household.id, HEAD, "active")
        )

    def _grant(self, person: DemoPerson, role: Role, area_id: str) -> None:
        self.grants.append(DemoRoleGrant(self.new_id(), person.id, role.value, area_id))

    def _group_leader(self, micro_grid_id: str, homes: list[DemoHousehold]) -> None:
        """The 联户长 is the head of a household in the micro-grid who is not alone or at risk."""
        at_risk = {"独居老人", "重点关注"}
        fit = [h for h in homes if h.member_count >= 2 and not at_risk & set(h.tags)]
        home = self.rng.choice(fit or homes)
        number = len(self.led_households) + 1
        leader = self._person(home.head_name, f"demo-leader-{number:04d}")
        self._head_member(leader, home)
        self._grant(leader, Role.group_leader, micro_grid_id)
        self.led_households.add(home.id)

    def _register_villagers(self) -> None:
        """About 60% of households have their head in the mini-program; the rest have nobody yet."""
        total, led = len(self.households), len(self.led_households)
        p = (0.6 * total - led) / (total - led)
        number = 0
        for home in self.households:
            if home.id not in self.led_households and self.rng.random() < p:
                number += 1
                self._head_member(self._person(home.head_name, f"demo-villager-{number:05d}"), home)

    def _staff(self, station: DemoArea, villages_by_township: list[list[DemoArea]]) -> None:
        def staff(username: str) -> DemoPerson:
            return self._person(self._name(young=True), f"demo-staff-{username}", username)

        villages = [v for vs in villages_by_township for v in vs]
        for i, village in enumerate(villages, 1):
            self._grant(staff(f"cj{i:02d}"), Role.village_police, village.id)
        beat = 0
        for township_villages in villages_by_township:
            n = len(township_villages)
            k = math.ceil(n / 7)
            groups = [n // k + (i < n % k) for i in range(k)]  # 5–7 villages per officer
            it = iter(township_villages)
            for size in groups:
                beat += 1
                officer, auxiliary = staff(f"mj{beat:02d}"), staff(f"fj{beat:02d}")
                for village in itertools.islice(it, size):
                    self._grant(officer, Role.area_officer, village.id)
                    self._grant(auxiliary, Role.auxiliary_officer, village.id)
        for username, role in (("zb01", Role.duty_room), ("zb02", Role.duty_room)):
            self._grant(staff(username), role, station.id)
        self._grant(staff("chief"), Role.chief, station.id)
        self._grant(staff("admin"), Role.admin, station.id)
