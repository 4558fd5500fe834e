"""户籍 · 导入 — upload a register (xlsx or CSV) into a village or micro-grid and read the per-row
report; the template to fill in. The same service as `POST /api/v1/households/import`: a file
that is not a spreadsheet, or lacks a required column, is refused with its Chinese reason and
nothing is written (the request's unit of work rolls back); a checked run (只检查) writes
nothing either; an import keeps the good rows and reports each bad one by its row number."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from jinghutong.areas.schemas import AreaOut
from jinghutong.areas.service import areas_in_scope
from jinghutong.console.session import ConsoleUser, actor, viewer
from jinghutong.console.templating import is_htmx, render
from jinghutong.core.deps import Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.households.importing.service import import_upload
from jinghutong.households.importing.template import (
    TEMPLATE_FILENAME,
    XLSX_MEDIA_TYPE,
    template_bytes,
)
from jinghutong.models import AreaLevel, Person

router = APIRouter()
Viewer = Annotated[ConsoleUser, viewer("households")]
Actor = Annotated[ConsoleUser, actor("households")]
MODES = {"check": True, "import": False}  # the button pressed → dry_run


class NoFileChosen(ValidationFailed):
    detail = "请选择要导入的户籍表（Excel .xlsx 或 CSV 文件）"


class NoAreaChosen(ValidationFailed):
    detail = "请选择导入到哪个村或微网格"


async def _targets(session: Session, person: Person) -> list[AreaOut]:
    """Villages and micro-grids within scope, each village followed by its micro-grids."""
    levels = (AreaLevel.village, AreaLevel.grid, AreaLevel.micro_grid)
    areas = await areas_in_scope(session, person, levels)
    village_of = {a.id: a.id for a in areas if a.level == AreaLevel.village}
    for grid in (a for a in areas if a.level == AreaLevel.grid):
        village_of[grid.id] = village_of.get(grid.parent_id or "", "")
    ordered: list[AreaOut] = []
    for village in (a for a in areas if a.level == AreaLevel.village):
        ordered.append(village)
        ordered.extend(
            a
            for a in areas
            if a.level == AreaLevel.micro_grid and village_of.get(a.parent_id or "") == village.id
        )
    # Micro-grids whose village lies outside the scope (a 联户长's or an officer's grid only).
    return ordered + [a for a in areas if a.level == AreaLevel.micro_grid and a not in ordered]


@router.get("/import")
async def import_page(request: Request, session: Session, me: Viewer) -> HTMLResponse:
    """The upload form and where to get the template."""
    context = {"targets": await _targets(session, me.person), "report": None, "chosen": ""}
    return render(request, "households/import.html", context, me=me, current="households")


@router.post("/import")
async def import_households(
    request: Request,
    session: Session,
    me: Actor,
    file: Annotated[UploadFile | None, File()] = None,
    area_id: Annotated[str, Form(max_length=26)] = "",
    mode: Annotated[str, Form(max_length=10)] = "check",
) -> HTMLResponse:
    """Check or import the file; the per-row report (for htmx, in place under the form)."""
    if file is None or not file.filename:
        raise NoFileChosen(fields={"file": "请选择文件"})
    if not area_id:
        raise NoAreaChosen(fields={"area_id": "请选择"})
    if mode not in MODES:
        raise ValidationFailed("不认识的操作", fields={"mode": "不正确"})
    report = await import_upload(session, me.person, area_id, file, MODES[mode])
    context = {"report": report, "filename": file.filename, "chosen": area_id}
    if is_htmx(request):
        return render(request, "households/_report.html", context)
    context["targets"] = await _targets(session, me.person)
    return render(request, "households/import.html", context, me=me, current="households")


@router.get("/import-template.xlsx")
async def import_template(me: Viewer) -> Response:
    """The Excel template with the columns the import reads (as the API's)."""
    return Response(
        content=template_bytes(),
        media_type=XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="template.xlsx"; '
            f"filename*=UTF-8''{quote(TEMPLATE_FILENAME)}"
        },
    )
