"""Who may do what with a station's rewards and redemptions.

- The catalogue belongs to a station (派出所): its chief and admin put goods on it, change names,
  points, photos and take them off (`KEEPERS`). The goods are kept at the 警务室, where the
  村警 sits: a 村警 of one of the station's villages records stock that arrived or was counted
  (`stock_delta`) but changes nothing else — points are the station's policy, stock is a count.
- Villagers (an active member of a household under the station) and 联户长 (a grant inside it)
  see the catalogue and redeem. Staff see it too.
- Staff of the station (any staff role on the station, on an area inside it, or above it) hand
  the goods over (核销) and see the station's redemptions. Nobody fulfils their own.
- A redemption is seen by its owner and the staff of its station; anyone else gets 404."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.identity.access import has_role_over, path_within, scope_paths
from jinghutong.media.api import register_media_access
from jinghutong.models import STAFF_ROLES, Area, Media, Redemption, Reward, Role
from jinghutong.points.rewards.repository import PlacesRepository

KEEPERS = (Role.chief, Role.admin)
STOCK_KEEPERS = (Role.village_police,)
MEDIA_SUBJECT = "reward"


async def home_stations(session: AsyncSession, person_id: str) -> list[Area]:
    """The stations where the person may redeem: over their households and 联户长 grants."""
    return await PlacesRepository(session).home_stations(person_id)


async def staff_stations(session: AsyncSession, person_id: str) -> list[Area]:
    """The stations the person works for (a staff role on, inside or above the station)."""
    paths = await scope_paths(session, person_id, STAFF_ROLES)
    return await PlacesRepository(session).stations_touching(paths)


async def is_keeper(session: AsyncSession, person_id: str, station: Area) -> bool:
    return await has_role_over(session, person_id, KEEPERS, station.path)


async def is_stock_keeper(session: AsyncSession, person_id: str, station: Area) -> bool:
    """A 村警 of a village of this station (the 警务室 where the goods are kept)."""
    paths = await scope_paths(session, person_id, STOCK_KEEPERS)
    return any(path_within(path, [station.path]) for path in paths)


async def serves(session: AsyncSession, person_id: str, station_id: str) -> bool:
    return any(s.id == station_id for s in await staff_stations(session, person_id))


async def sees_station(session: AsyncSession, person_id: str, station_id: str) -> bool:
    """Whoever may see the station's catalogue: its villagers, 联户长 and staff."""
    if any(s.id == station_id for s in await home_stations(session, person_id)):
        return True
    return await serves(session, person_id, station_id)


async def sees_redemption(session: AsyncSession, person_id: str, redemption: Redemption) -> bool:
    if redemption.person_id == person_id:
        return True
    return await serves(session, person_id, redemption.station_id)


async def may_view_media(session: AsyncSession, person_id: str, media: Media) -> bool:
    """A reward's photo: whoever may see the station's catalogue."""
    reward = await session.get(Reward, media.attached_to_id or "")
    return reward is not None and await sees_station(session, person_id, reward.station_id)


register_media_access(MEDIA_SUBJECT, may_view_media)
