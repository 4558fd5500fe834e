"""What hazards and disputes use from the roster. Import from here, nothing deeper.

- `member_for(session, member_id, path, field=…)`: an active roster member of the village (or
  area) at `path` or above it — whom a hazard's rectification or a dispute's 交办 may go to;
  422 naming the field otherwise.
- `owe_phone_notice(…)`: record that someone without WeChat must be told something by phone
  (a person at the village office phones or texts; no SMS gateway is wired yet). If the member
  has an account, the caller tells them in the app as usual as well."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.errors import ValidationFailed
from jinghutong.models import PhoneNotice, RosterMember


class RosterMemberUnavailable(ValidationFailed):
    detail = "所选人员不在本村名册中，或已不在岗"


async def member_for(
    session: AsyncSession, member_id: str, path: str, *, field: str
) -> RosterMember:
    """The active member of the roster of the area at `path` or of an area above it."""
    member = await session.get(RosterMember, member_id)
    if member is None or not member.active or not path.startswith(member.area_path):
        # A member of a village roster serves the places in that village (path below it).
        raise RosterMemberUnavailable(fields={field: "不在本村名册中，或已不在岗"})
    return member


async def owe_phone_notice(
    session: AsyncSession,
    *,
    subject: tuple[str, str],
    text: str,
    created_by: str | None,
    member: RosterMember | None = None,
    name: str | None = None,
    phone: str | None = None,
) -> PhoneNotice:
    """A notice owed to a roster member, or to a name and phone given on the record."""
    notice = PhoneNotice(
        member_id=member.id if member else None,
        name=(member.name if member else name) or "",
        phone=member.phone if member else phone,
        subject_type=subject[0],
        subject_id=subject[1],
        text=text[:300],
        created_by=created_by,
    )
    session.add(notice)
    return notice
