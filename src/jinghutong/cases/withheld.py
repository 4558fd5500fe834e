"""A case's text kept from those handling it: once a person upholds the flag WeChat put on the
text (cases/moderation), it is shown only to its reporter and to those who may review it, like
a withheld attachment (`cases/review.py`); everyone else reads a plain placeholder wherever the
text would appear — the case, its list rows, the trail's first event, notifications."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jinghutong.content.api import messages
from jinghutong.models import CaseEvent, ReviewStatus

FLAGGED_EVENT = "content_flagged"
REVIEWED_EVENT = "content_reviewed"
# The events whose payload repeats the case's text (a report's, a duty-room dispatch's).
TEXT_EVENTS = frozenset({"created", "dispatched"})
# A case whose text is withheld has one of these statuses: upheld, or flagged again when an
# attachment was flagged after the text was decided. Only these need their events read.
MAYBE_WITHHELD = frozenset({ReviewStatus.upheld, ReviewStatus.flagged})
PLACEHOLDER = messages.WITHHELD


def text_events(events: Iterable[CaseEvent], *types: str) -> list[CaseEvent]:
    """The events of `types` about the case's text (those about an attachment name it)."""
    return [e for e in events if e.type in types and not e.payload.get("media_id")]


def text_withheld(events: Sequence[CaseEvent]) -> bool:
    """A person upheld the flag on the case's text."""
    reviews = text_events(events, REVIEWED_EVENT)
    return any(e.payload.get("decision") == "uphold" for e in reviews)


def shown_payload(event: CaseEvent, payload: dict[str, object]) -> dict[str, object]:
    """`payload` (a copy of the event's) with the case's text replaced by the placeholder."""
    if event.type in TEXT_EVENTS and payload.get("text"):
        payload["text"] = PLACEHOLDER
    return payload
