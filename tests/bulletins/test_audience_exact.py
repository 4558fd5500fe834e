"""The preview is exact: for every kind of audience the spec supports, its three counts equal a
plain Python reading of the rows (households under the areas, tags, named households and persons,
exclusions; active members only; a person counted once; WeChat-reachable = openid and a usable
quota), and equal the delivery rows the bulletin would get."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from jinghutong.bulletins.audience import resolve
from jinghutong.bulletins.audience.spec import AudienceSpec, CheckedAudience, check
from jinghutong.models import (
    Bulletin,
    Delivery,
    Household,
    HouseholdTag,
    Membership,
    MembershipStatus,
    Person,
    SubscriptionQuota,
)
from jinghutong.notifications.templates import BULLETIN_TEMPLATE
from support.factories import join, make_household, make_person


async def _expected(session, audience: CheckedAudience) -> tuple[int, int, int]:
    """The spec's meaning in Python over every row (spec.py's docstring)."""
    spec = audience.spec
    homes = {h.id: h.area_path for h in (await session.scalars(select(Household))).all()}
    tags: dict[str, set[str]] = {}
    for t in (await session.scalars(select(HouseholdTag))).all():
        tags.setdefault(t.household_id, set()).add(t.tag)

    def under(hid: str, paths: list[str]) -> bool:
        return any(homes[hid].startswith(p) for p in paths)

    def tagged(hid: str, wanted: list[str]) -> bool:
        return bool(tags.get(hid, set()) & set(wanted))

    if spec.combine == "intersect":
        reached = {h for h in homes if under(h, audience.area_paths) and tagged(h, spec.tags)}
    else:
        reached = {h for h in homes if under(h, audience.area_paths)}
        reached |= {
            h for h in homes if spec.tags and under(h, audience.tag_paths) and tagged(h, spec.tags)
        }
    reached |= set(spec.households)
    reached = {
        h
        for h in reached
        if not under(h, audience.exclude_paths)
        and h not in spec.exclude.households
        and not tagged(h, spec.exclude.tags)
    }
    members = (await session.scalars(select(Membership))).all()
    people = {
        m.person_id
        for m in members
        if m.status == MembershipStatus.active and m.household_id in reached
    }
    people = (people | set(spec.persons)) - set(spec.exclude.persons)
    openids = {p.id: p.openid for p in (await session.scalars(select(Person))).all()}
    usable = {
        q.person_id
        for q in (await session.scalars(select(SubscriptionQuota))).all()
        if q.template_id == BULLETIN_TEMPLATE and (q.remaining > 0 or q.long_term)
    }
    reachable = {p for p in people if openids[p] is not None and p in usable}
    return len(reached), len(people), len(reachable)


@pytest.fixture
async def richer(session, world):
    """The bulletin world plus the awkward cases: a person active in two households (one in each
    village), a pending member, a long-term quota at 0 left, a used-up quota, a quota without an
    openid, a quota for another template, a second tag."""
    t = world.tree
    h4 = await make_household(session, t.other_micro_grid, "桐坑源村4号", "方大伯")
    session.add(HouseholdTag(household_id=h4.id, tag="独居老人"))
    session.add(HouseholdTag(household_id=world.h2.id, tag="留守儿童"))
    await join(session, world.p1, world.h3)  # active in both villages
    pending = await make_person(session, "申请人", openid="o-pending")
    await join(session, pending, world.h2, status=MembershipStatus.pending)
    long_term = await make_person(session, "长期订阅", openid="o-long")
    used_up = await make_person(session, "用完了", openid="o-used")
    no_openid = await make_person(session, "无微信")
    other_tmpl = await make_person(session, "别的模板", openid="o-other")
    for person, household in (
        (long_term, h4),
        (used_up, h4),
        (no_openid, world.h2),
        (other_tmpl, h4),
    ):
        await join(session, person, household)
    session.add_all(
        [
            SubscriptionQuota(
                person_id=long_term.id, template_id=BULLETIN_TEMPLATE, remaining=0, long_term=True
            ),
            SubscriptionQuota(person_id=used_up.id, template_id=BULLETIN_TEMPLATE, remaining=0),
            SubscriptionQuota(person_id=no_openid.id, template_id=BULLETIN_TEMPLATE, remaining=3),
            SubscriptionQuota(person_id=other_tmpl.id, template_id="tmpl_other", remaining=5),
        ]
    )
    await session.flush()
    return world, h4, long_term


def _specs(world, h4, long_term) -> dict[str, dict]:
    t = world.tree
    return {
        "village": {"areas": [t.village.id]},
        "station": {"areas": [t.station.id]},
        "two villages": {"areas": [t.village.id, t.other_village.id]},
        "a micro-grid": {"areas": [t.other_micro_grid.id]},
        "tag in scope": {"tags": ["独居老人"]},
        "two tags": {"tags": ["独居老人", "留守儿童"]},
        "area and tag (union)": {"areas": [t.village.id], "tags": ["独居老人"]},
        "tag within areas": {
            "areas": [t.village.id, t.other_village.id],
            "tags": ["独居老人"],
            "combine": "intersect",
        },
        "named households": {"households": [world.h2.id, h4.id]},
        "named persons": {"persons": [world.p3.id, long_term.id]},
        "named person also a member": {
            "areas": [t.village.id],
            "persons": [world.p1.id, world.p3.id],
        },
        "intersect and named": {
            "areas": [t.village.id],
            "tags": ["独居老人"],
            "combine": "intersect",
            "households": [h4.id],
            "persons": [world.p2.id],
        },
        "exclude an area": {"areas": [t.station.id], "exclude": {"areas": [t.other_village.id]}},
        "exclude a household": {"areas": [t.station.id], "exclude": {"households": [world.h1.id]}},
        "exclude a tag": {"areas": [t.station.id], "exclude": {"tags": ["独居老人"]}},
        "exclude persons": {
            "areas": [t.station.id],
            "persons": [long_term.id],
            "exclude": {"persons": [world.p1.id, long_term.id]},
        },
        "everything excluded": {"areas": [t.village.id], "exclude": {"areas": [t.village.id]}},
    }


KINDS = (
    "village",
    "station",
    "two villages",
    "a micro-grid",
    "tag in scope",
    "two tags",
    "area and tag (union)",
    "tag within areas",
    "named households",
    "named persons",
    "named person also a member",
    "intersect and named",
    "exclude an area",
    "exclude a household",
    "exclude a tag",
    "exclude persons",
    "everything excluded",
)


@pytest.mark.parametrize("kind", KINDS)
async def test_the_preview_equals_the_rows_and_the_deliveries(session, richer, kind):
    world, h4, long_term = richer
    specs = _specs(world, h4, long_term)
    assert set(specs) == set(KINDS)
    label, body = kind, specs[kind]
    checked = await check(session, world.chief.id, AudienceSpec.model_validate(body))
    got = await resolve.preview(session, checked, BULLETIN_TEMPLATE)
    expected = await _expected(session, checked)
    assert (got.households, got.persons, got.wechat_reachable) == expected, label

    bulletin = Bulletin(
        category="反诈宣传",
        title=label,
        body="b",
        audience=body,
        reach_path="/",
        author_id=world.chief.id,
    )
    session.add(bulletin)
    await session.flush()
    made = await resolve.create_deliveries(
        session, checked, bulletin.id, BULLETIN_TEMPLATE, datetime.now(UTC)
    )
    rows = (
        await session.scalars(select(Delivery).where(Delivery.bulletin_id == bulletin.id))
    ).all()
    assert made == len(rows) == got.persons, label
    assert len({r.person_id for r in rows}) == got.persons, label
    assert sum(r.channel == "wechat" for r in rows) == got.wechat_reachable, label


async def test_the_station_by_hand(session, richer):
    """The oracle itself, counted by hand: 4 households; p1 (in two of them) once, p2, p3, p4
    and the four newcomers, not the pending member: 8; reachable p1, p3 and the long-term one."""
    world, _, _ = richer
    checked = await check(session, world.chief.id, AudienceSpec(areas=[world.tree.station.id]))
    assert await _expected(session, checked) == (4, 8, 3)
    got = await resolve.preview(session, checked, BULLETIN_TEMPLATE)
    assert (got.households, got.persons, got.wechat_reachable) == (4, 8, 3)
