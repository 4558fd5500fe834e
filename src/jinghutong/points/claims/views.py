"""Claims as the claimant and the reviewer read them: who claimed (name, household address,
village), so the review page needs no other call, and the claim's voice and photos with expiring
links. Whoever may see a claim may see all its media: the claimant uploaded them and the
reviewers are the ones who handle it (auth.py), so nothing flagged is hidden from either."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.config import Settings
from jinghutong.integrations.storage import Storage
from jinghutong.media.api import MediaKind, attached_media, media_views
from jinghutong.models import Area, PointsClaim
from jinghutong.points.claims.auth import MEDIA_TYPE
from jinghutong.points.claims.repository import ClaimRepository
from jinghutong.points.claims.schemas import ClaimOut, Ref

MediaContext = tuple[Storage, Settings]


@dataclass(frozen=True)
class _Around:
    """The names and places of a page of claims, read once for the page."""

    names: dict[str, str]
    addresses: dict[str, str]
    villages: dict[str, Area]

    def person(self, claim: PointsClaim) -> Ref:
        return Ref(id=claim.person_id, name=self.names.get(claim.person_id, ""))

    def household(self, claim: PointsClaim) -> Ref | None:
        if claim.household_id is None:
            return None
        return Ref(id=claim.household_id, name=self.addresses.get(claim.household_id, ""))

    def village(self, claim: PointsClaim) -> Ref | None:
        village = self.villages.get(claim.area_path)
        return Ref(id=village.id, name=village.name) if village is not None else None


async def claims_out(
    session: AsyncSession, media: MediaContext, rows: Sequence[PointsClaim]
) -> list[ClaimOut]:
    """The rows as the wire shows them: one query each for names, addresses and villages."""
    storage, settings = media
    repo = ClaimRepository(session)
    around = _Around(
        names=await repo.names(c.person_id for c in rows),
        addresses=await repo.addresses(c.household_id for c in rows),
        villages=await repo.villages(c.area_path for c in rows),
    )
    return [
        ClaimOut(
            id=claim.id,
            person_id=claim.person_id,
            person=around.person(claim),
            household_id=claim.household_id,
            household=around.household(claim),
            village=around.village(claim),
            text=claim.text,
            media_ids=list(claim.media_ids),
            media=await media_views(session, storage, settings, MEDIA_TYPE, claim.id),
            happened_on=claim.happened_on,
            status=claim.status,
            points=claim.points,
            decided_by=claim.decided_by,
            decided_at=claim.decided_at,
            decision_reason=claim.decision_reason,
            entry_id=claim.entry_id,
            created_at=claim.created_at,
        )
        for claim in rows
    ]


async def claim_out(session: AsyncSession, media: MediaContext, claim: PointsClaim) -> ClaimOut:
    return (await claims_out(session, media, [claim]))[0]


async def summary(session: AsyncSession, claim: PointsClaim) -> str:
    """What the claim says in a line, for a notice or a ledger entry: its words, else what it
    brought (一段语音、2 张照片) — many claim by voice alone."""
    if claim.text:
        return claim.text
    kinds = [m.kind for m in await attached_media(session, MEDIA_TYPE, claim.id)]
    voices, photos = kinds.count(MediaKind.voice), kinds.count(MediaKind.image)
    parts = ([f"{voices}段语音"] if voices else []) + ([f"{photos}张照片"] if photos else [])
    return f"（{'、'.join(parts)}）" if parts else ""
