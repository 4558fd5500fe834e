"""The console's left menu, by role: one entry per page, in the order the station reads them.

A page is shown to, and may be opened by, whoever holds one of its roles anywhere (the grant's
area then limits what the page's services show, exactly as in the API). A page not built yet
is listed greyed out (`ready=False`) so the station sees the whole console it will get; its
owner sets `ready=True` and adjusts the roles when the page lands."""

from __future__ import annotations

from dataclasses import dataclass

from jinghutong.models import Role

R = Role
OFFICERS = frozenset({R.area_officer, R.auxiliary_officer})


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str  # under /console
    roles: frozenset[str]
    ready: bool = True


MENU: tuple[Page, ...] = (
    Page("desk", "值班台", "/desk", frozenset({R.duty_room, R.chief, *OFFICERS})),
    # cases.auth.READ_ROLES without the 联户长 (who has no console login).
    Page("cases", "案件", "/cases", frozenset({R.village_police, R.duty_room, R.chief, *OFFICERS})),
    # The chief's inbox; whoever a letter may be handed to (petitions OFFICER_ROLES) sees theirs.
    Page(
        "petitions",
        "所长信箱",
        "/petitions",
        frozenset({R.chief, R.village_police, R.duty_room, *OFFICERS}),
    ),
    # Authors (bulletins PUBLISH_ROLES) and the auxiliary officers who read the stats.
    Page(
        "bulletins",
        "警讯",
        "/bulletins",
        frozenset({R.chief, R.admin, R.village_police, *OFFICERS}),
    ),
    Page(
        "households",
        "户籍",
        "/households",
        frozenset({R.admin, R.village_police, R.chief, *OFFICERS}),
    ),
    Page(
        "governance",
        "村级治理",
        "/governance",
        frozenset({R.village_police, R.chief, R.admin, *OFFICERS}),
    ),
    Page(
        "points",
        "积分",
        "/points",
        frozenset({R.village_police, R.chief, R.admin, *OFFICERS}),
    ),
    # Who reads the figures (statistics.figures.auth); importing is the chief's and admin's.
    Page("statistics", "统计", "/statistics", frozenset({R.chief, R.admin, *OFFICERS})),
)

PAGES = {page.key: page for page in MENU}


def pages_for(roles: frozenset[str]) -> list[Page]:
    """The menu one person sees: the pages one of their roles may open."""
    return [page for page in MENU if page.roles & roles]
