"""户籍 · 打印 — a village's printed matter, as the household-code domain draws it
(households/printing): the door plates of 一户一码 (户码门牌) of the village or one micro-grid,
each micro-grid's 联户长公示牌, the village's 邻里守望示意图 — A4 PDFs opened in the browser to
print — and the page itself, which prints as the village's hand-out sheet (print.css).

The PDFs come from the same service functions as `GET /api/v1/areas/{id}/household-codes.pdf`,
`…/signboard.pdf` and `…/watch-map.pdf`: the same rights (staff over the area, else 404), the
same audit records (the sign board and the map print phone numbers in full)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from jinghutong.areas.service import areas_in_scope
from jinghutong.console.session import ConsoleUser, viewer
from jinghutong.console.templating import render
from jinghutong.core.deps import AppSettings, Session, get_database
from jinghutong.core.errors import ValidationFailed
from jinghutong.households.printing import service
from jinghutong.models import AreaLevel

router = APIRouter()
Viewer = Annotated[ConsoleUser, viewer("households")]


def _pdf(content: bytes, filename: str, fallback: str) -> Response:
    # inline: the browser's PDF viewer opens it, and prints it from there.
    disposition = f"inline; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content, media_type="application/pdf", headers={"Content-Disposition": disposition}
    )


@router.get("/print")
async def print_page(
    request: Request, session: Session, me: Viewer, village_id: str = ""
) -> HTMLResponse:
    """Pick a village; then its micro-grids with their door plates and sign boards, and the
    village's door plates and watch map."""
    villages = await areas_in_scope(session, me.person, (AreaLevel.village,))
    chosen = next((v for v in villages if v.id == village_id), None)
    if village_id and chosen is None:
        raise ValidationFailed("要打印的村不在您的管辖范围内", fields={"village_id": "不正确"})
    if chosen is None and len(villages) == 1:
        chosen = villages[0]
    grids = []
    if chosen is not None:
        grids = await areas_in_scope(session, me.person, (AreaLevel.micro_grid,), chosen.id)
    context = {"villages": villages, "village": chosen, "grids": grids}
    return render(request, "households/print.html", context, me=me, current="households")


@router.get("/print/{area_id}/plates.pdf")
async def plates_pdf(
    area_id: str, request: Request, session: Session, settings: AppSettings, me: Viewer
) -> Response:
    """户码门牌 of a village or a micro-grid: one card per household with its code."""
    sheet = await service.door_plates_pdf(
        session, get_database(request), request.app.state.wechat, me.person, settings, area_id
    )
    response = _pdf(sheet.pdf, "户码门牌.pdf", "household-codes.pdf")
    response.headers["X-Code-Fallbacks"] = str(sheet.fallbacks)
    return response


@router.get("/print/{area_id}/signboard.pdf")
async def signboard_pdf(
    area_id: str, session: Session, settings: AppSettings, me: Viewer
) -> Response:
    """联户长公示牌 of a micro-grid (phones in full: its public purpose; audited)."""
    pdf = await service.signboard_pdf(session, me.person, settings, area_id)
    return _pdf(pdf, "联户长公示牌.pdf", "signboard.pdf")


@router.get("/print/{area_id}/watch-map.pdf")
async def watch_map_pdf(
    area_id: str, session: Session, settings: AppSettings, me: Viewer
) -> Response:
    """邻里守望示意图 of a village (audited)."""
    pdf = await service.watch_map_pdf(session, me.person, settings, area_id)
    return _pdf(pdf, "邻里守望示意图.pdf", "watch-map.pdf")
