"""积分 · the desk's two daily jobs: claims to review (one claim with its words, voice and photos
by expiring links; approve with 1–50 points or reject with the reason the claimant reads — as
`POST /api/v1/points/claims/{id}/approve|reject`, which refuse one's own claim and a decided
one), and redemptions handed over at the 警务室 against the villager's 10-digit code (as
`POST /api/v1/redemptions/fulfil`: wrong codes are counted, nobody fulfils their own)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from jinghutong.console import forms
from jinghutong.console.pages.points_common import PAGE_SIZE, TABS, Actor, Viewer, back
from jinghutong.console.templating import render
from jinghutong.core.deps import AppSettings, ClientAddress, Limiter, Session
from jinghutong.core.errors import ValidationFailed
from jinghutong.media.endpoints import AppStorage
from jinghutong.points.claims import service as claims
from jinghutong.points.claims.schemas import ApproveIn, RejectIn
from jinghutong.points.rewards import handover
from jinghutong.points.rewards import service as rewards
from jinghutong.points.rewards.schemas import CodeIn

router = APIRouter()
CLAIM_STATUSES = {"pending": "待审核", "approved": "已通过", "rejected": "未通过"}
REDEMPTION_STATUSES = {"held": "待领取", "fulfilled": "已领取", "cancelled": "已取消"}
CLAIM_DONE = {"approve": "已通过，积分已记入。", "reject": "已退回，申报人会看到原因。"}


def _status(value: str, allowed: dict[str, str], default: str | None) -> str | None:
    if value == "all":
        return None
    if not value:
        return default
    if value not in allowed:
        raise ValidationFailed("筛选条件“状态”不正确", fields={"status": "不正确"})
    return value


def _no_png(_: str) -> str:
    return ""  # staff never see a code or its QR


@router.get("/claims")
async def claims_list(
    request: Request,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Viewer,
    status: str = "",
    cursor: str = "",
) -> HTMLResponse:
    """The claims of the area I review, newest first (pending by default)."""
    chosen = _status(status, CLAIM_STATUSES, "pending")
    page = await claims.list_claims(
        session,
        (storage, settings),
        me.person.id,
        "review",
        chosen,
        cursor[:200] or None,
        PAGE_SIZE,
    )
    context = {
        "tabs": TABS,
        "tab": "claims",
        "page": page,
        "chosen": chosen or "all",
        "statuses": CLAIM_STATUSES,
        "first_page": not cursor,
    }
    return render(request, "points/claims.html", context, me=me, current="points")


@router.get("/claims/{claim_id}")
async def claim_page(
    request: Request,
    claim_id: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Viewer,
    done: str = "",
) -> HTMLResponse:
    claim = await claims.read(session, (storage, settings), me.person.id, claim_id[:26])
    context = {
        "tabs": TABS,
        "tab": "claims",
        "c": claim,
        "statuses": CLAIM_STATUSES,
        "mine": claim.person_id == me.person.id,
        "done": CLAIM_DONE.get(done, ""),
    }
    return render(request, "points/claim.html", context, me=me, current="points")


@router.post("/claims/{claim_id}/{decision}")
async def claim_decide(
    claim_id: str,
    decision: str,
    session: Session,
    storage: AppStorage,
    settings: AppSettings,
    me: Actor,
    points: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=400)] = "",
    reason: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    media = (storage, settings)
    if decision == "approve":
        names = {"points": "积分", "note": "审核意见"}
        body = forms.parse(ApproveIn, {"points": points or None, "note": note}, names)
        await claims.approve(session, media, me.person.id, claim_id[:26], body)
    elif decision == "reject":
        refused = forms.parse(RejectIn, {"reason": reason}, {"reason": "不通过的原因"})
        await claims.reject(session, media, me.person.id, claim_id[:26], refused)
    else:
        raise ValidationFailed("没有这个操作", fields={"decision": "不正确"})
    return back(f"/points/claims/{claim_id}", decision)


@router.get("/redemptions")
async def redemptions_list(
    request: Request,
    session: Session,
    me: Viewer,
    status: str = "",
    cursor: str = "",
    done: str = "",
) -> HTMLResponse:
    """The station's redemptions (waiting ones by default), and the counter's code box."""
    chosen = _status(status, REDEMPTION_STATUSES, "held")
    page = await rewards.list_redemptions(
        session,
        me.person,
        scope="station",
        status=chosen,
        cursor=cursor[:200] or None,
        limit=PAGE_SIZE,
        png_url=_no_png,
    )
    handed: Any = None
    if done:
        handed = await rewards.open_redemption(session, me.person, done[:26], _no_png)
    context = {
        "tabs": TABS,
        "tab": "redemptions",
        "page": page,
        "chosen": chosen or "all",
        "statuses": REDEMPTION_STATUSES,
        "first_page": not cursor,
        "handed": handed,
    }
    return render(request, "points/redemptions.html", context, me=me, current="points")


@router.post("/redemptions/fulfil")
async def redemption_fulfil(
    session: Session,
    limiter: Limiter,
    client: ClientAddress,
    me: Actor,
    code: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Hand the goods over against the code the villager shows or reads out."""
    body = forms.parse(CodeIn, {"code": code.strip()}, {"code": "兑换码"})
    out = await handover.fulfil_by_code(session, limiter, me.person, body.code, client)
    return back("/points/redemptions", out.id)
