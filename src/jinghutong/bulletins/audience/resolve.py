"""Audience resolution in set-based SQL: the reached households, their active members, and the
delivery rows — one INSERT … SELECT, no per-household Python loop. Area scans use the
`area_path` prefix index; tags the (tag, household_id) index; members (household_id, status)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jinghutong.bulletins.audience.spec import CheckedAudience
from jinghutong.core.sqltypes import UTCDateTime
from jinghutong.identity.access import within
from jinghutong.models import (
    Area,
    AreaLevel,
    Delivery,
    DeliveryStatus,
    Household,
    HouseholdTag,
    Membership,
    MembershipStatus,
    Person,
    SubscriptionQuota,
)


@dataclass(frozen=True)
class Preview:
    households: int
    persons: int
    wechat_reachable: int


def _tagged(tags: list[str], paths: list[str]) -> Select[Any]:
    return (
        select(HouseholdTag.household_id)
        .join(Household, Household.id == HouseholdTag.household_id)
        .where(HouseholdTag.tag.in_(tags), within(Household.area_path, paths))
    )


def _excluded(audience: CheckedAudience) -> list[ColumnElement[bool]]:
    ex = audience.spec.exclude
    out: list[ColumnElement[bool]] = []
    if audience.exclude_paths:
        out.append(~within(Household.area_path, audience.exclude_paths))
    if ex.households:
        out.append(Household.id.not_in(ex.households))
    if ex.tags:
        tagged = select(HouseholdTag.household_id).where(
            HouseholdTag.household_id == Household.id, HouseholdTag.tag.in_(ex.tags)
        )
        out.append(~exists(tagged))
    return out


def households(audience: CheckedAudience) -> Select[Any]:
    """One column, `id`: every household the audience reaches, exclusions applied."""
    spec = audience.spec
    parts: list[Select[Any]] = []
    if spec.combine == "intersect":
        parts.append(_tagged(spec.tags, audience.area_paths))
    else:
        if audience.area_paths:
            parts.append(
                select(Household.id).where(within(Household.area_path, audience.area_paths))
            )
        if spec.tags:
            parts.append(_tagged(spec.tags, audience.tag_paths))
    if spec.households:
        parts.append(select(Household.id).where(Household.id.in_(spec.households)))
    excluded = _excluded(audience)
    if len(parts) == 1 and not excluded and audience.area_paths and spec.combine == "union":
        return parts[0]
    if not parts:
        return select(Household.id).where(literal(False))
    reached = (union(*parts) if len(parts) > 1 else parts[0]).subquery()
    return select(Household.id).where(Household.id.in_(select(reached.c[0])), *excluded)


def recipients(audience: CheckedAudience) -> Select[Any]:
    """(person_id, household_id): active members of the households, plus the named persons;
    a person in two of them appears once (with one of their households)."""
    reached = households(audience).subquery()
    members = select(Membership.person_id, Membership.household_id).where(
        Membership.status == MembershipStatus.active,
        Membership.household_id.in_(select(reached.c.id)),
    )
    parts = [members]
    if audience.spec.persons:
        named = (
            select(Person.id.label("person_id"), Membership.household_id)
            .outerjoin(
                Membership,
                and_(
                    Membership.person_id == Person.id, Membership.status == MembershipStatus.active
                ),
            )
            .where(Person.id.in_(audience.spec.persons))
        )
        parts.append(named)
    both = (union_all(*parts) if len(parts) > 1 else members).subquery()
    query = select(both.c.person_id, func.min(both.c.household_id).label("household_id"))
    if audience.spec.exclude.persons:
        query = query.where(both.c.person_id.not_in(audience.spec.exclude.persons))
    return query.group_by(both.c.person_id)


def _with_quota(query: Select[Any], template_id: str) -> Select[Any]:
    """LEFT JOIN the person's usable quota for the template: at most one row, the key being
    (person_id, template_id), so no person is counted twice. An equi-join the planner hashes
    once, where a correlated EXISTS was one index probe per recipient."""
    return query.outerjoin(
        SubscriptionQuota,
        and_(
            SubscriptionQuota.person_id == Person.id,
            SubscriptionQuota.template_id == template_id,
            or_(SubscriptionQuota.remaining > 0, SubscriptionQuota.long_term.is_(True)),
        ),
    )


def _reachable() -> ColumnElement[bool]:
    """The person has an openid and (joined by `_with_quota`) a quota for the template."""
    return and_(Person.openid.is_not(None), SubscriptionQuota.person_id.is_not(None))


def person_ids(audience: CheckedAudience) -> Select[Any]:
    """One column, `person_id`, possibly repeated: the active members of the reached households
    and the named persons (exclusions of persons are applied by the caller)."""
    reached = households(audience).subquery()
    members = select(Membership.person_id).where(
        Membership.status == MembershipStatus.active,
        Membership.household_id.in_(select(reached.c.id)),
    )
    if not audience.spec.persons:
        return members
    named_person = aliased(Person)  # not the outer query's `persons`: no correlation
    named = select(named_person.id.label("person_id")).where(
        named_person.id.in_(audience.spec.persons)
    )
    return union_all(members, named)  # type: ignore[return-value]


def preview_query(audience: CheckedAudience, template_id: str) -> Select[Any]:
    """One statement, one row: (households, persons, WeChat-reachable). The persons are read
    from `persons` filtered by `id IN (…)`, a semi-join: a person in two reached households
    counts once without grouping the recipients, and the household count is a scalar subquery
    over the same `households()` set — the shape of the bare hand-written query."""
    reached = households(audience).subquery()
    n_households = select(func.count()).select_from(reached).scalar_subquery()
    query = _with_quota(
        select(n_households, func.count(), func.count(case((_reachable(), 1)))), template_id
    )
    query = query.select_from(Person).where(Person.id.in_(person_ids(audience)))
    if audience.spec.exclude.persons:
        query = query.where(Person.id.not_in(audience.spec.exclude.persons))
    return query


async def preview(session: AsyncSession, audience: CheckedAudience, template_id: str) -> Preview:
    row = (await session.execute(preview_query(audience, template_id))).one()
    return Preview(int(row[0] or 0), int(row[1]), int(row[2]))


def delivery_rows(
    audience: CheckedAudience, bulletin_id: str, template_id: str, due_at: datetime
) -> Select[Any]:
    """The SELECT feeding `INSERT INTO deliveries`: channel and status from openid and quota,
    the village from the household's micro-grid → grid → village chain (equi-joins)."""
    people = recipients(audience).subquery()
    a0, a1, a2 = aliased(Area), aliased(Area), aliased(Area)
    village = case(
        (a0.level == AreaLevel.village, a0.id),
        (a1.level == AreaLevel.village, a1.id),
        (a2.level == AreaLevel.village, a2.id),
        else_=None,
    )
    reachable = _reachable()
    query = (
        select(
            literal(bulletin_id, String(26)),
            people.c.person_id,
            people.c.household_id,
            village,
            case((reachable, "wechat"), else_="feed"),
            case((reachable, str(DeliveryStatus.pending)), else_=str(DeliveryStatus.no_quota)),
            literal(0),
            literal(due_at, UTCDateTime()),
        )
        .select_from(people)
        .join(Person, Person.id == people.c.person_id)
        .outerjoin(Household, Household.id == people.c.household_id)
        .outerjoin(a0, a0.id == Household.area_id)
        .outerjoin(a1, a1.id == a0.parent_id)
        .outerjoin(a2, a2.id == a1.parent_id)
    )
    return _with_quota(query, template_id)


DELIVERY_COLUMNS = (
    "bulletin_id",
    "person_id",
    "household_id",
    "village_id",
    "channel",
    "status",
    "attempts",
    "due_at",
)


async def create_deliveries(
    session: AsyncSession,
    audience: CheckedAudience,
    bulletin_id: str,
    template_id: str,
    due_at: datetime,
) -> int:
    """INSERT … SELECT every delivery row of the bulletin; returns how many."""
    statement = insert(Delivery).from_select(
        list(DELIVERY_COLUMNS), delivery_rows(audience, bulletin_id, template_id, due_at)
    )
    result = await (await session.connection()).execute(statement)
    if result.rowcount >= 0:
        return int(result.rowcount)
    # Some drivers report no rowcount for INSERT … SELECT: count what is there.
    made = select(func.count()).where(Delivery.bulletin_id == bulletin_id)
    return int(await session.scalar(made) or 0)
