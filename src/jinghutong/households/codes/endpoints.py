"""Household code endpoints: the scene, its image, rotation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from jinghutong.core.deps import Session, get_database
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, errors
from jinghutong.households.codes import service
from jinghutong.households.codes.schemas import CodeOut
from jinghutong.identity.auth import CurrentPrincipal

router = APIRouter(prefix="/households", tags=["household-codes"])
_auth = (NotAuthenticated, TokenInvalid)
PNG_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"image/png": {}},
        "description": "户码 PNG；X-Code-Source: wechat（小程序码）或 fallback（本地二维码）",
    }
}


def _image_url(request: Request, household_id: str, version: int) -> str:
    return f"{request.url_for('household_code_png', household_id=household_id)}?v={version}"


@router.get("/{household_id}/code", responses=errors(*_auth, service.HouseholdNotFound))
async def household_code(
    household_id: str, request: Request, me: CurrentPrincipal, session: Session
) -> CodeOut:
    """The household's current code: scene, version and where to get its image."""
    household = await service.describe(session, get_database(request), me.person.id, household_id)
    version = household.code_version
    return service.code_out(household.id, version, _image_url(request, household.id, version))


@router.get(
    "/{household_id}/code.png",
    name="household_code_png",
    response_class=Response,
    responses={**PNG_RESPONSE, **errors(*_auth, service.HouseholdNotFound)},
)
async def household_code_png(
    household_id: str, request: Request, me: CurrentPrincipal, session: Session
) -> Response:
    """The household's mini-program code as a PNG (a local QR of the same scene if WeChat fails)."""
    wechat = request.app.state.wechat
    code = await service.image(session, get_database(request), wechat, me.person.id, household_id)
    headers = {"X-Code-Source": code.source, "Cache-Control": "private, max-age=300"}
    return Response(code.png, media_type="image/png", headers=headers)


@router.post(
    "/{household_id}/code/rotate",
    responses=errors(
        *_auth, service.HouseholdNotFound, service.RotateForbidden, service.RotatedMeanwhile
    ),
)
async def rotate_household_code(
    household_id: str, request: Request, me: CurrentPrincipal, session: Session
) -> CodeOut:
    """Issue a new code (a copied door plate); the old one answers 410 from now on."""
    version = await service.rotate(session, me.person.id, household_id)
    return service.code_out(household_id, version, _image_url(request, household_id, version))
