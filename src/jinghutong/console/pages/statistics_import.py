"""统计 · 导入110历史 — upload a station's 110 接处警 export (xlsx or CSV) and read the per-row
report; the template to fill in. The same service as `POST /api/v1/incidents/import`
(statistics.incidents.importing.import_upload): the station's chief or admin only (anyone
else its 403), a bad row reported by its number and the others kept, a repeated 警情号 one
row, another station's rows refused; a checked run (只检查) writes nothing.

A file refused whole (not a spreadsheet, a required column missing, no data rows, too big)
is shown in the report's place with its Chinese reason; the import runs in a savepoint that
rolls back with the refusal, so nothing of the file is written."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from jinghutong.areas.service import areas_in_scope
from jinghutong.console.pages.statistics_common import Actor, Viewer, area_choices, page_context
from jinghutong.console.session import ConsoleUser
from jinghutong.console.templating import is_htmx, render
from jinghutong.core.deps import Session
from jinghutong.core.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed
from jinghutong.models import AreaLevel, Person
from jinghutong.statistics.incidents.auth import IMPORT_ROLES, NoImportRights
from jinghutong.statistics.incidents.importing import import_upload
from jinghutong.statistics.incidents.template import (
    TEMPLATE_FILENAME,
    XLSX_MEDIA_TYPE,
    template_bytes,
)

router = APIRouter()
MODES = {"check": True, "import": False}  # the button pressed → dry_run
FILE_REFUSALS = (ValidationFailed, UnsupportedMediaType, PayloadTooLarge)


class NoFileChosen(ValidationFailed):
    detail = "请选择要导入的 110 警情表（Excel .xlsx 或 CSV 文件）"


async def _stations(session: Session, person: Person) -> list[tuple[str, str]]:
    """(id, name) of the stations within one's scope (the service decides who may import)."""
    return [
        (a.id, a.name) for a in await areas_in_scope(session, person, (str(AreaLevel.station),))
    ]


async def _page(session: Session, me: ConsoleUser, **context: object) -> dict[str, Any]:
    values = page_context(me, await area_choices(session, me.person), {})
    values.update(tab="import", query="", stations=await _stations(session, me.person))
    values.update(report=None, refused="", filename="", chosen="")
    values.update(context)
    return values


@router.get("/import")
async def import_page(request: Request, session: Session, me: Viewer) -> HTMLResponse:
    """The upload form (for the roles the API lets import) and where to get the template."""
    if not me.has(*IMPORT_ROLES):
        raise NoImportRights()
    context = await _page(session, me)
    return render(request, "statistics/import.html", context, me=me, current="statistics")


@router.post("/import")
async def import_incidents(
    request: Request,
    session: Session,
    me: Actor,
    file: Annotated[UploadFile | None, File()] = None,
    station_id: Annotated[str, Form(max_length=26)] = "",
    mode: Annotated[str, Form(max_length=10)] = "check",
) -> HTMLResponse:
    """Check or import the file; the per-row report (for htmx, in place under the form)."""
    if mode not in MODES:
        raise ValidationFailed("不认识的操作", fields={"mode": "不正确"})
    if file is None or not file.filename:
        raise NoFileChosen(fields={"file": "请选择文件"})
    status, report, refused = 200, None, ""
    try:
        async with session.begin_nested():  # a refused file: its savepoint rolls back
            report = await import_upload(session, me.person, station_id or None, file, MODES[mode])
    except FILE_REFUSALS as exc:
        status, refused = exc.status, exc.message
    context = {"report": report, "refused": refused, "filename": file.filename}
    if is_htmx(request):
        return render(request, "statistics/_import_report.html", context, status=status)
    values = await _page(session, me, **context, chosen=station_id)
    return render(
        request, "statistics/import.html", values, me=me, current="statistics", status=status
    )


@router.get("/import-template.xlsx")
async def import_template(me: Viewer) -> Response:
    """The Excel template with the columns of a 110 export (as the API's)."""
    return Response(
        content=template_bytes(),
        media_type=XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": 'attachment; filename="incident-template.xlsx"; '
            f"filename*=UTF-8''{quote(TEMPLATE_FILENAME)}"
        },
    )
