"""The emulator's in-memory world: credentials, tokens, users, codes, subscriptions, inboxes,
content checks and injected faults. Every lookup is a dict access so that benchmarks can push
100k calls through it.

Time: `clock()` follows `jinghutong.core.clock.now()` plus the state's own offset, so both the
suite's clock and `advance()` can expire codes and tokens."""

from __future__ import annotations

import base64
import itertools
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from jinghutong.core.clock import SHANGHAI, now
from jinghutong.integrations.wechat.emulator.defaults import DEFAULT_RISKY_WORDS, DEFAULT_TEMPLATES

EMULATOR_APP_ID = "wx0000000000jhtemu"
EMULATOR_APP_SECRET = "jinghutong-emulator-secret"  # noqa: S105 - a public test credential

CODE_TTL = 300.0  # wx.login and getPhoneNumber codes: single use, 5 minutes
USER_ACTIVE_WINDOW = 2 * 3600.0  # msg_sec_check: the user opened the app within 2 h
FORCE_REFRESH_PER_DAY = 20


@dataclass
class Token:
    value: str
    expires_at: float
    revoked_at: float | None = None  # no longer the latest (classic token replaced, forced refresh)


@dataclass
class User:
    openid: str
    unionid: str | None
    session_key: str = ""
    last_login_at: float = 0.0


@dataclass
class IssuedCode:
    openid: str
    issued_at: float
    phone: str | None = None


@dataclass
class MediaCheck:
    trace_id: str
    media_url: str
    media_type: int
    openid: str | None
    scene: int | None
    created_at: float
    suggest: str | None = None
    label: int | None = None


@dataclass
class Faults:
    latency_ms: float = 0.0
    error_rate: float = 0.0
    error_code: int = -1
    errmsg: str | None = None
    rate_limit_per_second: int | None = None
    paths: list[str] | None = None
    http_status: int | None = None

    def applies_to(self, path: str) -> bool:
        return self.paths is None or any(path.startswith(p) for p in self.paths)

    @property
    def active(self) -> bool:
        return bool(self.latency_ms or self.error_rate or self.rate_limit_per_second)


