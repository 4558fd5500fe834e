"""Response-time percentiles: on PostgreSQL `percentile_cont` in SQL, on SQLite (which has no
such aggregate) the same interpolation in Python — step for step as PostgreSQL computes it
(orderedsetaggs.c: rows floor and ceil of p·(n−1), then lo + (hi − lo)·fraction), so that the
two databases give the same numbers (a test checks it on PostgreSQL)."""

from __future__ import annotations

import math
from collections.abc import Sequence

FRACTIONS = (0.5, 0.9)


def percentile_cont(ordered: Sequence[float], fraction: float) -> float | None:
    """PostgreSQL's `percentile_cont(fraction) WITHIN GROUP (ORDER BY x)` over `ordered`."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    first, second = math.floor(position), math.ceil(position)
    low = ordered[first]
    if first == second:
        return low
    high = ordered[second]
    return low + (high - low) * (position - first)


def minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)
