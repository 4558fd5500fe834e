"""The station's points rules: read the active book, write a new version."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jinghutong.core.deps import Session
from jinghutong.core.errors import NotAuthenticated, TokenInvalid, ValidationFailed, errors
from jinghutong.identity.auth import CurrentPrincipal
from jinghutong.points.rules import errors as e
from jinghutong.points.rules import views
from jinghutong.points.rules.policy import RuleRefused
from jinghutong.points.rules.schemas import RuleBookIn, RuleBookOut

router = APIRouter(prefix="/points", tags=["points"])
_auth = (NotAuthenticated, TokenInvalid)
StationQuery = Annotated[str | None, Query(max_length=26, description="派出所（默认本人所在）")]


@router.get("/rules", responses=errors(*_auth, e.NoStation, e.StationNotFound))
async def read_rules(
    me: CurrentPrincipal, session: Session, station_id: StationQuery = None
) -> RuleBookOut:
    """The active rule book of my station: each rule's points and monthly cap, the total cap."""
    return await views.read(session, me.person.id, station_id)


@router.put(
    "/rules",
    responses=errors(
        *_auth, ValidationFailed, RuleRefused, e.DuplicateRule, e.NotRuleKeeper,
        e.NoStation, e.StationNotFound, e.BookChangedMeanwhile,
    ),
)  # fmt: skip
async def replace_rules(
    body: RuleBookIn, me: CurrentPrincipal, session: Session, station_id: StationQuery = None
) -> RuleBookOut:
    """A new version of the whole book (chief or admin); entries made before keep their rule."""
    return await views.replace(session, me.person.id, station_id, body)
