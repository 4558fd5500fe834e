"""The categories and their mapping: one table any staff member reads, the admin changes; a
change applies to what comes next, and to history only when the admin asks, with the rollup."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.models import (
    AuditEvent,
    CaseKind,
    CategoryMapping,
    DisputeCategory,
    HazardKind,
)
from jinghutong.statistics.incidents.categories import (
    CATEGORIES,
    DEFAULT_MAPPING,
    mapping_lines,
)
from support.incidents import API, HEADER, incidents, rollup_is_raw, rollup_total
from support.spreadsheets import xlsx_bytes

COMPLAINTS = [
    HEADER,
    ["T-1", "2024-03-01 10:00", "投诉", "投诉服务", "上坊村", "", "已答复"],
    ["T-2", "2024-03-02 10:00", "投诉", "投诉噪音", "桐坑源村", "", "已协调"],
    ["T-3", "2024-03-03 10:00", "举报", "举报赌博", "上坊村", "", "已核查"],
]


async def test_any_staff_member_reads_the_categories_and_the_whole_mapping(client, as_, desk):
    response = await client.get(
        f"{API}/incidents/categories", headers=await as_(desk.village_police)
    )

    assert response.status_code == 200
    body = response.json()
    assert [(c["code"], c["name"], c["valid"]) for c in body["categories"]] == [
        (c.code, c.name, c.valid) for c in CATEGORIES
    ]
    assert [c["name"] for c in body["categories"] if not c["valid"]] == ["无效报警"]
    assert body["valid_definition"].startswith("有效警情 = 刑事 + 治安 + 交通 + 火警 + 纠纷")
    rows = {(r["source"], r["kind"]): r for r in body["mapping"]}
    assert rows[("case", "alarm")]["category_name"] == "治安"
    assert rows[("case", "clue:invalid")]["category"] == "invalid"
    assert rows[("110", "骚扰电话")]["category_name"] == "无效报警"
    assert rows[("110", "家庭纠纷")]["category"] == "dispute"
    assert {k for s, k in rows if s == "case"} >= set(CaseKind)
    assert {k for s, k in rows if s == "dispute"} == set(DisputeCategory)
    assert {k for s, k in rows if s == "hazard"} == set(HazardKind)


async def test_the_migration_seeds_exactly_the_default_mapping(session):
    stored = (await session.scalars(select(CategoryMapping))).all()

    assert {(r.source, r.kind, r.category, r.note) for r in stored} == {
        (r.source, r.kind, str(r.category), r.note) for r in DEFAULT_MAPPING
    }
    assert len(stored) == len(DEFAULT_MAPPING)


async def test_the_cli_prints_the_default_mapping(capsys):
    from jinghutong.cli import main

    main(["statistics", "categories"])

    out = capsys.readouterr().out
    assert out.splitlines()[: len(mapping_lines())] == mapping_lines()
    assert "警户通案件 · alarm → 治安" in out and "110接处警 · 误拨 → 无效报警" in out


async def test_a_villager_or_a_group_leader_does_not_read_them(client, as_, desk):
    for person in (desk.villager, desk.leader):
        response = await client.get(f"{API}/incidents/categories", headers=await as_(person))
        assert (response.status_code, response.json()["error"]) == (403, "NotStaff")


async def test_a_changed_row_applies_to_new_imports_and_leaves_history_until_asked(
    client, as_, desk, upload, database
):
    await upload(xlsx_bytes(COMPLAINTS[:3]))  # two 投诉, counted 举报投诉
    admin = await as_(desk.bureau)
    body = {"source": "110", "kind": "投诉", "category": "other", "note": "投诉服务态度按其他统计"}

    changed = await client.put(f"{API}/incidents/categories/mapping", json=body, headers=admin)

    assert changed.status_code == 200, changed.text
    answer = changed.json()
    assert answer["previous_category"] == "report" and answer["moved"] == 0
    assert answer["existing_incidents"] == 2
    assert "未自动改写" in answer["effect"]
    assert answer["row"]["category_name"] == "其他"
    assert await rollup_total(database, "report") == 2  # history as it was
    await upload(xlsx_bytes([HEADER, ["T-9", "2024-03-09 10:00", "投诉", "", "上坊村", "", ""]]))
    [new] = await incidents(database, number="T-9")
    assert new.category == "other"
    again = (await upload(xlsx_bytes(COMPLAINTS))).json()  # re-imported rows follow the table
    assert (again["updated"], again["created"]) == (2, 1)
    assert await rollup_total(database, "report") == 1  # T-3, a 举报
    await rollup_is_raw(database)
    async with database.session(read_only=True) as s:
        audit = await s.scalar(
            select(AuditEvent).where(AuditEvent.action == "change_incident_mapping")
        )
    assert audit is not None and audit.detail["to"] == "other"


async def test_applied_to_history_the_incidents_and_the_rollup_move_together(
    client, as_, desk, upload, database
):
    await upload(
        xlsx_bytes([*COMPLAINTS, ["U-1", "2024-04-01 10:00", "涉稳事件", "", "上坊村", "", ""]])
    )
    admin = await as_(desk.bureau)

    moved = await client.put(
        f"{API}/incidents/categories/mapping",
        json={"source": "110", "kind": "投诉", "category": "other", "apply_to_history": True},
        headers=admin,
    )
    added = await client.put(
        f"{API}/incidents/categories/mapping",
        json={
            "source": "110",
            "kind": "涉稳事件",
            "category": "public_order",
            "apply_to_history": True,
        },
        headers=admin,
    )

    assert (moved.json()["moved"], moved.json()["existing_incidents"]) == (2, 2)
    assert "把已有的 2 条警情改为「其他」" in moved.json()["effect"]
    assert added.json()["previous_category"] is None and added.json()["moved"] == 1
    assert await rollup_total(database, "report") == 1
    assert await rollup_total(database, "other") == 2
    assert await rollup_total(database, "public_order") == 1
    await rollup_is_raw(database)


async def test_only_an_admin_over_every_station_changes_the_table(client, as_, desk, session):
    body = {"source": "case", "kind": "alarm", "category": "criminal"}
    chief = await client.put(
        f"{API}/incidents/categories/mapping", json=body, headers=await as_(desk.chief)
    )
    # 汾口派出所 exists too: the station's admin would re-categorize its figures as well.
    admin = await client.put(
        f"{API}/incidents/categories/mapping", json=body, headers=await as_(desk.admin)
    )

    assert (chief.status_code, chief.json()["error"]) == (403, "MappingIsForAdmins")
    assert admin.status_code == 403
    row = await session.get(CategoryMapping, ("case", "alarm"))
    assert row is not None and row.category == "public_order"


async def test_an_admin_of_every_station_changes_it_but_not_to_kinds_that_do_not_exist(
    client, as_, desk
):
    headers = await as_(desk.bureau)

    unknown = await client.put(
        f"{API}/incidents/categories/mapping",
        json={"source": "case", "kind": "robbery", "category": "criminal"},
        headers=headers,
    )
    bad_category = await client.put(
        f"{API}/incidents/categories/mapping",
        json={"source": "case", "kind": "alarm", "category": "serious"},
        headers=headers,
    )
    ok = await client.put(
        f"{API}/incidents/categories/mapping",
        json={"source": "hazard", "kind": "fire", "category": "fire"},
        headers=headers,
    )

    assert (unknown.status_code, unknown.json()["error"]) == (422, "UnknownKind")
    assert bad_category.status_code == 422
    assert ok.status_code == 200 and "不单独计入警情" in ok.json()["effect"]
