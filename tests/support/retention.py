"""A station whose media are attached to old and recent cases and letters (retention tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.media.api import claim_media
from jinghutong.models import Case, CaseEvent, CheckStatus, Media, Person, Petition
from support.auth import bearer
from support.backup import photo, upload_photo
from support.factories import Tree, make_tree

YEARS_AGO = timedelta(days=4 * 365)


@dataclass
class Station:
    tree: Tree
    login: dict
    owner: Person
    old_closed: Case  # closed four years ago: its photo goes
    recent_closed: Case  # closed last month: stays
    old_open: Case  # reported four years ago, never closed: stays
    old_letter: Petition  # answered four years ago: its photo goes
    media: dict[str, str]  # which → media id
    keys: dict[str, str]  # media id → storage key


def _case(tree: Tree, owner: Person, n: int, **values) -> Case:
    return Case(
        number=f"JA-20221128-{n:04d}",
        kind="hazard",
        text="屋后山体有裂缝",
        reporter_id=owner.id,
        area_id=tree.micro_grid.id,
        area_path=tree.micro_grid.path,
        **values,
    )


async def station(client, device, session) -> Station:
    tree = await make_tree(session)
    login, first = await upload_photo(client, device, "o-retention", (10, 10, 200))
    ids = {"old_closed": first}
    for which in ("old_closed_undecided", "recent_closed", "old_open", "old_letter"):
        ids[which] = await _photo(client, login)
    owner_id = (await session.get(Media, first)).owner_id
    owner = await session.get(Person, owner_id)
    now = clock.now()
    old_closed = _case(tree, owner, 1, status="closed", closed_at=now - YEARS_AGO)
    recent = _case(tree, owner, 2, status="closed", closed_at=now - timedelta(days=30))
    old_open = _case(tree, owner, 3, status="accepted")
    letter = Petition(
        sender_id=owner.id,
        area_path=tree.micro_grid.path,
        subject="路灯坏了",
        status="answered",
        answered_at=now - YEARS_AGO,
    )
    session.add_all([old_closed, recent, old_open, letter])
    await session.flush()
    session.add(
        CaseEvent(
            case_id=old_closed.id,
            seq=1,
            actor_id=owner.id,
            actor_kind="person",
            type="closed",
            prev_hash="0" * 64,
            hash="1" * 64,
        )
    )
    for which, target in (
        ("old_closed", ("case", old_closed.id)),
        ("recent_closed", ("case", recent.id)),
        ("old_open", ("case", old_open.id)),
        ("old_letter", ("petition", letter.id)),
    ):
        await claim_media(session, owner.id, [ids[which]], *target)
    await claim_media(session, owner.id, [ids["old_closed_undecided"]], "case", old_closed.id)
    for media in await session.scalars(select(Media)):
        # WeChat's check passed for all but one, which waits for a person.
        undecided = media.id == ids["old_closed_undecided"]
        media.check_status = CheckStatus.review if undecided else CheckStatus.passed
    await session.flush()
    keys = {m.id: m.storage_key for m in await session.scalars(select(Media))}
    return Station(tree, login, owner, old_closed, recent, old_open, letter, ids, keys)


async def _photo(client, login) -> str:
    response = await client.post(
        "/api/v1/media",
        headers=bearer(login),
        files={"file": ("p.jpg", photo((90, 90, 90)), "image/jpeg")},
        data={"kind": "image"},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])