class EmulatorState:
    """Reachable as `app.state.emulator`; tests read and arrange it directly."""

    def __init__(self, app_id: str = EMULATOR_APP_ID, app_secret: str = EMULATOR_APP_SECRET):
        self.app_id = app_id
        self.app_secret = app_secret
        self.reset()

    # -- housekeeping -----------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything but the credentials; restore default templates, words and TTLs."""
        self._offset = 0.0
        self.token_ttl = 7200.0
        # Stable tokens: a normal call within this window before expiry issues the next token.
        self.token_renew_window = 300.0
        # Classic /cgi-bin/token: the previous token stays valid this long after a new fetch.
        self.token_overlap = 300.0
        # None: any page counts as published (the embedded emulator cannot know the app's pages).
        self.published_pages: set[str] | None = None
        self.templates: dict[str, dict[str, str]] = {
            k: dict(v) for k, v in DEFAULT_TEMPLATES.items()
        }
        self.risky_words: dict[str, tuple[str, int]] = dict(DEFAULT_RISKY_WORDS)
        self.tokens: dict[str, Token] = {}
        self.classic_token: Token | None = None
        self.stable_token: Token | None = None
        self.force_refreshes: Counter[str] = Counter()  # per Beijing date
        self.users: dict[str, User] = {}
        self.login_codes: dict[str, IssuedCode] = {}
        self.phone_codes: dict[str, IssuedCode] = {}
        self.quotas: Counter[tuple[str, str]] = Counter()
        self.long_term: set[tuple[str, str]] = set()
        self.inboxes: dict[str, list[dict[str, Any]]] = {}
        self.media_checks: dict[str, MediaCheck] = {}
        self.faults = Faults()
        self.calls: Counter[str] = Counter()
        self._msgids = itertools.count(3_000_000_001)

    def clock(self) -> float:
        return now().timestamp() + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds

    # -- access tokens ----------------------------------------------------------------------
    def _new_token(self) -> Token:
        token = Token("EMU_" + secrets.token_urlsafe(48), self.clock() + self.token_ttl)
        self.tokens[token.value] = token
        return token

    def issue_classic_token(self) -> Token:
        """/cgi-bin/token: always a new token; the previous one dies after the overlap."""
        old = self.classic_token
        if old is not None:
            old.revoked_at = min(old.expires_at, self.clock() + self.token_overlap)
        self.classic_token = self._new_token()
        return self.classic_token

    def issue_stable_token(self, force_refresh: bool) -> Token | None:
        """/cgi-bin/stable_token; None when the daily force_refresh quota is spent."""
        current, t = self.stable_token, self.clock()
        if force_refresh:
            day = (now() + timedelta(seconds=self._offset)).astimezone(SHANGHAI).date().isoformat()
            if self.force_refreshes[day] >= FORCE_REFRESH_PER_DAY:
                return None
            self.force_refreshes[day] += 1
            if current is not None:
                current.revoked_at = t
        elif current is not None and current.expires_at - t > self.token_renew_window:
            return current
        # Normal mode near expiry: a new token; the old one lives out its (short) remaining life.
        self.stable_token = self._new_token()
        return self.stable_token

    def token_error(self, value: str | None) -> tuple[int, str] | None:
        if not value:
            return 41001, "access_token missing"
        token = self.tokens.get(value)
        t = self.clock()
        if token is None or (token.revoked_at is not None and t >= token.revoked_at):
            return 40001, "invalid credential, access_token is invalid or not latest"
        if t >= token.expires_at:
            return 42001, "access_token expired"
        return None

    # -- the phone side ---------------------------------------------------------------------
    def login(self, openid: str, unionid: str | None = None) -> str:
        """What wx.login returns on this user's phone: a single-use code."""
        user = self.users.get(openid)
        if user is None:
            user = self.users[openid] = User(openid, unionid)
        elif unionid:
            user.unionid = unionid
        code = secrets.token_urlsafe(24)
        self.login_codes[code] = IssuedCode(openid, self.clock())
        return code

    def redeem_login_code(self, code: str) -> User | None:
        issued = self.login_codes.pop(code, None)
        t = self.clock()
        if issued is None or t - issued.issued_at > CODE_TTL:
            return None
        user = self.users[issued.openid]
        user.session_key = base64.b64encode(secrets.token_bytes(16)).decode()
        user.last_login_at = t
        return user

    def phone_code(self, openid: str, phone: str) -> str:
        code = secrets.token_hex(32)
        self.phone_codes[code] = IssuedCode(openid, self.clock(), phone)
        return code

    def redeem_phone_code(self, code: str) -> IssuedCode | None:
        issued = self.phone_codes.pop(code, None)
        if issued is None or self.clock() - issued.issued_at > CODE_TTL:
            return None
        return issued

    def subscribe(self, openid: str, template_ids: list[str], mode: str) -> dict[str, str]:
        """The user taps "allow": one quota per template (once) or a long-term subscription."""
        result: dict[str, str] = {}
        for template_id in template_ids:
            if template_id not in self.templates:
                result[template_id] = "filter"
            elif mode == "long":
                self.long_term.add((openid, template_id))
                result[template_id] = "accept"
            elif mode == "once":
                self.quotas[(openid, template_id)] += 1
                result[template_id] = "accept"
            else:
                result[template_id] = "reject"
        return result

    def take_quota(self, openid: str, template_id: str) -> bool:
        key = (openid, template_id)
        if key in self.long_term:
            return True
        if self.quotas[key] > 0:
            self.quotas[key] -= 1
            return True
        return False

    def deliver(self, openid: str, message: dict[str, Any]) -> int:
        msgid = next(self._msgids)
        self.inboxes.setdefault(openid, []).append({"msgid": msgid, **message})
        return msgid

    def inbox(self, openid: str) -> list[dict[str, Any]]:
        return list(self.inboxes.get(openid, []))

    # -- configuration helpers for tests ------------------------------------------------------
    def register_template(self, template_id: str, fields: dict[str, str]) -> None:
        """`fields` maps data keys to kinds, e.g. {"thing1": "thing", "time2": "time"}."""
        self.templates[template_id] = dict(fields)

    def add_risky_word(self, word: str, label: int = 20008, suggest: str = "risky") -> None:
        self.risky_words[word] = (suggest, label)

    # -- content checks -----------------------------------------------------------------------
    def judge_text(self, content: str) -> tuple[str, int, str | None]:
        """(suggest, label, keyword): the worst verdict among configured words."""
        verdict: tuple[str, int, str | None] = ("pass", 100, None)
        for word, (suggest, label) in self.risky_words.items():
            if word in content:
                if suggest == "risky":
                    return suggest, label, word
                verdict = (suggest, label, word)
        return verdict

    def start_media_check(
        self, media_url: str, media_type: int, openid: str | None, scene: int | None
    ) -> MediaCheck:
        check = MediaCheck(
            trace_id=secrets.token_hex(12),
            media_url=media_url,
            media_type=media_type,
            openid=openid,
            scene=scene,
            created_at=self.clock(),
        )
        self.media_checks[check.trace_id] = check
        return check

    def resolve_media_check(
        self, trace_id: str, suggest: str = "pass", label: int = 100
    ) -> dict[str, Any]:
        """Decide a pending check; returns the `wxa_media_check` event WeChat would push."""
        check = self.media_checks[trace_id]
        check.suggest, check.label = suggest, label
        errcode = 0 if suggest == "pass" else 87014
        return {
            "ToUserName": "gh_jinghutong_emu",
            "FromUserName": check.openid or "",
            "CreateTime": int(self.clock()),
            "MsgType": "event",
            "Event": "wxa_media_check",
            "appid": self.app_id,
            "trace_id": trace_id,
            "version": 2,
            "detail": [
                {"strategy": "content_model", "errcode": 0, "suggest": suggest, "label": label}
            ],
            "errcode": errcode,
            "errmsg": "ok" if errcode == 0 else "risky content",
            "result": {"suggest": suggest, "label": label},
        }

    def pending_media_checks(self) -> list[MediaCheck]:
        return [c for c in self.media_checks.values() if c.suggest is None]
