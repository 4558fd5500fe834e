"""The demo jurisdiction of FIELD.md, generated without a database."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from jinghutong.demo.accounts import demo_accounts
from jinghutong.demo.generator import BBOX, DEFAULT_SEED, DEMO_PASSWORD, generate
from jinghutong.demo.model import Jurisdiction
from jinghutong.models.roster import POSITION_AXIS, RosterPosition

ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")


@pytest.fixture(scope="module")
def jurisdiction() -> Jurisdiction:
    return generate()


def by_level(j: Jurisdiction, level: str) -> list:
    return [a for a in j.areas if a.level == level]


def grants_of(j: Jurisdiction, role: str) -> list:
    return [g for g in j.role_grants if g.role == role]


def test_the_same_seed_gives_the_same_jurisdiction_and_ids(jurisdiction: Jurisdiction) -> None:
    assert generate(DEFAULT_SEED) == jurisdiction


def test_another_seed_gives_another_jurisdiction(jurisdiction: Jurisdiction) -> None:
    other = generate(7)
    assert other.areas[0].id != jurisdiction.areas[0].id
    assert [h.head_name for h in other.households[:50]] != [
        h.head_name for h in jurisdiction.households[:50]
    ]


def test_ids_are_unique_ulids(jurisdiction: Jurisdiction) -> None:
    j = jurisdiction
    ids = [
        x.id
        for rows in (
            j.areas,
            j.households,
            j.persons,
            j.memberships,
            j.role_grants,
            j.roster_members,
            j.cameras,
        )
        for x in rows
    ]
    assert all(ULID.match(i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_one_station_with_the_three_townships_and_44_villages(jurisdiction: Jurisdiction) -> None:
    (station,) = by_level(jurisdiction, "station")
    assert station.name == "大市派出所"
    assert station.parent_id is None and station.depth == 0
    townships = by_level(jurisdiction, "township")
    assert [t.name for t in townships] == ["大墅镇", "枫树岭镇", "安阳乡"]
    villages = by_level(jurisdiction, "village")
    assert len(villages) == 44
    assert len({v.name for v in villages}) == 44
    assert all(v.name.endswith("村") for v in villages)
    codes = [v.code for v in villages]
    assert all(c is not None and re.fullmatch(r"330127\d{6}", c) for c in codes)
    assert len(set(codes)) == 44


def test_villages_have_two_to_five_grids_of_micro_grids(jurisdiction: Jurisdiction) -> None:
    children = Counter(a.parent_id for a in by_level(jurisdiction, "grid"))
    assert all(2 <= children[v.id] <= 5 for v in by_level(jurisdiction, "village"))
    assert all(re.fullmatch(r"第[一二三四五]网格", g.name) for g in by_level(jurisdiction, "grid"))
    micro_names = [m.name for m in by_level(jurisdiction, "micro_grid")]
    assert all(re.fullmatch(r".+村第\d+微网格", n) for n in micro_names)
    assert len(set(micro_names)) == len(micro_names)


def test_about_fifteen_thousand_households_and_43000_residents(jurisdiction: Jurisdiction) -> None:
    households = jurisdiction.households
    assert 14_000 <= len(households) <= 16_000
    assert all(1 <= h.member_count <= 6 for h in households)
    assert 40_000 <= sum(h.member_count for h in households) <= 46_000
    per_village = Counter(h.area_path.split("/")[3] for h in households)
    assert len(per_village) == 44
    assert all(200 <= n <= 600 for n in per_village.values())


def test_household_tags_come_in_plausible_shares(jurisdiction: Jurisdiction) -> None:
    n = len(jurisdiction.households)
    tags = Counter(t for h in jurisdiction.households for t in h.tags)
    assert 0.06 < tags["独居老人"] / n < 0.10
    assert 0.03 < tags["留守儿童"] / n < 0.07
    assert 0.005 < tags["重点关注"] / n < 0.02
    assert tags["空巢老人"] > 0 and tags["残疾人"] > 0
    assert all(h.member_count == 1 for h in jurisdiction.households if "独居老人" in h.tags)


def test_every_micro_grid_has_five_to_ten_households_and_one_leader_living_there(
    jurisdiction: Jurisdiction,
) -> None:
    j = jurisdiction
    homes = defaultdict(list)
    for h in j.households:
        homes[h.area_id].append(h.id)
    memberships = defaultdict(set)
    for m in j.memberships:
        assert m.status == "active" and m.relation == "户主"
        memberships[m.person_id].add(m.household_id)
    leaders = Counter(g.area_id for g in grants_of(j, "group_leader"))
    micro_grids = by_level(j, "micro_grid")
    assert set(leaders) == {m.id for m in micro_grids}
    assert set(leaders.values()) == {1}
    for m in micro_grids:
        assert 5 <= len(homes[m.id]) <= 10
    for g in grants_of(j, "group_leader"):
        assert memberships[g.person_id] & set(homes[g.area_id])


def test_sixty_percent_of_households_have_their_head_registered(jurisdiction: Jurisdiction) -> None:
    with_members = {m.household_id for m in jurisdiction.memberships}
    assert len(with_members) == len(jurisdiction.memberships)  # one head each
    assert 0.55 < len(with_members) / len(jurisdiction.households) < 0.65


def test_staff_of_the_station(jurisdiction: Jurisdiction) -> None:
    j = jurisdiction
    villages = {v.id for v in by_level(j, "village")}
    village_police = Counter(g.area_id for g in grants_of(j, "village_police"))
    assert set(village_police) == villages and set(village_police.values()) == {1}
    for role in ("area_officer", "auxiliary_officer"):
        beats = defaultdict(set)
        for g in grants_of(j, role):
            beats[g.person_id].add(g.area_id)
        assert set().union(*beats.values()) == villages
        assert all(5 <= len(b) <= 7 for b in beats.values())
        assert 6 <= len(beats) <= 9
    assert len(grants_of(j, "chief")) == len(grants_of(j, "admin")) == 1
    assert len(grants_of(j, "duty_room")) == 2
    staff = [p for p in j.persons if p.is_staff]
    assert {p.username for p in staff} >= {"chief", "admin", "cj01", "cj44", "zb01", "zb02"}
    assert all(p.username is None for p in j.persons if not p.is_staff)
    usernames = [p.username for p in staff]
    assert len(set(usernames)) == len(usernames)


def test_people_have_chinese_names_mobile_phones_and_unique_openids(
    jurisdiction: Jurisdiction,
) -> None:
    j = jurisdiction
    assert all(CHINESE_NAME.match(p.name) for p in j.persons)
    assert all(CHINESE_NAME.match(h.head_name) for h in j.households)
    assert all(MOBILE.match(p.phone) for p in j.persons)
    assert len({p.phone for p in j.persons}) == len(j.persons)
    assert len({p.openid for p in j.persons}) == len(j.persons)
    assert "demo-leader-0001" in {p.openid for p in j.persons}
    assert "demo-villager-00001" in {p.openid for p in j.persons}


def test_coordinates_lie_in_the_jurisdiction(jurisdiction: Jurisdiction) -> None:
    lat_min, lat_max, lng_min, lng_max = BBOX
    points = [(x.lat, x.lng) for x in jurisdiction.areas]
    points += [(x.lat, x.lng) for x in jurisdiction.households]
    assert all(lat_min <= lat <= lat_max and lng_min <= lng <= lng_max for lat, lng in points)


def test_micro_grid_centroid_is_the_mean_of_its_households(jurisdiction: Jurisdiction) -> None:
    micro = by_level(jurisdiction, "micro_grid")[10]
    homes = [h for h in jurisdiction.households if h.area_id == micro.id]
    assert micro.lat == pytest.approx(sum(h.lat for h in homes) / len(homes), abs=1e-6)
    assert micro.lng == pytest.approx(sum(h.lng for h in homes) / len(homes), abs=1e-6)


def test_materialized_paths_follow_the_tree(jurisdiction: Jurisdiction) -> None:
    areas = {a.id: a for a in jurisdiction.areas}
    seen = set()
    for a in jurisdiction.areas:  # parents come before children (insert order)
        parent_path = areas[a.parent_id].path if a.parent_id else "/"
        assert a.path == f"{parent_path}{a.id}/"
        assert a.depth == len(a.path.strip("/").split("/")) - 1
        assert a.parent_id is None or a.parent_id in seen
        seen.add(a.id)
    for h in jurisdiction.households:
        assert areas[h.area_id].level == "micro_grid"
        assert h.area_path == areas[h.area_id].path


def test_addresses_are_unique_and_read_like_the_register(jurisdiction: Jurisdiction) -> None:
    addresses = [(h.area_id, h.address) for h in jurisdiction.households]
    assert len(set(addresses)) == len(addresses)
    pattern = re.compile(r"^淳安县(大墅镇|枫树岭镇|安阳乡)\w+村\w+自然村\d+号$")
    assert all(pattern.match(h.address) for h in jurisdiction.households)


ONE_EACH = {
    "secretary", "director", "women_director", "grid_worker", "mediator", "forest_ranger",
    "cleaner", "water_manager", "electrician", "village_doctor",
}  # fmt: skip


def test_every_village_has_its_roster_of_cadres_and_township_workers(
    jurisdiction: Jurisdiction,
) -> None:
    j = jurisdiction
    villages = {v.id: v for v in by_level(j, "village")}
    positions = defaultdict(Counter)
    for m in j.roster_members:
        assert m.area_id in villages and m.area_path == villages[m.area_id].path
        assert m.axis == POSITION_AXIS[RosterPosition(m.position)]
        assert CHINESE_NAME.match(m.name) and MOBILE.match(m.phone) and m.duty_area
        positions[m.area_id][m.position] += 1
    assert set(positions) == set(villages)
    for counts in positions.values():
        assert {p for p, n in counts.items() if n == 1} >= ONE_EACH
        assert 2 <= counts["group_head"] <= 4
    group_heads = [m for m in j.roster_members if m.position == "group_head"]
    assert all(re.fullmatch(r"第[一二三四]村民小组（\w+自然村）", m.duty_area) for m in group_heads)


def test_roster_people_on_wechat_are_the_villages_leaders_with_their_own_phone(
    jurisdiction: Jurisdiction,
) -> None:
    j = jurisdiction
    persons = {p.id: p for p in j.persons}
    areas = {a.id: a for a in j.areas}
    leader_of = {g.person_id: areas[g.area_id] for g in grants_of(j, "group_leader")}
    on_wechat = [m for m in j.roster_members if m.person_id]
    assert len(on_wechat) == 44
    for m in on_wechat:
        assert m.name == persons[m.person_id].name and m.phone == persons[m.person_id].phone
        assert leader_of[m.person_id].path.startswith(m.area_path)
    others = [m.phone for m in j.roster_members if not m.person_id]
    assert len(set(others)) == len(others)
    assert not set(others) & {p.phone for p in j.persons}


def test_every_village_has_three_to_eight_cameras_public_and_volunteered(
    jurisdiction: Jurisdiction,
) -> None:
    j = jurisdiction
    households = {h.id: h for h in j.households}
    lat_min, lat_max, lng_min, lng_max = BBOX
    per_village = defaultdict(list)
    for c in j.cameras:
        per_village[c.area_id].append(c)
        assert lat_min <= c.lat <= lat_max and lng_min <= c.lng <= lng_max
        assert MOBILE.match(c.contact_phone) and c.coverage
    assert set(per_village) == {v.id for v in by_level(j, "village")}
    for cameras in per_village.values():
        assert 3 <= len(cameras) <= 8
        kinds = Counter(c.kind for c in cameras)
        assert kinds["xueliang"] >= 2 and 1 <= kinds["household"] <= 3
        assert any(c.place == "村口" for c in cameras)
        for c in cameras:
            if c.kind == "household":
                home = households[c.owner_household_id]
                assert home.area_path.startswith(cameras[0].area_path)
                assert c.owner == c.contact_name == home.head_name
                assert c.place.endswith("门前")
            else:
                assert c.owner == "村委会" and c.owner_household_id is None


def test_summary_counts_what_was_generated(jurisdiction: Jurisdiction) -> None:
    summary = jurisdiction.summary()
    assert summary["station"] == "大市派出所"
    assert summary["villages"] == 44
    assert summary["households"] == len(jurisdiction.households)
    assert summary["group_leaders"] == summary["micro_grids"]
    assert summary["persons"] == len(jurisdiction.persons)
    assert summary["roster_members"] == len(jurisdiction.roster_members) > 44 * 12
    assert summary["cameras"] == len(jurisdiction.cameras)


def test_demo_accounts_list_staff_leaders_and_villagers(jurisdiction: Jurisdiction) -> None:
    accounts = demo_accounts()
    roles = Counter(a["role"] for a in accounts)
    assert roles["chief"] == roles["admin"] == 1
    assert roles["village_police"] == 44
    assert roles["group_leader"] == 3 and roles["villager"] == 5
    chief = next(a for a in accounts if a["role"] == "chief")
    assert chief["username"] == "chief" and chief["password"] == DEMO_PASSWORD
    assert chief["role_name"] == "所长" and chief["area"] == "大市派出所"
    villagers = [a for a in accounts if a["role"] == "villager"]
    assert all(a["password"] is None and a["role_name"] == "村民" for a in villagers)
    persons: dict[str | None, str] = {p.openid: p.id for p in jurisdiction.persons}
    households = {h.id: h for h in jurisdiction.households}
    alone = {
        households[m.household_id].tags
        for m in jurisdiction.memberships
        if m.person_id in {persons[a["openid"]] for a in villagers}
    }
    assert any("独居老人" in tags for tags in alone)
    assert all(a["openid"] in persons for a in accounts)
