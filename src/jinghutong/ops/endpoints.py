"""Operations: liveness, readiness, metrics (outside /api/v1)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from jinghutong.core.metrics import REGISTRY
from jinghutong.core.migrate import current_revision
from jinghutong.integrations.wechat import quota
from jinghutong.ops import queues

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "database unreachable or not migrated"}})
async def readyz(request: Request) -> JSONResponse:
    """The database answers and its schema is at the migrations' head."""
    database = request.app.state.database
    expected = request.app.state.schema_head
    try:
        async with database.session(read_only=True) as session:
            revision = await current_revision(session)
    except Exception:
        body: dict[str, str | None] = {
            "status": "unavailable",
            "detail": "数据库无法连接",
            "database": "down",
        }
        return JSONResponse(body, status_code=503, headers={"Retry-After": "5"})
    if revision != expected:
        body = {
            "status": "unavailable",
            "detail": "数据库结构不是最新版本，请先运行 jinghutong migrate",
            "database": "ok",
            "schema": revision,
            "expected": expected,
        }
        return JSONResponse(body, status_code=503, headers={"Retry-After": "30"})
    return JSONResponse({"status": "ok", "database": "ok", "schema": revision})


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus text format; the queue gauges are read from the database now."""
    await queues.refresh(request.app.state.database)
    await quota.publish_left(request.app.state.settings, request.app.state.database)
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
