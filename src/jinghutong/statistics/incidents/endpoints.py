"""The 警情 register for statistics: import from the 110 system, the category mapping."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Response, UploadFile

from jinghutong.core.deps import Session
from jinghutong.core.errors import (
    NotAuthenticated,
    PayloadTooLarge,
    TokenInvalid,
    UnsupportedMediaType,
    ValidationFailed,
    errors,
)
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.statistics.incidents import auth, importing, service
from jinghutong.statistics.incidents.schemas import (
    CategoriesOut,
    IncidentImportReport,
    MappingChangeOut,
    MappingIn,
)
from jinghutong.statistics.incidents.template import (
    TEMPLATE_FILENAME,
    XLSX_MEDIA_TYPE,
    template_bytes,
)

router = APIRouter(prefix="/incidents", tags=["statistics"])
_auth = (NotAuthenticated, TokenInvalid)


@router.get("/categories", responses=errors(*_auth, auth.NotStaff))
async def list_categories(me: CurrentPrincipal, session: Session) -> CategoriesOut:
    """The categories (有效 or not) and the mapping of every source's kinds onto them."""
    return await service.categories(session, me.person)


@router.put(
    "/categories/mapping",
    responses=errors(*_auth, auth.MappingIsForAdmins, service.UnknownKind, ValidationFailed),
)
async def change_mapping(
    body: MappingIn, me: CurrentPrincipal, session: Session
) -> MappingChangeOut:
    """Add or change one mapping row; history is rewritten only with apply_to_history."""
    return await service.change_mapping(session, me.person, body)


@router.post(
    "/import",
    responses=errors(
        *_auth,
        auth.NoImportRights,
        auth.StationNotFound,
        auth.StationRequired,
        PayloadTooLarge,
        UnsupportedMediaType,
        ValidationFailed,
    ),
)
async def import_incidents(
    me: CurrentPrincipal,
    session: Session,
    file: Annotated[
        UploadFile, File(description="110 接处警导出表：Excel（.xlsx）或 CSV，最大 20 MB")
    ],
    station_id: Annotated[
        str | None,
        Form(min_length=1, max_length=26, description="派出所的区域 id；只管一个所时可不填"),
    ] = None,
    dry_run: Annotated[bool, Form(description="只检查，不写入")] = False,
) -> IncidentImportReport:
    """Import a station's 110 history; a per-row report of what happened."""
    return await importing.import_upload(session, me.person, station_id, file, dry_run)


@router.get(
    "/import-template.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "110 警情导入模板"}},
)
async def import_template() -> Response:
    """The Excel template with the columns of a 110 export."""
    return Response(
        content=template_bytes(),
        media_type=XLSX_MEDIA_TYPE,
        headers={
            "Content-Disposition": 'attachment; filename="incident-template.xlsx"; '
            f"filename*=UTF-8''{quote(TEMPLATE_FILENAME)}"
        },
    )
