"""The 光荣榜 tests' world: the governance world (support/governance.py) with points earned in the
fourth quarter of 2026 (and some before it, and some spent), and reading PDFs back."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from jinghutong.models import Person
from support.factories import join, make_person
from support.governance import GovernanceWorld, make_governance_world
from support.rewards import Q4, award
from support.rewards import moment as at


@dataclass
class BoardWorld:
    gov: GovernanceWorld
    neighbour: Person  # 叶春生, of h2 (the same micro-grid as the leader)
    far: Person  # 方有才, of h3 in the other village


@pytest.fixture
async def board(session, emulator, device) -> BoardWorld:
    gov = await make_governance_world(session, emulator)
    neighbour = await make_person(session, "叶春生", openid="o-lb-neighbour")
    await join(session, neighbour, gov.h2)
    far = await make_person(session, "方有才", openid="o-lb-far")
    await join(session, far, gov.h3)
    # 余春花 the 联户长: the domestic dispute (20) and a valid clue (30) this quarter → 50.
    await award(session, gov.leader, 20, "dispatch:c1", created_at=at("2026-10-08"))
    await award(session, gov.leader, 30, "clue:c2", event_kind="clue_valid", created_at=at(Q4))
    # …and a redemption this quarter: spending is not earning.
    await award(
        session,
        gov.leader,
        -30,
        "redemption:r1",
        event_kind="redemption",
        source_type="redemption",
        reason="兑换洗衣粉",
        created_at=at("2026-11-20"),
    )
    # 叶土根: a hazard (10) and a claim (20) this quarter → 30; a big one last quarter.
    await award(
        session,
        gov.villager,
        10,
        "hazard:h1",
        event_kind="hazard_confirmed",
        created_at=at("2026-10-20"),
    )
    await award(
        session, gov.villager, 20, "claim:k1", event_kind="claim", created_at=at("2026-12-01")
    )
    await award(
        session,
        gov.villager,
        100,
        "caught:c3",
        event_kind="caught_in_act",
        created_at=at("2026-09-30"),
    )
    # 叶春生: a commendation (40) and a deduction for a false report (−15) → 25.
    await award(
        session, neighbour, 40, "manual:m1", event_kind="manual", created_at=at("2026-10-15")
    )
    await award(
        session, neighbour, -15, "manual:m2", event_kind="manual", created_at=at("2026-10-16")
    )
    # 方有才 in the other village: 15 visits' worth.
    await award(
        session, far, 15, "visit:v1", event_kind="visit_recorded", created_at=at("2026-11-01")
    )
    return BoardWorld(gov, neighbour, far)


class Pdf:
    @staticmethod
    def pages(content: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]

    @staticmethod
    def renders(content: bytes) -> bytes:
        """The first page as a printer's rendering (poppler) would draw it: PNG bytes."""
        if shutil.which("pdftoppm") is None:
            pytest.skip("pdftoppm not installed: apt-get install poppler-utils")
        return subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout


@pytest.fixture
def pdf() -> type[Pdf]:
    return Pdf
