"""The demo jurisdiction as plain, frozen data (what the generator builds and the loader writes)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jinghutong.models.area import AreaLevel
from jinghutong.models.role_grant import Role


@dataclass(frozen=True, slots=True)
class DemoArea:
    id: str
    parent_id: str | None
    level: str
    name: str
    code: str | None
    path: str
    depth: int
    lat: float
    lng: float


@dataclass(frozen=True, slots=True)
class DemoHousehold:
    id: str
    area_id: str
    area_path: str
    address: str
    head_name: str
    lat: float
    lng: float
    member_count: int
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoPerson:
    id: str
    name: str
    openid: str
    phone: str
    username: str | None
    is_staff: bool


@dataclass(frozen=True, slots=True)
class DemoMembership:
    id: str
    person_id: str
    household_id: str
    relation: str
    status: str


@dataclass(frozen=True, slots=True)
class DemoRoleGrant:
    id: str
    person_id: str
    role: str
    area_id: str


@dataclass(frozen=True, slots=True)
class DemoRosterMember:
    id: str
    area_id: str
    area_path: str
    axis: str
    position: str
    title: str | None
    name: str
    phone: str
    duty_area: str
    person_id: str | None


@dataclass(frozen=True, slots=True)
class DemoCamera:
    id: str
    area_id: str
    area_path: str
    kind: str
    place: str
    lat: float
    lng: float
    owner: str
    owner_household_id: str | None
    coverage: str
    contact_name: str
    contact_phone: str


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    seed: int
    areas: tuple[DemoArea, ...]  # parents before children
    households: tuple[DemoHousehold, ...]
    persons: tuple[DemoPerson, ...]
    memberships: tuple[DemoMembership, ...]
    role_grants: tuple[DemoRoleGrant, ...]
    roster_members: tuple[DemoRosterMember, ...] = ()  # the villages' 纵横斜 roster
    cameras: tuple[DemoCamera, ...] = ()

    def summary(self) -> dict[str, object]:
        levels = Counter(a.level for a in self.areas)
        roles = Counter(g.role for g in self.role_grants)
        tags = Counter(t for h in self.households for t in h.tags)
        return {
            "station": self.areas[0].name,
            "townships": levels[AreaLevel.township],
            "villages": levels[AreaLevel.village],
            "grids": levels[AreaLevel.grid],
            "micro_grids": levels[AreaLevel.micro_grid],
            "households": len(self.households),
            "residents": sum(h.member_count for h in self.households),
            "households_with_members": len({m.household_id for m in self.memberships}),
            "persons": len(self.persons),
            "staff": sum(p.is_staff for p in self.persons),
            "group_leaders": roles[Role.group_leader],
            "memberships": len(self.memberships),
            "role_grants": len(self.role_grants),
            "roster_members": len(self.roster_members),
            "cameras": len(self.cameras),
            "tags": dict(sorted(tags.items())),
        }
