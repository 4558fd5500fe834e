"""create_app(): routers, middleware, error handlers, and the services a process holds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager, suppress
from typing import Any

from fastapi import APIRouter, FastAPI

from jinghutong import __version__
from jinghutong.appointments.endpoints import router as appointments_router
from jinghutong.areas.endpoints import router as areas_router
from jinghutong.bulletins.endpoints import routers as bulletins_routers
from jinghutong.cases.endpoints import routers as cases_routers
from jinghutong.console import mount_console
from jinghutong.core import crypto
from jinghutong.core.api_errors_doc import document_errors
from jinghutong.core.config import EMULATOR_MOUNT, Settings, get_settings
from jinghutong.core.db import Database
from jinghutong.core.handlers import install_error_handlers
from jinghutong.core.logging import configure_logging
from jinghutong.core.middleware import (
    BodySizeLimitMiddleware,
    MethodOverrideMiddleware,
    RequestContextMiddleware,
)
from jinghutong.core.migrate import head_revision
from jinghutong.core.ratelimit import RateLimiter
from jinghutong.governance.endpoints import routers as governance_routers
from jinghutong.households.codes.endpoints import router as household_codes_router
from jinghutong.households.importing.endpoints import router as household_import_router
from jinghutong.households.importing.parser import MAX_FILE_BYTES
from jinghutong.households.printing.endpoints import router as printing_router
from jinghutong.households.register.endpoints import router as household_register_router
from jinghutong.identity.endpoints import router as identity_router
from jinghutong.integrations.storage import Storage
from jinghutong.integrations.wechat.service import WechatService
from jinghutong.jobs import JobContext, worker_loop
from jinghutong.media.endpoints import router as media_router
from jinghutong.memberships.endpoints import router as memberships_router
from jinghutong.notifications.endpoints import router as notifications_router
from jinghutong.notifications.templates import configure_template_ids
from jinghutong.ops.endpoints import router as ops_router
from jinghutong.petitions.endpoints import router as petitions_router
from jinghutong.points.endpoints import routers as points_routers
from jinghutong.staff.endpoints import router as staff_router
from jinghutong.statistics.endpoints import routers as statistics_routers
from jinghutong.wechat_push.endpoints import router as wechat_push_router
from jinghutong.worker import load_task_modules, service_loops

API_PREFIX = "/api/v1"


async def _together(*loops: Coroutine[Any, Any, None]) -> None:
    await asyncio.gather(*loops)


def api_routers() -> list[APIRouter]:
    """Every API router, in matching order; the app includes each straight under /api/v1.
    Not one parent router: FastAPI walks nested routers level by level on every request (and
    re-sums their versions at each level) — a tenth of a case report's CPU at four levels.
    The case routers come first: a report is the busiest call, and every route ahead of it is
    one more pattern tried on every report (none of them shares a path with another router)."""
    return [
        *cases_routers,
        identity_router,
        areas_router,
        # Fixed paths (/households/import, /households/import-template.xlsx) before /{id}.
        household_import_router,
        household_register_router,
        household_codes_router,
        memberships_router,
        notifications_router,
        printing_router,
        media_router,
        petitions_router,
        *bulletins_routers,
        appointments_router,
        staff_router,
        *governance_routers,
        *points_routers,
        *statistics_routers,
    ]


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    run_worker: bool = False,
    mount_emulator: bool | None = None,
) -> FastAPI:
    """The whole HTTP service. `run_worker` also runs the work loop in this process (embedded
    mode); the emulator is mounted when no real WeChat credentials are configured."""
    settings = settings or get_settings()
    crypto.configure(settings.secret_key.get_secret_value())
    configure_template_ids(settings.wechat.templates)
    configure_logging(settings.log_level, settings.log_json)
    load_task_modules()
    owns_database = database is None
    db = database or Database(settings.resolved_database_url, pool_size=settings.database_pool_size)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()
        worker: asyncio.Task[None] | None = None
        if run_worker:
            services = {
                "wechat": app.state.wechat,
                "settings": settings,
                "storage": app.state.storage,
            }
            ctx = JobContext(db, services)
            job_loop = worker_loop(ctx, settings.worker_poll_seconds, stop)
            worker = asyncio.create_task(_together(job_loop, *service_loops(ctx, stop)))
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                with suppress(asyncio.CancelledError):
                    await asyncio.wait_for(worker, timeout=10)
            await app.state.wechat.aclose()
            if owns_database:
                await db.dispose()

    app = FastAPI(
        title="警户通 API",
        version=__version__,
        description="警户通：派出所与辖区每一户的连接。小程序、值班室与民警共用的接口。",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = db
    app.state.schema_head = head_revision(settings.resolved_database_url)
    app.state.rate_limiter = RateLimiter(settings.redis_url)
    app.state.wechat = WechatService(settings, db)
    app.state.storage = Storage.from_url(settings.resolved_storage_url)

    install_error_handlers(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(FastAPI.openapi(app), (API_PREFIX, "/wechat/"))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.include_router(ops_router)
    app.include_router(wechat_push_router)  # /wechat/push: the console's URL, not under /api/v1
    for router in api_routers():
        app.include_router(router, prefix=API_PREFIX)

    mount_console(app)

    if settings.wechat.emulated if mount_emulator is None else mount_emulator:
        from jinghutong.integrations.wechat.emulator import create_emulator_app

        app.mount(EMULATOR_MOUNT, create_emulator_app())

    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        skip_prefixes=(EMULATOR_MOUNT,),
        overrides={f"{API_PREFIX}/households/import": MAX_FILE_BYTES + 1024 * 1024},
    )
    app.add_middleware(MethodOverrideMiddleware)
    app.add_middleware(RequestContextMiddleware)
    return app
