"""The station's 110 history imported from an export: placed in its villages, categorized by the
mapping, the rollup following every row; bad rows reported with their row numbers, the good
ones kept; the same file again changes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.core.clock import SHANGHAI
from jinghutong.models import AuditEvent, Incident
from support.incidents import HEADER, incidents, rollup_is_raw, rollup_total
from support.spreadsheets import csv_bytes, xlsx_bytes


def export(*rows: list[object]) -> bytes:
    return xlsx_bytes([HEADER, *rows])


GOOD = [
    [
        "330127202407290001",
        "2024-07-29 14:05:00",
        "纠纷",
        "邻里纠纷",
        "大墅镇上坊村",
        "上坊村下坞3号",
        "已调解",
    ],
    [
        "330127202408010002",
        "2024/8/1 21:40",
        "治安案件",
        "殴打他人",
        "测试派出所",
        "桐坑源村村口",
        "已受案",
    ],
    [
        "330127202401150003",
        "2024年1月15日 08时30分",
        "无效报警",
        "误拨",
        "测试派出所",
        "",
        "经回拨核实为误拨",
    ],
]


def counts(report: dict) -> tuple[int, int, int, int]:
    return report["created"], report["updated"], report["unchanged"], report["rejected"]


async def test_an_export_lands_in_its_villages_and_again_changes_nothing(upload, desk, database):
    first = await upload(export(*GOOD))
    assert first.status_code == 200, first.text
    assert counts(first.json()) == (3, 0, 0, 0)
    assert first.json()["errors"] == [] and first.json()["unmapped"] == []
    assert first.json()["station_id"] == desk.tree.station.id

    wrong_number, dispute, fight = await incidents(database, station_id=desk.tree.station.id)
    assert (wrong_number.number, wrong_number.category) == ("330127202401150003", "invalid")
    assert wrong_number.area_id == desk.tree.station.id  # no village named: the station
    assert (fight.category, fight.area_id) == ("public_order", desk.tree.other_village.id)
    assert (dispute.category, dispute.subcategory, dispute.area_id) == (
        "dispute",
        "邻里纠纷",
        desk.tree.village.id,
    )
    assert dispute.reported_at == datetime(2024, 7, 29, 14, 5, tzinfo=SHANGHAI)
    assert dispute.day == date(2024, 7, 29) and dispute.source == "110"
    assert fight.day == date(2024, 8, 1)  # 21:40 in Beijing is still that day
    assert await rollup_total(database, "dispute", desk.tree.village) == 1
    await rollup_is_raw(database)

    again = (await upload(export(*GOOD))).json()
    assert counts(again) == (0, 0, 3, 0)
    assert len(await incidents(database)) == 3
    assert await rollup_total(database) == 3
    async with database.session(read_only=True) as s:
        audits = await s.scalar(select(func.count()).where(AuditEvent.action == "import_incidents"))
    assert audits == 2


async def test_a_row_changed_in_a_later_export_is_updated_and_moves_in_the_rollup(
    upload, desk, database
):
    await upload(export(*GOOD))
    changed = [
        [*GOOD[0][:2], "治安案件", "殴打他人", "大墅镇桐坑源村", "", "已受案调查"],
        *GOOD[1:],
    ]

    report = (await upload(export(*changed))).json()

    assert counts(report) == (0, 1, 2, 0)
    [moved] = await incidents(database, number="330127202407290001")
    assert (moved.category, moved.area_id, moved.result) == (
        "public_order",
        desk.tree.other_village.id,
        "已受案调查",
    )
    assert moved.address == "上坊村下坞3号"  # a blank cell leaves what was stored
    assert await rollup_total(database, "dispute") == 0
    assert await rollup_total(database, "public_order", desk.tree.other_village) == 2
    await rollup_is_raw(database)


async def test_a_file_without_the_110_columns_is_refused_naming_them(upload, database):
    response = await upload(xlsx_bytes([["序号", "时间", "地点"], ["1", "2024-01-01", "上坊村"]]))

    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "MissingColumns"
    assert body["detail"].startswith("表格缺少必需的列：警情号、报警时间、类别、管辖单位。")
    assert body["fields"] == {"file": "缺少列：警情号、报警时间、类别、管辖单位"}
    assert await incidents(database) == []


async def test_a_date_in_the_future_or_unreadable_is_refused_with_its_row(upload, database):
    tomorrow = (clock.now() + timedelta(days=1)).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    report = (
        await upload(
            export(
                GOOD[0],
                ["J-2", tomorrow, "求助", "", "上坊村", "", ""],
                ["J-3", "去年夏天", "求助", "", "上坊村", "", ""],
                ["J-4", "1999-12-31 23:00", "求助", "", "上坊村", "", ""],
            )
        )
    ).json()

    assert counts(report) == (1, 0, 0, 3)
    errors = {e["row"]: e for e in report["errors"]}
    assert errors[3]["field"] == "报警时间" and "在将来" in errors[3]["detail"]
    assert "无法识别" in errors[4]["detail"] and "早于 2000 年" in errors[5]["detail"]
    assert [i.number for i in await incidents(database)] == [GOOD[0][0]]
    await rollup_is_raw(database)


async def test_a_repeated_number_is_one_incident_from_its_first_row(upload, database):
    repeat = ["330127202407290001", "2024-07-30 09:00", "求助", "", "上坊村", "", ""]
    report = (await upload(export(GOOD[0], GOOD[1], repeat))).json()

    assert counts(report) == (2, 0, 0, 1)
    [error] = report["errors"]
    assert (error["row"], error["field"]) == (4, "警情号")
    assert "与第 2 行重复" in error["detail"]
    [kept] = await incidents(database, number="330127202407290001")
    assert kept.category == "dispute"
    assert await rollup_total(database) == 2


async def test_rows_of_another_station_are_refused_with_their_row_numbers(upload, desk, database):
    report = (
        await upload(
            export(
                GOOD[0],
                ["F-1", "2024-03-01 10:00", "治安案件", "", "汾口派出所", "汾口村", ""],
                ["F-2", "2024-03-02 10:00", "治安案件", "", "汾口村", "", ""],
                ["F-3", "2024-03-03 10:00", "治安案件", "", "临岐派出所", "", ""],
                ["F-4", "2024-03-04 10:00", "求助", "", "巡特警大队", "", ""],
            )
        )
    ).json()

    assert counts(report) == (2, 0, 0, 3)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (3, "管辖单位"),
        (4, "管辖单位"),
        (5, "管辖单位"),
    ]
    assert "不是测试派出所的辖区" in report["errors"][0]["detail"]
    [unknown_unit] = await incidents(database, number="F-4")
    assert unknown_unit.area_id == desk.tree.station.id  # not a station: ours, place unknown
    assert await incidents(database, station_id=desk.other_station.id) == []


async def test_an_unknown_category_counts_as_other_and_the_report_says_so(upload, database):
    report = (
        await upload(
            export(
                GOOD[0],
                ["U-1", "2024-05-01 10:00", "涉稳事件", "", "上坊村", "", ""],
                ["U-2", "2024-05-02 10:00", "涉稳事件", "", "上坊村", "", ""],
                ["U-3", "2024-05-03 10:00", "", "家庭纠纷", "上坊村", "", ""],
            )
        )
    ).json()

    assert counts(report) == (4, 0, 0, 0)
    assert report["unmapped"] == [{"text": "涉稳事件", "count": 2, "rows": [3, 4]}]
    assert any("涉稳事件" in w and "其他" in w for w in report["warnings"])
    for number in ("U-1", "U-2"):
        [unmapped] = await incidents(database, number=number)
        assert (unmapped.category, unmapped.mapped_from) == ("other", "涉稳事件")
    [by_subkind] = await incidents(database, number="U-3")
    assert by_subkind.category == "dispute"  # no 类别: the 细类 decides
    await rollup_is_raw(database)


async def test_a_gb18030_csv_with_excel_times_and_the_optional_times_imports(upload, database):
    content = csv_bytes(
        [
            [*HEADER, "处警时间", "到达时间"],
            [
                "C-1",
                "2024-02-10 20:01:00",
                "交通事故",
                "车辆剐蹭",
                "上坊村",
                "",
                "",
                "2024-02-10 20:03",
                "2024-02-10 20:25",
            ],
            [
                "C-2",
                "2024-02-11 20:01:00",
                "交通事故",
                "",
                "上坊村",
                "",
                "",
                "2024-02-11 19:00",
                "",
            ],
        ],
        encoding="gb18030",
    )

    report = (await upload(content, name="110.csv")).json()

    assert counts(report) == (1, 0, 0, 1)
    assert report["errors"][0]["field"] == "处警时间"
    [crash] = await incidents(database, number="C-1")
    assert crash.accepted_at == datetime(2024, 2, 10, 20, 3, tzinfo=SHANGHAI)
    assert crash.arrived_at == datetime(2024, 2, 10, 20, 25, tzinfo=SHANGHAI)


async def test_excel_date_cells_import_as_beijing_time(upload, database):
    row = ["X-1", datetime(2023, 12, 31, 23, 30), "求助", "走失求助", "上坊村", "", "已找到"]

    assert counts((await upload(export(row))).json()) == (1, 0, 0, 0)

    [found] = await incidents(database)
    assert found.day == date(2023, 12, 31)
    assert found.reported_at == datetime(2023, 12, 31, 23, 30, tzinfo=SHANGHAI)


async def test_a_dry_run_reports_and_writes_nothing(upload, database):
    report = (await upload(export(*GOOD), dry_run="true")).json()

    assert counts(report) == (3, 0, 0, 0) and report["dry_run"] is True
    assert await incidents(database) == []
    assert await rollup_total(database) == 0


async def test_an_empty_export_or_not_a_spreadsheet_is_refused(upload):
    empty = await upload(export())
    assert (empty.status_code, empty.json()["error"]) == (422, "NoDataRows")
    binary = await upload(b"\x00\x01\x02 not a table", name="110.csv")
    assert binary.status_code == 415


async def test_only_the_chief_or_admin_of_the_station_imports(upload, desk, database):
    police = await upload(export(GOOD[0]), person=desk.village_police)
    assert (police.status_code, police.json()["error"]) == (403, "NoImportRights")
    elsewhere = await upload(
        export(GOOD[0]), person=desk.village_police, station_id=desk.tree.station.id
    )
    assert elsewhere.status_code == 403  # staff of the station: it exists for them
    villager = await upload(export(GOOD[0]), person=desk.villager, station_id=desk.tree.station.id)
    assert villager.status_code == 404
    other = await upload(export(GOOD[0]), station_id=desk.other_station.id)
    assert (other.status_code, other.json()["error"]) == (404, "StationNotFound")
    not_a_station = await upload(export(GOOD[0]), station_id=desk.tree.village.id)
    assert not_a_station.status_code == 404
    chief = await upload(export(GOOD[0]), person=desk.chief, station_id=desk.tree.station.id)
    assert counts(chief.json()) == (1, 0, 0, 0)
    async with database.session(read_only=True) as s:
        assert await s.scalar(select(func.count()).select_from(Incident)) == 1


async def test_an_admin_of_several_stations_names_the_one_imported_into(upload, desk, database):
    unnamed = await upload(export(GOOD[0]), person=desk.bureau)
    assert (unnamed.status_code, unnamed.json()["error"]) == (422, "StationRequired")
    assert unnamed.json()["fields"] == {"station_id": "请选择派出所"}

    named = await upload(
        export(["F-1", "2024-03-01 10:00", "治安案件", "", "汾口村", "", ""], GOOD[0]),
        person=desk.bureau,
        station_id=desk.other_station.id,
    )

    report = named.json()
    assert (report["station_name"], report["created"], report["rejected"]) == ("汾口派出所", 1, 1)
    assert "不是汾口派出所的辖区" in report["errors"][0]["detail"]  # 上坊村 is ours, not theirs
    [theirs] = await incidents(database, station_id=desk.other_station.id)
    assert theirs.area_id == desk.other_station_village.id
