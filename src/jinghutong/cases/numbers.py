"""Human case numbers: JA-YYYYMMDD-NNNN, a counter per day (Asia/Shanghai)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.cases.repository import CaseRepository
from jinghutong.core import clock

PREFIX = "JA"


async def allocate_number(session: AsyncSession) -> str:
    day = clock.now().astimezone(clock.SHANGHAI).strftime("%Y%m%d")
    n = await CaseRepository(session).next_number(day)
    return f"{PREFIX}-{day}-{n:04d}"
