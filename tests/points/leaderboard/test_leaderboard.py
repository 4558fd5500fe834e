"""The quarter's 光荣榜: who earned most, per micro-grid of a village or per village of the
station; earnings only (spending is not earning); masked names for villagers."""

from __future__ import annotations

from jinghutong.models import AreaLevel
from support.factories import join, make_area, make_person
from support.governance import staff_headers, wechat_headers
from support.rewards import API, Q4, award, moment

BOARD = f"{API}/points/leaderboard"


def _rows(group: dict) -> list[tuple[int, str, int]]:
    return [(e["rank"], e["name"], e["points"]) for e in group["entries"]]


async def test_the_villages_quarter_board_per_micro_grid(client, board):
    gov = board.gov
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        BOARD, params={"area_id": gov.tree.village.id, "at": Q4}, headers=police
    )

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["label"] == "2026年第四季度" and body["period"] == "quarter"
    assert (body["first_day"], body["last_day"]) == ("2026-10-01", "2026-12-31")
    assert body["grouped_by"] == "micro_grid" and body["full_names"] is True
    [group] = body["groups"]
    assert group["area"]["id"] == gov.tree.micro_grid.id
    # 余春花 50 (the redemption does not count), 叶土根 30 (not last quarter's 100), 叶春生 25.
    assert _rows(group) == [(1, "余春花", 50), (2, "叶土根", 30), (3, "叶春生", 25)]
    first = group["entries"][0]
    assert first["village"] == "上坊村" and first["micro_grid"] == "上坊村第1微网格"
    assert first["person_id"] == gov.leader.id


async def test_the_stations_board_ranks_per_village(client, board):
    chief = await staff_headers(client, "chief-gov")

    answer = await client.get(
        BOARD, params={"area_id": board.gov.tree.station.id, "at": Q4}, headers=chief
    )

    body = answer.json()
    assert body["grouped_by"] == "village"
    by_village = {g["area"]["name"]: _rows(g) for g in body["groups"]}
    assert by_village == {
        "上坊村": [(1, "余春花", 50), (2, "叶土根", 30), (3, "叶春生", 25)],
        "桐坑源村": [(1, "方有才", 15)],
    }
    far = body["groups"][1]["entries"][0]
    assert far["village"] == "桐坑源村" and far["micro_grid"] is None


async def test_the_year_counts_every_quarter(client, board):
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        BOARD,
        params={"area_id": board.gov.tree.village.id, "period": "year", "at": Q4},
        headers=police,
    )

    body = answer.json()
    assert body["label"] == "2026年度"
    assert _rows(body["groups"][0])[0] == (1, "叶土根", 130)


async def test_a_villager_sees_their_own_villages_board_with_masked_names(client, device, board):
    tree = board.gov.tree
    phone = await wechat_headers(client, device, "o-gov-villager")

    own = await client.get(BOARD, params={"at": Q4}, headers=phone)
    township = await client.get(BOARD, params={"area_id": tree.township.id}, headers=phone)
    other = await client.get(BOARD, params={"area_id": tree.other_village.id}, headers=phone)
    unknown = await client.get(
        BOARD, params={"area_id": "01NOSUCHAREA0000000000000"}, headers=phone
    )

    assert own.status_code == 200
    body = own.json()
    assert body["area"]["id"] == tree.village.id and body["full_names"] is False
    entries = body["groups"][0]["entries"]
    assert [(e["name"], e["is_me"]) for e in entries] == [
        ("余**", False),
        ("叶土根", True),  # their own name in full
        ("叶**", False),
    ]
    assert all(e["person_id"] is None for e in entries)
    for refused in (township, other, unknown):
        assert refused.status_code == 404
        assert refused.json()["error"] == "BoardAreaNotFound"


async def test_equal_points_share_a_rank_and_top_cuts_the_list(client, session, board):
    gov = board.gov
    other = await make_person(session, "程小燕", openid="o-lb-tie")
    await join(session, other, gov.h2)
    await award(session, other, 30, "visit:t1", event_kind="visit_recorded", created_at=moment(Q4))
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        BOARD, params={"area_id": gov.tree.village.id, "at": Q4, "top": 3}, headers=police
    )

    rows = _rows(answer.json()["groups"][0])
    assert rows == [(1, "余春花", 50), (2, "叶土根", 30), (2, "程小燕", 30)]


async def test_a_quarter_with_nothing_earned_is_an_empty_board(client, board):
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        BOARD, params={"area_id": board.gov.tree.village.id, "at": "2026-04-01"}, headers=police
    )

    assert answer.json()["label"] == "2026年第二季度"
    assert [g["entries"] for g in answer.json()["groups"]] == [[]]


async def test_every_micro_grid_is_listed_even_one_where_nobody_earned(client, session, board):
    gov = board.gov
    quiet = await make_area(session, "上坊村第2微网格", AreaLevel.micro_grid, gov.tree.grid)
    police = await staff_headers(client, "cj-gov")

    answer = await client.get(
        BOARD, params={"area_id": gov.tree.village.id, "at": Q4}, headers=police
    )

    groups = {g["area"]["id"]: _rows(g) for g in answer.json()["groups"]}
    assert groups[quiet.id] == []  # on the board, with nobody on it yet
    assert groups[gov.tree.micro_grid.id][0] == (1, "余春花", 50)


async def test_bad_parameters_are_a_clear_422(client, board):
    police = await staff_headers(client, "cj-gov")
    bad = (
        {"period": "month"},
        {"at": "2026-13-01"},
        {"at": "0001-01-01"},
        {"at": "9999-12-31"},
        {"top": 0},
        {"top": 51},
    )
    for params in bad:
        answer = await client.get(BOARD, params=params, headers=police)
        assert answer.status_code == 422, params
    chief = await staff_headers(client, "chief-gov")
    default = await client.get(BOARD, params={"at": Q4}, headers=chief)
    assert default.status_code == 200 and default.json()["area"]["id"] == board.gov.tree.station.id
