"""Logging in and out through the real endpoints, with wechatpy talking to the emulator."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from jinghutong.core import clock
from jinghutong.models import ApiToken, Person, Role
from support.auth import bearer, password_login, wechat_login
from support.factories import STAFF_PASSWORD, grant, join, make_household, make_person, make_tree


async def test_first_wechat_login_creates_the_person_and_me_shows_them(client, device):
    login = await wechat_login(client, device, "o-new-villager-1")

    assert login["token"].startswith("jht_")
    assert login["person"]["is_staff"] is False
    me = await client.get("/api/v1/me", headers=bearer(login))
    assert me.status_code == 200
    assert me.json()["person"]["id"] == login["person"]["id"]
    assert me.json()["memberships"] == []


async def test_second_login_finds_the_same_person(client, device, session):
    first = await wechat_login(client, device, "o-returning")
    second = await wechat_login(client, device, "o-returning")

    assert first["person"]["id"] == second["person"]["id"]
    assert first["token"] != second["token"]
    count = await session.scalar(select(func.count()).where(Person.openid == "o-returning"))
    assert count == 1


async def test_me_lists_households_and_roles_with_area_names(client, device, session):
    tree = await make_tree(session)
    leader = await make_person(session, "余春花", openid="o-leader", phone="13905710001")
    household = await make_household(session, tree.micro_grid)
    await join(session, leader, household)
    await grant(session, leader, Role.group_leader, tree.micro_grid)

    me = (
        await client.get(
            "/api/v1/me", headers=bearer(await wechat_login(client, device, "o-leader"))
        )
    ).json()

    assert me["person"]["name"] == "余春花"
    assert me["person"]["phone"] == "139****0001"
    [membership] = me["memberships"]
    assert membership["household"]["address"] == household.address
    assert membership["household"]["area"]["trail"] == [
        "大墅镇",
        "上坊村",
        "上坊村第一网格",
        "上坊村第1微网格",
    ]
    [role] = me["roles"]
    assert (role["role"], role["role_name"], role["area"]["name"]) == (
        "group_leader",
        "联户长",
        "上坊村第1微网格",
    )


async def test_a_reused_code_is_refused_and_creates_nothing(client, device, session):
    code = (await device.post("/device/login", json={"openid": "o-replay"})).json()["code"]
    assert (await client.post("/api/v1/auth/wechat", json={"code": code})).status_code == 200
    before = await session.scalar(select(func.count()).select_from(ApiToken))

    again = await client.post("/api/v1/auth/wechat", json={"code": code})

    assert again.status_code == 401
    assert again.json()["error"] == "LoginCodeInvalid"
    assert "重新" in again.json()["detail"]
    assert await session.scalar(select(func.count()).select_from(ApiToken)) == before


async def test_an_invented_code_is_refused(client):
    response = await client.post("/api/v1/auth/wechat", json={"code": "made-up-code"})
    assert response.status_code == 401
    assert response.json()["error"] == "LoginCodeInvalid"


async def test_repeated_bad_codes_are_rate_limited_with_retry_after(client):
    statuses = [
        (await client.post("/api/v1/auth/wechat", json={"code": f"bad-{i}"})).status_code
        for i in range(31)
    ]
    assert statuses[:30] == [401] * 30
    limited = await client.post("/api/v1/auth/wechat", json={"code": "bad-last"})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.json()["error"] == "TooManyRequests"


async def test_wechat_down_answers_503_with_retry_after(client, device, emulator):
    code = (await device.post("/device/login", json={"openid": "o-busy"})).json()["code"]
    await device.post("/faults", json={"error_rate": 1.0, "error_code": -1})
    try:
        response = await client.post("/api/v1/auth/wechat", json={"code": code})
    finally:
        await device.delete("/faults")

    assert response.status_code == 503
    assert response.json()["error"] == "WechatUnavailable"
    assert int(response.headers["Retry-After"]) >= 1


async def test_wechat_unreachable_answers_503(app_settings, database):
    import httpx

    from jinghutong.app import create_app
    from jinghutong.core.config import WechatSettings

    dead = app_settings.model_copy(
        update={"wechat": WechatSettings(api_base="http://127.0.0.1:9", timeout_seconds=1)}
    )
    app = create_app(dead, database=database, mount_emulator=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.post("/api/v1/auth/wechat", json={"code": "anything"})
    await app.state.wechat.aclose()
    assert response.status_code == 503
    assert "Retry-After" in response.headers


async def test_staff_password_login(client, session):
    tree = await make_tree(session)
    chief = await make_person(session, "邵国强", username="chief-test")
    await grant(session, chief, Role.chief, tree.station)

    login = await password_login(client, "chief-test", STAFF_PASSWORD)

    assert login["person"]["is_staff"] is True
    me = (await client.get("/api/v1/me", headers=bearer(login))).json()
    assert me["roles"][0]["role_name"] == "所长"


async def test_wrong_password_and_unknown_user_get_the_same_answer(client, session):
    await make_person(session, "邵国强", username="chief-test")
    wrong = await client.post(
        "/api/v1/auth/password", json={"username": "chief-test", "password": "nope"}
    )
    unknown = await client.post(
        "/api/v1/auth/password", json={"username": "ghost", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_failed_passwords_are_rate_limited_but_not_successes(client, session):
    await make_person(session, "邵国强", username="chief-test")
    for _ in range(5):
        await client.post("/api/v1/auth/password", json={"username": "chief-test", "password": "x"})

    blocked = await client.post(
        "/api/v1/auth/password", json={"username": "chief-test", "password": STAFF_PASSWORD}
    )

    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    # Another account from the same address still gets in.
    await make_person(session, "王建国", username="officer-test")
    assert (await password_login(client, "officer-test", STAFF_PASSWORD))["token"]


async def test_logout_revokes_the_token(client, device):
    login = await wechat_login(client, device, "o-leaving")
    assert (await client.post("/api/v1/auth/logout", headers=bearer(login))).status_code == 204

    after = await client.get("/api/v1/me", headers=bearer(login))

    assert after.status_code == 401
    assert after.json()["error"] == "TokenInvalid"


async def test_an_expired_token_is_refused(client, device):
    login = await wechat_login(client, device, "o-expiring")
    clock.advance(timedelta(days=31))

    response = await client.get("/api/v1/me", headers=bearer(login))

    assert response.status_code == 401
    assert response.json()["error"] == "TokenInvalid"


async def test_missing_and_forged_tokens_are_refused(client):
    missing = await client.get("/api/v1/me")
    forged = await client.get("/api/v1/me", headers={"Authorization": "Bearer jht_forged"})
    garbage = await client.get("/api/v1/me", headers={"Authorization": "Basic abc"})
    assert missing.status_code == forged.status_code == garbage.status_code == 401
    assert missing.json()["error"] == "NotAuthenticated"
    assert forged.json()["error"] == "TokenInvalid"


async def test_tokens_are_stored_only_as_hashes(client, device, session):
    login = await wechat_login(client, device, "o-hashes")
    stored = (await session.scalars(select(ApiToken.token_hash))).all()
    assert login["token"] not in stored
    assert all(len(h) == 64 for h in stored)
