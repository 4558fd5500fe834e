"""Send one matrix request in a savepoint of its own, rolled back after the answer."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncConnection

from authz.calls import Call
from jinghutong.core.ratelimit import RateLimiter


async def send(
    app: FastAPI,
    connection: AsyncConnection,
    client: httpx.AsyncClient,
    call: Call,
    headers: dict[str, str],
) -> httpx.Response:
    # A fresh in-memory limiter: a thousand calls in a row are not a villager flooding reports.
    app.state.rate_limiter = RateLimiter(None)
    savepoint = await connection.begin_nested()
    try:
        return await client.request(
            call.method, call.url, params=call.params, headers=headers, **call.kwargs
        )
    finally:
        await savepoint.rollback()
