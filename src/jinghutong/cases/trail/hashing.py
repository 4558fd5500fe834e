"""The hash of a trail event: sha256 over the canonical JSON of everything the event says,
including the previous event's hash. Canonical: sorted keys, no spaces, UTF-8, times as
ISO 8601 UTC with microseconds."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def _time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    case_id: str,
    seq: int,
    actor_id: str | None,
    actor_kind: str,
    type: str,
    payload: dict[str, Any],
    created_at: datetime,
    prev_hash: str,
) -> str:
    document = {
        "case_id": case_id,
        "seq": seq,
        "actor_id": actor_id,
        "actor_kind": actor_kind,
        "type": type,
        "payload": payload,
        "created_at": _time(created_at),
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
