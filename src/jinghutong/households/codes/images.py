"""The household code as an image: WeChat's unlimited mini-program code, cached per (household,
version) in `household_code_images`; a local QR of the same scene when WeChat fails.

Why a table and not the storage directory: every API replica shares the database, a rotation
drops the cached images in the same transaction that retires the scene, and nothing depends on
the storage backend. An image is a few KB; 15,000 households stay well under 100 MB. Only
WeChat's images are cached — a fallback is regenerated each time, so the real mini-program
code replaces it as soon as WeChat answers again.

Printing a village asks for hundreds of codes at once: `fetch_codes` does that with bounded
concurrency under getwxacodeunlimit's own rate limit (≈5000/min), and stops asking once WeChat
has failed several times in a row (it is down: every further call would only add a timeout).

`check_path=False`: the join page may not be in the published version yet (a trial version is
being tried out in the villages); WeChat then makes the code without checking the page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import anyio
import segno
from PIL import Image
from sqlalchemy.exc import IntegrityError

from jinghutong.core.db import Database
from jinghutong.core.logging import get_logger
from jinghutong.households.codes.repository import CodeRepository
from jinghutong.households.codes.scenes import scene_for
from jinghutong.integrations.wechat.errors import WechatError
from jinghutong.integrations.wechat.ratelimit import Limiter, RedisRateLimiter, TokenBucket
from jinghutong.integrations.wechat.service import WechatService

log = get_logger("jinghutong.households.codes")

JOIN_PAGE = "pages/join/join"
WIDTH = 430
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CONCURRENCY = 8
# getwxacodeunlimit allows about 5000 calls a minute; stay a little below.
CODES_PER_SECOND = 80
# Consecutive failures after which WeChat counts as down for the rest of a batch.
GIVE_UP_AFTER = 8


@dataclass(frozen=True)
class CodeImage:
    png: bytes
    source: str  # "wechat" | "fallback"


def fallback_png(scene: str, width: int = WIDTH) -> bytes:
    """A plain QR code carrying the scene, about `width` pixels wide."""
    code = segno.make_qr(scene, error="m")
    modules = code.symbol_size(scale=1, border=4)[0]
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(1, width // modules), border=4)
    return out.getvalue()


def as_png(data: bytes) -> bytes:
    """WeChat may answer JPEG; the endpoint promises PNG."""
    if data.startswith(PNG_MAGIC):
        return data
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, format="PNG")
    return out.getvalue()


async def code_image(
    repo: CodeRepository, db: Database, wechat: WechatService, household_id: str, version: int
) -> CodeImage:
    cached = await repo.cached_image(household_id, version)
    if cached is not None:
        return CodeImage(cached, "wechat")
    scene = scene_for(household_id, version)
    try:
        png = await _wechat_png(wechat, scene)
    except (WechatError, TimeoutError, OSError) as exc:
        log.warning(
            "wechat code failed; using a local QR", household_id=household_id, error=str(exc)
        )
        return CodeImage(fallback_png(scene), "fallback")
    await _store(db, household_id, version, png)
    return CodeImage(png, "wechat")


async def _store(db: Database, household_id: str, version: int, png: bytes) -> None:
    """Its own short unit of work: the request's session is read-only (a GET)."""
    try:
        async with db.session() as session:
            await CodeRepository(session).save_image(household_id, version, png)
    except IntegrityError:
        pass  # a concurrent request stored the same image first


async def _wechat_png(wechat: WechatService, scene: str) -> bytes:
    return as_png(await wechat.get_unlimited_code(scene, JOIN_PAGE, WIDTH, check_path=False))


_limiters: dict[str | None, Limiter] = {}


def code_limiter(redis_url: str | None) -> Limiter:
    """The process's limiter on getwxacodeunlimit (shared by every process through Redis)."""
    if redis_url not in _limiters:
        _limiters[redis_url] = (
            RedisRateLimiter(redis_url, CODES_PER_SECOND, key="jht:wechat:wxacode")
            if redis_url
            else TokenBucket(CODES_PER_SECOND)
        )
    return _limiters[redis_url]


async def fetch_codes(
    db: Database,
    wechat: WechatService,
    wanted: Sequence[tuple[str, int]],
    limiter: Limiter,
    *,
    concurrency: int = CONCURRENCY,
) -> dict[str, bytes]:
    """WeChat's code for each (household id, version), stored in the cache as it arrives.

    Households WeChat failed for are missing from the result (the caller falls back)."""
    fetched: dict[str, bytes] = {}
    if not wanted or not await _token_ready(wechat):
        return fetched
    gate, write = anyio.Semaphore(concurrency), anyio.Lock()
    failures = 0

    async def one(household_id: str, version: int) -> None:
        nonlocal failures
        async with gate:
            if failures >= GIVE_UP_AFTER:
                return
            await limiter.acquire()
            try:
                png = await _wechat_png(wechat, scene_for(household_id, version))
            except (WechatError, TimeoutError, OSError) as exc:
                failures += 1
                log.warning("wechat code failed", household_id=household_id, error=str(exc))
                return
            failures = 0
        async with write:  # one writer at a time: short sessions, no pile-up on SQLite's lock
            await _store(db, household_id, version, png)
        fetched[household_id] = png

    async with anyio.create_task_group() as tasks:
        for household_id, version in wanted:
            tasks.start_soon(one, household_id, version)
    if len(fetched) < len(wanted):
        log.warning("wechat codes missing", wanted=len(wanted), fetched=len(fetched))
    return fetched


async def _token_ready(wechat: WechatService) -> bool:
    """Fetch the access token once before fanning out (and learn early that WeChat is down)."""
    try:
        await wechat.tokens.get()
    except (WechatError, TimeoutError, OSError) as exc:
        log.warning("wechat token unavailable; using local QR codes", error=str(exc))
        return False
    return True
