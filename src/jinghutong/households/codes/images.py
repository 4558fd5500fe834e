"""The household code as an image: WeChat's unlimited mini-program code, cached per (household,
version) in `household_code_images`; a local QR of the same scene when WeChat fails.

Why a table and not the storage directory: every API replica shares the database, a rotation
drops the cached images in the same transaction that retires the scene, and nothing depends on
the storage backend. An image is a few KB; 15,000 households stay well under 100 MB. Only
WeChat's images are cached — a fallback is regenerated each time, so the real mini-program
code replaces it as soon as WeChat answers again."""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from PIL import Image
from sqlalchemy.exc import IntegrityError

from jinghutong.core.db import Database
from jinghutong.core.logging import get_logger
from jinghutong.households.codes.repository import CodeRepository
from jinghutong.households.codes.scenes import scene_for
from jinghutong.integrations.wechat.errors import WechatError
from jinghutong.integrations.wechat.service import WechatService

log = get_logger("jinghutong.households.codes")

JOIN_PAGE = "pages/join/join"
WIDTH = 430
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


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
        png = as_png(await wechat.get_unlimited_code(scene, JOIN_PAGE, WIDTH))
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
