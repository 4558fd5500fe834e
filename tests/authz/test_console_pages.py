"""The console's pages (/console, its own mounted app) in the matrix: every GET page of its route
table × nobody logged in, a villager, a 联户长 and each staff role, with a cookie session as the
login form would set it.

- Nobody logged in, or someone with no staff role: sent to the login page (303), never a page.
- A page naming an object (`/cases/{case_id}`, `/governance/hazards/{hazard_id}`, …): another
  area's object is refused (403/404) for every staff role; its own area's is shown (200) to at
  least one of them — the check is not vacuous.
- No page a staff member receives names an object outside their reach (the list pages included).
- A page whose path names an object the matrix cannot fill fails: give its parameter a kind
  in authz/calls.py (PATH_KINDS) and an object in authz/world.py.

The console's POST forms are not sent here: each carries a CSRF token and calls the service the
API route of the same action calls, which the API matrix covers."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import Mount

from authz.calls import MICRO_GRID_PATHS, PATH_KINDS, Call
from authz.probe import send
from authz.test_route_matrix import Tally, foreign_ids
from authz.world import ROLES, STATION_ROLES, VILLAGER, Village

CONSOLE = "/console"
COOKIE = "jht_console"
STAFF = [r for r in ROLES if r not in (VILLAGER, "group_leader")]
_PARAM = re.compile(r"\{(\w+)\}")
# Console pages whose {area_id} is a micro-grid, as the API's signboard.
_MICRO = {"/households/print/{area_id}/signboard.pdf"}
assert MICRO_GRID_PATHS  # the API's list of the same


def console_pages(app: FastAPI) -> list[str]:
    """Path templates of the console's GET pages."""
    mount = next(r for r in app.routes if isinstance(r, Mount) and r.path == CONSOLE)
    out = []
    for route in iter_route_contexts(mount.app.routes):  # type: ignore[attr-defined]
        if isinstance(route.original_route, APIRoute) and "GET" in (route.methods or ()):
            out.append(route.path)
    return out


def page(path: str, v: Village) -> Call:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        kind = "micro_grid" if path in _MICRO and name == "area_id" else PATH_KINDS[name]
        return v.ids[kind]

    return Call("GET", CONSOLE + _PARAM.sub(fill, path), {}, {})


def cookie(v: Village, role: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={v.tokens[role]}"}


def test_every_console_page_can_be_filled(matrix_app) -> None:
    unknown = sorted(
        f"{path}: {{{name}}}"
        for path in console_pages(matrix_app)
        for name in _PARAM.findall(path)
        if name not in PATH_KINDS
    )
    assert not unknown, "console pages the matrix cannot fill (add the kind to PATH_KINDS):\n" + (
        "\n".join(unknown)
    )


@pytest.mark.parametrize("who", [None, VILLAGER, "group_leader"])
async def test_no_console_page_without_a_staff_login(
    who, world, matrix_app, matrix_connection, matrix_client
) -> None:
    tally = Tally()
    headers = cookie(world.a1, who) if who else {}
    for path in console_pages(matrix_app):
        if path in (
            "/login",
            "/households/import-template.xlsx",
            "/statistics/import-template.xlsx",
        ):
            continue  # the login form itself, and the blank templates anyone may download
        call = page(path, world.a1)
        answer = await send(matrix_app, matrix_connection, matrix_client, call, headers)
        tally.check(
            answer.status_code in (303, 307)
            and "/console/login" in answer.headers.get("location", ""),
            f"{call} as {who or 'nobody'}: {answer.status_code} {answer.headers.get('location')}",
        )
    tally.verdict(f"console as {who or 'nobody'}")


@pytest.mark.parametrize("role", STAFF)
async def test_console_pages_as_staff(
    role: str, world, matrix_app, matrix_connection, matrix_client, shown: dict[str, set[str]]
) -> None:
    tally = Tally()
    headers = cookie(world.a1, role)
    hidden = foreign_ids(world, role)
    other = world.b1 if role in STATION_ROLES else world.a2
    for path in console_pages(matrix_app):
        own = page(path, world.a1)
        answer = await send(matrix_app, matrix_connection, matrix_client, own, headers)
        if answer.status_code == 200:
            shown.setdefault(path, set()).add(role)
        _no_foreign(tally, own, role, answer.status_code, answer.text, hidden)
        if not _PARAM.search(path):
            continue
        call = page(path, other)
        answer = await send(matrix_app, matrix_connection, matrix_client, call, headers)
        tally.check(
            answer.status_code in (403, 404),
            f"{call} [{path}] as {role} on {other.name}'s object: {answer.status_code}",
        )
        _no_foreign(tally, call, role, answer.status_code, answer.text, hidden)
    tally.verdict(f"console as {role}")


def test_every_console_object_page_is_shown_to_someone(matrix_app, shown) -> None:
    """After the staff runs: each page naming an object was shown (200) to some staff role on
    its own area's object — so the 403/404 above are not all the matrix ever saw."""
    if not shown:
        pytest.skip("runs after test_console_pages_as_staff (select both)")
    silent = [p for p in console_pages(matrix_app) if _PARAM.search(p) and not shown.get(p)]
    assert not silent, "console object pages no staff role was shown:\n" + "\n".join(silent)


@pytest.fixture(scope="module")
def shown() -> dict[str, set[str]]:
    return {}


def _no_foreign(tally: Tally, call: Call, role: str, status: int, text: str, hidden) -> None:
    if status != 200:
        return
    leaked = [what for value, what in hidden.items() if value in text]
    tally.check(not leaked, f"{call} as {role} shows {', '.join(leaked)}")
