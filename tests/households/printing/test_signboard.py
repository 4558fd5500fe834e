"""The 联户长 公示牌: who to call, the households covered, 110 — and an audit row for the phones."""

from __future__ import annotations

from sqlalchemy import select

from jinghutong.models import AuditEvent


async def test_the_sign_board_shows_the_leader_the_officers_the_households_and_110(
    village, fetch, pdf, session
):
    response = await fetch(village.officer, f"/areas/{village.tree.micro_grid.id}/signboard.pdf")

    assert response.status_code == 200, response.text
    pages = pdf.pages(response.content)
    assert len(pages) == 1
    text = pages[0]
    assert "邻里守望 联户长公示牌" in text
    assert "方建国" in text and "13905710001" in text  # the 联户长
    assert "防区民警" in text and "汪志强" in text and "13805719001" in text
    assert "辅警" in text and "鲍立新" in text and "13805719002" in text
    assert "村警" in text and "程小燕" in text and "13805719003" in text
    assert "上坊村下坞12号" in text and "户主 方**" in text
    assert "上坊村上坞7号" in text and "户主 欧***" in text
    assert "方桂英" not in text
    assert "桐坑源村1号" not in text and "周秀兰" not in text
    assert "110" in text and "有事找联户长，急事拨110" in text
    assert "0571-64800110" in text and "大市派出所" in text
    assert "大墅镇 上坊村" in text
    events = (
        await session.scalars(select(AuditEvent).where(AuditEvent.action == "print_signboard"))
    ).all()
    assert [(e.actor_id, e.subject_id) for e in events] == [
        (village.officer.id, village.tree.micro_grid.id)
    ]


async def test_a_leader_prints_their_own_sign_board_but_not_the_neighbours(village, fetch):
    own = await fetch(village.leader, f"/areas/{village.tree.micro_grid.id}/signboard.pdf")
    other = await fetch(village.leader, f"/areas/{village.tree.other_micro_grid.id}/signboard.pdf")

    assert own.status_code == 200
    assert other.status_code == 404
    assert other.json()["error"] == "NotFound"


async def test_a_sign_board_is_printed_per_micro_grid(village, fetch):
    response = await fetch(village.officer, f"/areas/{village.tree.village.id}/signboard.pdf")

    assert response.status_code == 422
    assert response.json() == {"error": "WrongAreaLevel", "detail": "公示牌只能按微网格打印"}


async def test_a_micro_grid_without_officers_or_leader_says_so(village, fetch, pdf, session):
    # The other village has nobody granted yet except its leader: the officers read 待定.
    response = await fetch(
        village.other_leader, f"/areas/{village.tree.other_micro_grid.id}/signboard.pdf"
    )

    assert response.status_code == 200
    text = pdf.text(response.content)
    assert "周秀兰" in text and "（待定）" in text
