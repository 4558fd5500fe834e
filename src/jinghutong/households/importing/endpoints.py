"""Import endpoints: upload a register file, download the template."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Response, UploadFile

from jinghutong.core.deps import Session
from jinghutong.core.errors import (
    Forbidden,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationFailed,
    errors,
)
from jinghutong.households.importing import service
from jinghutong.households.importing.schemas import ImportReport
from jinghutong.households.importing.template import (
    TEMPLATE_FILENAME,
    XLSX_MEDIA_TYPE,
    template_bytes,
)
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/households", tags=["households"])


@router.post(
    "/import",
    responses=errors(
        NotAuthenticated,
        Forbidden,
        NotFound,
        PayloadTooLarge,
        UnsupportedMediaType,
        ValidationFailed,
    ),
)
async def import_households(
    principal: CurrentPrincipal,
    session: Session,
    file: Annotated[UploadFile, File(description="户籍表：Excel（.xlsx）或 CSV，最大 20 MB")],
    area_id: Annotated[str, Form(min_length=1, max_length=26, description="行政村或微网格的 id")],
    dry_run: Annotated[bool, Form(description="只检查，不写入")] = False,
) -> ImportReport:
    """Create or update households from a register file; a per-row report of what happened."""
    return await service.import_upload(session, principal.person, area_id, file, dry_run)


@router.get(
    "/import-template.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "导入模板"}},
)
async def import_template() -> Response:
    """The Excel template with the expected columns."""
    return Response(
        content=template_bytes(),
        media_type=XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="template.xlsx"; '
            f"filename*=UTF-8''{quote(TEMPLATE_FILENAME)}"
        },
    )
