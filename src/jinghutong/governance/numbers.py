"""Human-facing numbers for governance records: `YH-20261202-0001` (隐患), `JF-…` (纠纷), counted
per prefix and China day in `record_counters` with one upsert (safe under concurrency: the
conflict takes the row lock). Governance records come a few a day per village, not in rushes,
so the number is taken inside the record's own transaction (no block reservation as for cases)."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core import clock
from jinghutong.core.upsert import for_session, per_dialect
from jinghutong.models import RecordCounter

_COUNTERS = RecordCounter.__table__.c
_NEXT = per_dialect(
    lambda insert: (
        insert(RecordCounter.__table__)
        .values(key=bindparam("key"), last=1)
        .on_conflict_do_update(index_elements=[_COUNTERS.key], set_={"last": _COUNTERS.last + 1})
        .returning(_COUNTERS.last)
    )
)


async def next_number(session: AsyncSession, prefix: str) -> str:
    day = clock.now().astimezone(clock.SHANGHAI).strftime("%Y%m%d")
    n = await session.scalar(for_session(_NEXT, session), {"key": f"{prefix}{day}"})
    return f"{prefix}-{day}-{int(n or 0):04d}"
