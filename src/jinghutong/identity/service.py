"""Logging in and out, and who one is."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock, crypto, direct
from jinghutong.core.config import Settings
from jinghutong.core.db import check_before_commit
from jinghutong.core.deferred import Answer
from jinghutong.core.errors import (
    LoginCodeInvalid,
    TokenInvalid,
    WechatUnavailable,
    WrongCredentials,
)
from jinghutong.core.masking import mask_phone
from jinghutong.core.passwords import verify_password
from jinghutong.core.ratelimit import RateLimiter
from jinghutong.identity.recent_tokens import RecentTokens, recent_tokens_of
from jinghutong.identity.repository import (
    PersonRepository,
    ProfileRepository,
    TokenRepository,
    live_rows_of,
)
from jinghutong.identity.schemas import (
    AreaBrief,
    HouseholdBrief,
    LoginOut,
    MembershipOut,
    MeOut,
    PersonOut,
    RoleGrantOut,
)
from jinghutong.integrations.wechat.errors import WechatBusy, WechatCodeInvalid, WechatError
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.models import ROLE_NAMES, STAFF_ROLES, ApiToken, Area, Person, Role

TOKEN_PREFIX = "jht_"  # noqa: S105 - a prefix that makes leaked tokens easy to recognise
IP_FAILED_LOGIN_LIMIT = "30/15minute"  # a duty room shares one address; be generous per address
TOO_MANY_LOGINS = "登录失败次数太多，请稍后再试"


@dataclass
class Principal:
    """The caller of a request: the person and the token they used."""

    person: Person
    token: ApiToken


async def _issue_token(session: AsyncSession, person: Person, method: str, ttl: timedelta) -> str:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    await TokenRepository(session).add(
        ApiToken(
            token_hash=crypto.token_hash(raw),
            person_id=person.id,
            method=method,
            expires_at=now + ttl,
        )
    )
    person.last_login_at = now
    return raw


async def _login_out(
    session: AsyncSession, person: Person, method: str, ttl: timedelta
) -> LoginOut:
    token = await _issue_token(session, person, method, ttl)
    is_staff = await _is_staff(session, person)
    return LoginOut(
        token=token,
        expires_at=clock.now() + ttl,
        person=person_out(person, is_staff),
    )


async def login_with_wechat(
    session: AsyncSession,
    wechat: WechatService,
    limiter: RateLimiter,
    settings: Settings,
    code: str,
    client: str,
) -> LoginOut:
    """code2Session; the first login of an openid creates the person."""
    keys = (f"login:wechat:{client}",)
    await limiter.check(IP_FAILED_LOGIN_LIMIT, *keys, detail=TOO_MANY_LOGINS)
    try:
        wx = await wechat.code_to_session(code)
    except WechatCodeInvalid as exc:
        await limiter.hit(IP_FAILED_LOGIN_LIMIT, *keys)
        raise LoginCodeInvalid() from exc
    except WechatBusy as exc:
        raise WechatUnavailable(retry_after=int(exc.retry_after or 5)) from exc
    except WechatError as exc:
        raise WechatUnavailable(retry_after=30) from exc
    people = PersonRepository(session)
    person = await people.get_by_openid(wx.openid)
    if person is None:
        person = await people.add(Person(openid=wx.openid, unionid=wx.unionid, name=""))
    elif not person.is_active:
        raise WrongCredentials("该微信账号已停用，请联系派出所")
    if wx.unionid and not person.unionid:
        person.unionid = wx.unionid
    ttl = timedelta(hours=settings.auth.token_ttl_hours)
    return await _login_out(session, person, "wechat", ttl)


async def login_with_password(
    session: AsyncSession,
    limiter: RateLimiter,
    settings: Settings,
    username: str,
    password: str,
    client: str,
) -> LoginOut:
    """Staff login for the browser console. Only failures count towards the limit."""
    rule = settings.auth.failed_login_limit
    user_key = f"login:user:{username.lower()}"
    ip_key = f"login:ip:{client}"
    await limiter.check(rule, user_key, detail=TOO_MANY_LOGINS)
    await limiter.check(IP_FAILED_LOGIN_LIMIT, ip_key, detail=TOO_MANY_LOGINS)
    person = await PersonRepository(session).get_by_username(username)
    stored = person.password_hash if person is not None else None
    ok = await verify_password(stored, password)
    if not ok or person is None or not person.is_active:
        await limiter.hit(rule, user_key)
        await limiter.hit(IP_FAILED_LOGIN_LIMIT, ip_key)
        raise WrongCredentials()
    ttl = timedelta(hours=settings.auth.staff_token_ttl_hours)
    return await _login_out(session, person, "password", ttl)


def _well_formed(raw_token: str) -> bool:
    return raw_token.startswith(TOKEN_PREFIX) and len(raw_token) <= 100


async def authenticate(session: AsyncSession, raw_token: str) -> Principal | None:
    if not _well_formed(raw_token):
        return None
    found = await TokenRepository(session).get_live_with_person(
        crypto.token_hash(raw_token), clock.now()
    )
    if found is None:
        return None
    token, person = found
    return Principal(person=person, token=token)


async def authenticate_checked_at_commit(session: AsyncSession, raw_token: str) -> Principal | None:
    """As `authenticate`, but on PostgreSQL a token this process found live moments ago
    (identity.recent_tokens) is taken at its word for now: the lookup is asked again with the
    session's next round trip (none of its own) and its answer checked before the unit of
    work commits (core.db.check_before_commit). A token found dead then (revoked, expired, its
    person disabled) refuses the commit: the work is rolled back and the caller gets 401."""
    database = session.info.get("database")
    if database is None or database.dialect != "postgresql":
        # Elsewhere (SQLite, in-process) a statement has no round trip to ride with.
        return await authenticate(session, raw_token)
    if not _well_formed(raw_token):
        return None
    token_hash, now = crypto.token_hash(raw_token), clock.now()
    recent = recent_tokens_of(database)
    seen = recent.get(token_hash, now)
    tokens = TokenRepository(session)
    if seen is None:
        found = await tokens.live_rows(token_hash, now)
        if found is None:
            return None
        recent.put(token_hash, *found)
        token, person = found
    else:
        answer = await tokens.ask_live_later(token_hash, now)
        check_before_commit(session, partial(_still_live, session, recent, token_hash, answer))
        token, person = seen.token, seen.person
    # Copies: the request may change its Person; the remembered row stays as the database said.
    return Principal(person=direct.attach(session, Person, dict(person)), token=ApiToken(**token))


async def _still_live(
    session: AsyncSession, recent: RecentTokens, token_hash: str, answer: Answer
) -> None:
    if answer.rows is None:  # the work made no round trip: it goes now
        await direct.send_queued(session)
    if answer.rows is None:  # a rollback dropped the question: ask again
        found = await TokenRepository(session).live_rows(token_hash, clock.now())
    else:
        found = live_rows_of(answer.rows)
    if found is None:
        recent.drop(token_hash)
        raise TokenInvalid()
    recent.put(token_hash, *found)


async def logout(session: AsyncSession, principal: Principal) -> None:
    await TokenRepository(session).revoke(principal.token.id, clock.now())


async def _is_staff(session: AsyncSession, person: Person) -> bool:
    grants = await ProfileRepository(session).grants(person.id)
    return any(grant.role in STAFF_ROLES for grant, _ in grants)


def person_out(person: Person, is_staff: bool) -> PersonOut:
    return PersonOut(
        id=person.id, name=person.name, phone=mask_phone(person.phone), is_staff=is_staff
    )


def _area_brief(area: Area, ancestors: dict[str, Area]) -> AreaBrief:
    ids = [segment for segment in area.path.strip("/").split("/") if segment]
    trail = [
        ancestors[i].name
        for i in ids
        if i in ancestors and ancestors[i].level not in ("province", "city", "county", "station")
    ]
    return AreaBrief(id=area.id, name=area.name, level=area.level, trail=trail or [area.name])


async def describe(session: AsyncSession, person: Person) -> MeOut:
    profiles = ProfileRepository(session)
    memberships = await profiles.memberships(person.id)
    grants = await profiles.grants(person.id)
    wanted: set[str] = set()
    for _, household in memberships:
        wanted.update(s for s in household.area_path.strip("/").split("/") if s)
    for _, area in grants:
        wanted.update(s for s in area.path.strip("/").split("/") if s)
    areas = await profiles.areas_by_id(wanted)
    return MeOut(
        person=person_out(person, any(g.role in STAFF_ROLES for g, _ in grants)),
        memberships=[
            MembershipOut(
                id=m.id,
                household_id=h.id,
                status=m.status,
                relation=m.relation,
                household=HouseholdBrief(
                    id=h.id, address=h.address, area=_area_brief(areas[h.area_id], areas)
                ),
            )
            for m, h in memberships
        ],
        roles=[
            RoleGrantOut(
                role=g.role, role_name=ROLE_NAMES[Role(g.role)], area=_area_brief(a, areas)
            )
            for g, a in grants
        ],
    )
