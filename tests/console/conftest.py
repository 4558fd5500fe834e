"""A small station for the console: two villages with a 联户长 each, the duty room, the chief,
an area officer over the first village, another over the second, a 村警 and an admin; and a
browser (cookie jar) per person."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest

from jinghutong.models import Person
from support.console import ConsoleBrowser
from support.factories import Tree, grant, make_person, make_tree


@dataclass
class Station:
    tree: Tree
    leader: Person
    other_leader: Person
    duty: Person  # username zhiban
    chief: Person  # suozhang
    officer: Person  # minjing, over tree.village
    other_officer: Person  # minjing2, over tree.other_village
    village_police: Person  # cunjing
    admin: Person  # guanli
    leader_with_password: Person  # yejianguo: a 联户长 only, no staff role


@pytest.fixture
async def station(session) -> Station:
    tree = await make_tree(session)
    tree.village.lat, tree.village.lng = 29.60, 118.90
    tree.micro_grid.lat, tree.micro_grid.lng = 29.601, 118.901
    tree.other_village.lat, tree.other_village.lng = 29.70, 119.00
    tree.other_micro_grid.lat, tree.other_micro_grid.lng = 29.701, 119.001
    leader = await make_person(session, "叶建国", openid="o-leader")
    other_leader = await make_person(session, "余水英", openid="o-other-leader")
    people = {
        name: await make_person(session, label, username=name)
        for name, label in (
            ("zhiban", "值班员"), ("suozhang", "李所长"), ("minjing", "王民警"),
            ("minjing2", "赵民警"), ("cunjing", "邵村警"), ("guanli", "管理员"),
            ("yejianguo", "叶建国"),
        )
    }  # fmt: skip
    await grant(session, leader, "group_leader", tree.micro_grid)
    await grant(session, other_leader, "group_leader", tree.other_micro_grid)
    await grant(session, people["zhiban"], "duty_room", tree.station)
    await grant(session, people["suozhang"], "chief", tree.station)
    await grant(session, people["minjing"], "area_officer", tree.village)
    await grant(session, people["minjing2"], "area_officer", tree.other_village)
    await grant(session, people["cunjing"], "village_police", tree.village)
    await grant(session, people["guanli"], "admin", tree.station)
    await grant(session, people["yejianguo"], "group_leader", tree.micro_grid)
    return Station(
        tree, leader, other_leader, people["zhiban"], people["suozhang"], people["minjing"],
        people["minjing2"], people["cunjing"], people["guanli"], people["yejianguo"],
    )  # fmt: skip


Login = Callable[[str], Awaitable[ConsoleBrowser]]


@pytest.fixture
async def console_login(app, station) -> AsyncIterator[Login]:
    """`await console_login("zhiban")` → that person's browser, logged in to the console."""
    opened: list[ConsoleBrowser] = []

    async def login(username: str) -> ConsoleBrowser:
        browser = ConsoleBrowser(app)
        opened.append(browser)
        response = await browser.login(username)
        assert response.status_code == 303, response.text
        return browser

    yield login
    for browser in opened:
        await browser.aclose()


@pytest.fixture
async def anonymous(app) -> AsyncIterator[ConsoleBrowser]:
    browser = ConsoleBrowser(app)
    yield browser
    await browser.aclose()
