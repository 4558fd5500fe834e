"""A village with a 联户长, its officers and a few households, and helpers for reading PDFs."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from jinghutong.models import Household, Person, Role
from support.auth import bearer, password_login
from support.factories import (
    STAFF_PASSWORD,
    Tree,
    grant,
    make_household,
    make_person,
    make_tree,
)


@dataclass
class Village:
    tree: Tree
    leader: Person
    other_leader: Person
    officer: Person
    auxiliary: Person
    village_police: Person
    villager: Person
    households: list[Household]


@pytest.fixture
async def village(session) -> Village:
    tree = await make_tree(session)
    leader = await make_person(session, "方建国", username="leader1", phone="13905710001")
    other = await make_person(session, "周秀兰", username="leader2", phone="13905710002")
    officer = await make_person(session, "汪志强", username="mj01", phone="13805719001")
    auxiliary = await make_person(session, "鲍立新", username="fj01", phone="13805719002")
    cunjing = await make_person(session, "程小燕", username="cj01", phone="13805719003")
    villager = await make_person(session, "邵大伯", username="villager1")
    await grant(session, leader, Role.group_leader, tree.micro_grid)
    await grant(session, other, Role.group_leader, tree.other_micro_grid)
    await grant(session, officer, Role.area_officer, tree.village)
    await grant(session, auxiliary, Role.auxiliary_officer, tree.village)
    await grant(session, cunjing, Role.village_police, tree.village)
    homes = [
        await make_household(session, tree.micro_grid, "上坊村下坞12号", "方桂英"),
        await make_household(session, tree.micro_grid, "上坊村下坞3号", "余德明"),
        await make_household(session, tree.micro_grid, "上坊村上坞7号", "欧阳娜娜"),
    ]
    await make_household(session, tree.other_micro_grid, "桐坑源村1号", "周明")
    return Village(tree, leader, other, officer, auxiliary, cunjing, villager, homes)


Fetch = Callable[[Person | None, str], Awaitable[httpx.Response]]


@pytest.fixture
def fetch(client: httpx.AsyncClient) -> Fetch:
    """GET a path under /api/v1 as a person (None: without a token)."""
    tokens: dict[str, dict[str, str]] = {}

    async def get(person: Person | None, path: str) -> httpx.Response:
        headers: dict[str, str] = {}
        if person is not None:
            assert person.username, "log in needs a username"
            if person.id not in tokens:
                login = await password_login(client, person.username, STAFF_PASSWORD)
                tokens[person.id] = bearer(login)
            headers = tokens[person.id]
        return await client.get("/api/v1" + path, headers=headers)

    return get


class Pdf:
    """Reading a PDF back: its text (pypdf) and the QR codes a printer's rendering shows."""

    @staticmethod
    def pages(content: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]

    @staticmethod
    def text(content: bytes) -> str:
        return "\n".join(Pdf.pages(content))

    @staticmethod
    def subject(content: bytes) -> str:
        meta = PdfReader(io.BytesIO(content)).metadata
        return str(meta.subject if meta else "")

    @staticmethod
    def qr_codes(content: bytes, page: int = 1, dpi: int = 200) -> list[str]:
        """Render one page the way a printer would (poppler) and decode every QR code on it."""
        if shutil.which("pdftoppm") is None:
            pytest.skip("pdftoppm not installed: apt-get install poppler-utils")
        png = subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-"],
            input=content,
            capture_output=True,
            check=True,
        ).stdout
        image = Image.open(io.BytesIO(png))
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        return [r.text for r in found]


@pytest.fixture
def pdf() -> type[Pdf]:
    return Pdf
