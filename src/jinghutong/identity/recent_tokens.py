"""Tokens this process found live moments ago, with their person: what lets a request start its
work without waiting for its own token lookup (identity.auth.principal_checked_at_commit; on
PostgreSQL, where that lookup is a round trip).

Nothing here is trusted alone: every request served from it asks the database again, with its
first round trip, and is refused (its work rolled back) if the token has died meanwhile. The
entries only save the wait. They are kept for half a minute at most (a person's requests come
in bursts: a page opens several at once, a report follows the page it was written on), so that
the people's details — a person row, decrypted — stay in memory little longer than a request's
own objects would."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinghutong.core.db import Database, kept_for

MAX_AGE_S = 30.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class Seen:
    """A live token's row and its person's, as the token lookup returned them."""

    token: dict[str, Any]
    person: dict[str, Any]
    at: float  # time.monotonic()


class RecentTokens:
    """One process's recently seen live tokens of one database, by token hash (never the token)."""

    def __init__(self, max_age_s: float = MAX_AGE_S, max_entries: int = MAX_ENTRIES) -> None:
        self.max_age_s = max_age_s
        self.max_entries = max_entries
        self._seen: OrderedDict[str, Seen] = OrderedDict()

    def get(self, token_hash: str, now: datetime) -> Seen | None:
        seen = self._seen.get(token_hash)
        if seen is None:
            return None
        if time.monotonic() - seen.at > self.max_age_s or seen.token["expires_at"] <= now:
            del self._seen[token_hash]
            return None
        return seen

    def put(self, token_hash: str, token: dict[str, Any], person: dict[str, Any]) -> None:
        self._seen[token_hash] = Seen(token, person, time.monotonic())
        self._seen.move_to_end(token_hash)
        while len(self._seen) > self.max_entries:
            self._seen.popitem(last=False)

    def drop(self, token_hash: str) -> None:
        self._seen.pop(token_hash, None)


def recent_tokens_of(database: Database) -> RecentTokens:
    return kept_for(database, RecentTokens)
