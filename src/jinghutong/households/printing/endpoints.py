"""Printable PDFs of an area: door-plate sheets, the 联户长 公示牌, the 邻里守望示意图."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response

from jinghutong.core.deps import AppSettings, Session, get_database
from jinghutong.core.errors import NotAuthenticated, NotFound, TokenInvalid, errors
from jinghutong.households.printing import service
from jinghutong.households.printing.service import WrongAreaLevel
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/areas", tags=["printing"])

_PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "A4 PDF"},
    **errors(NotAuthenticated, TokenInvalid, NotFound, WrongAreaLevel),
}


_FALLBACKS = {
    "X-Code-Fallbacks": {
        "description": "印成备用二维码（非小程序码）的户数：微信未能生成小程序码",
        "schema": {"type": "integer"},
    }
}


def _pdf(content: bytes, filename: str, fallback: str) -> Response:
    disposition = f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content=content,
        media_type="application/pdf",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


@router.get(
    "/{area_id}/household-codes.pdf",
    response_class=Response,
    responses={**_PDF, 200: {**_PDF[200], "headers": _FALLBACKS}},
)
async def household_codes_pdf(
    area_id: str,
    request: Request,
    principal: CurrentPrincipal,
    session: Session,
    settings: AppSettings,
) -> Response:
    """Door-plate sheet of a village or micro-grid: each household's address and current code."""
    sheet = await service.door_plates_pdf(
        session,
        get_database(request),
        request.app.state.wechat,
        principal.person,
        settings,
        area_id,
    )
    response = _pdf(sheet.pdf, "户码门牌.pdf", "household-codes.pdf")
    response.headers["X-Code-Fallbacks"] = str(sheet.fallbacks)
    return response


@router.get("/{area_id}/signboard.pdf", response_class=Response, responses=_PDF)
async def signboard_pdf(
    area_id: str, principal: CurrentPrincipal, session: Session, settings: AppSettings
) -> Response:
    """The 联户长 public sign board (公示牌) of a micro-grid."""
    pdf = await service.signboard_pdf(session, principal.person, settings, area_id)
    return _pdf(pdf, "联户长公示牌.pdf", "signboard.pdf")


@router.get("/{area_id}/watch-map.pdf", response_class=Response, responses=_PDF)
async def watch_map_pdf(
    area_id: str, principal: CurrentPrincipal, session: Session, settings: AppSettings
) -> Response:
    """The village's neighbourhood-watch diagram (邻里守望示意图)."""
    pdf = await service.watch_map_pdf(session, principal.person, settings, area_id)
    return _pdf(pdf, "邻里守望示意图.pdf", "watch-map.pdf")
