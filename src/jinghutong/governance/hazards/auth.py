"""Who stands where on a hazard.

- Recorders over its place (the 联户长 of its micro-grid, the village's 村警, the officers over
  the village, the chief and admin) see it; so do whoever reported it and the account named
  responsible for the rectification. Nobody else learns it exists (404).
- Handlers (recorders minus the 联户长) grade, notify, accept or reject, and close.
- The rectification is reported by a handler, the 联户长 of the place, or the responsible
  account. A 联户长 who sees a hazard but asks to notify or accept gets 403: they know it
  exists; they may not decide it (as petitions answer those who see but may not act).
- Photos and voice attached to a hazard: whoever may see the hazard — except items WeChat
  flagged or a reviewer withheld, which only the uploader and the handlers see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.governance.access import HANDLER_ROLES, roles_over
from jinghutong.governance.media import register_record_media
from jinghutong.models import Hazard, Role

MEDIA_SUBJECT = "hazard"


@dataclass(frozen=True)
class Standing:
    recorder: bool  # a recorder role over the hazard's place
    handler: bool
    leader: bool  # the 联户长 of the place
    reporter: bool
    responsible: bool

    @property
    def sees(self) -> bool:
        return self.recorder or self.reporter or self.responsible

    @property
    def may_report_rectified(self) -> bool:
        return self.handler or self.leader or self.responsible


async def standing(session: AsyncSession, person_id: str, hazard: Hazard) -> Standing:
    roles = await roles_over(session, person_id, hazard.area_path)
    return Standing(
        recorder=bool(roles),
        handler=any(r in HANDLER_ROLES for r in roles),
        leader=Role.group_leader in roles,
        reporter=hazard.reporter_id == person_id,
        responsible=hazard.responsible_person_id == person_id,
    )


register_record_media(MEDIA_SUBJECT, Hazard, standing)
