"""A station with its chief, two officers, a villager and a neighbour, all logged in."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import pytest

from jinghutong.models import Person, Role
from support.auth import bearer, password_login, wechat_login
from support.factories import (
    STAFF_PASSWORD,
    Tree,
    grant,
    join,
    make_household,
    make_person,
    make_tree,
)


@dataclass
class Station:
    tree: Tree
    chief: Person
    officer: Person
    other_officer: Person
    villager: Person
    neighbour: Person
    chief_h: dict[str, str]
    officer_h: dict[str, str]
    other_officer_h: dict[str, str]
    villager_h: dict[str, str]
    neighbour_h: dict[str, str]


@pytest.fixture
async def station(client, device, session) -> Station:
    tree = await make_tree(session)
    chief = await make_person(session, "叶建国", username="chief")
    await grant(session, chief, Role.chief, tree.station)
    officer = await make_person(session, "王志强", username="officer")
    await grant(session, officer, Role.area_officer, tree.village)
    other = await make_person(session, "李文斌", username="officer2")
    await grant(session, other, Role.area_officer, tree.other_village)
    villager = await make_person(session, "方桂英", openid="o-fang-guiying")
    await join(session, villager, await make_household(session, tree.micro_grid))
    neighbour = await make_person(session, "余水根", openid="o-yu-shuigen")
    await join(
        session,
        neighbour,
        await make_household(session, tree.micro_grid, "上坊村下坞14号", "余水根"),
    )

    async def staff(username: str) -> dict[str, str]:
        return bearer(await password_login(client, username, STAFF_PASSWORD))

    return Station(
        tree=tree,
        chief=chief,
        officer=officer,
        other_officer=other,
        villager=villager,
        neighbour=neighbour,
        chief_h=await staff("chief"),
        officer_h=await staff("officer"),
        other_officer_h=await staff("officer2"),
        villager_h=bearer(await wechat_login(client, device, "o-fang-guiying")),
        neighbour_h=bearer(await wechat_login(client, device, "o-yu-shuigen")),
    )


def voice_clip(seconds: float = 2.0) -> bytes:
    """A real WAV recording (silence), as a phone might send."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


@pytest.fixture
def clip() -> bytes:
    return voice_clip()


@pytest.fixture
def record():
    """Make a voice clip of a given length: `record(seconds=10)`."""
    return voice_clip
