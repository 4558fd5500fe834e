"""The demo logins to print after loading: every staff member and a few villagers, straight from
the generator (no database)."""

from __future__ import annotations

from collections import defaultdict

from jinghutong.demo.generator import DEFAULT_SEED, DEMO_PASSWORD, generate
from jinghutong.demo.model import DemoArea, DemoPerson, Jurisdiction
from jinghutong.models.role_grant import ROLE_NAMES, Role

Account = dict[str, str | None]

STAFF_ORDER = (
    Role.chief,
    Role.admin,
    Role.duty_room,
    Role.area_officer,
    Role.auxiliary_officer,
    Role.village_police,
)
VILLAGER = "villager"
VILLAGER_NAME = "村民"
LEADERS_SHOWN = 3
VILLAGERS_SHOWN = 5


def demo_accounts(seed: int = DEFAULT_SEED) -> list[Account]:
    """Demo logins for the jurisdiction generated from `seed`."""
    return accounts_for(generate(seed))


def accounts_for(jurisdiction: Jurisdiction) -> list[Account]:
    """Staff (username and the shared password), the first 联户长, and a few villagers, one of
    them living alone (独居老人). Households without members have no login and are not listed."""
    areas = {a.id: a for a in jurisdiction.areas}
    persons = {p.id: p for p in jurisdiction.persons}
    grants: dict[tuple[str, str], list[DemoArea]] = defaultdict(list)
    for g in jurisdiction.role_grants:
        grants[(g.role, g.person_id)].append(areas[g.area_id])
    accounts = []
    for role in STAFF_ORDER:
        for (granted, person_id), granted_areas in grants.items():
            if granted == role:
                accounts.append(_account(role, persons[person_id], granted_areas))
    leaders = [(pid, a) for (role, pid), a in grants.items() if role == Role.group_leader]
    for person_id, granted_areas in leaders[:LEADERS_SHOWN]:
        accounts.append(_account(Role.group_leader, persons[person_id], granted_areas))
    accounts.extend(_villagers(jurisdiction, areas, persons))
    return accounts


def _villagers(
    jurisdiction: Jurisdiction, areas: dict[str, DemoArea], persons: dict[str, DemoPerson]
) -> list[Account]:
    households = {h.id: h for h in jurisdiction.households}
    villagers = [
        (persons[m.person_id], households[m.household_id])
        for m in jurisdiction.memberships
        if persons[m.person_id].openid.startswith("demo-villager-")
    ]
    shown = villagers[: VILLAGERS_SHOWN - 1]
    alone = next((v for v in villagers if "独居老人" in v[1].tags), None)
    if alone is not None and alone not in shown:
        shown.append(alone)
    else:
        shown = villagers[:VILLAGERS_SHOWN]
    return [_account(VILLAGER, person, [areas[home.area_id]]) for person, home in shown]


def _account(role: str, person: DemoPerson, granted_areas: list[DemoArea]) -> Account:
    # Micro-grid names carry the village (桐坑源村第3微网格); officers cover several villages.
    first = granted_areas[0]
    area = first.name if len(granted_areas) == 1 else f"{first.name}等{len(granted_areas)}个村"
    return {
        "role": str(role),
        "role_name": VILLAGER_NAME if role == VILLAGER else ROLE_NAMES[Role(role)],
        "name": person.name,
        "area": area,
        "area_id": first.id,
        "openid": person.openid,
        "username": person.username,
        "password": DEMO_PASSWORD if person.is_staff else None,
    }
