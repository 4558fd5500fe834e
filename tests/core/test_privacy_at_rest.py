"""Sensitive fields are encrypted in the database and readable only through the model."""

from __future__ import annotations

from sqlalchemy import select, text

from jinghutong.core import crypto
from jinghutong.models import Person
from support.factories import make_person


async def test_phone_is_ciphertext_in_the_table_and_found_by_blind_index(session):
    person = await make_person(session, "汪小红", phone="13757112345")

    raw = (
        await session.execute(
            text("SELECT phone, phone_index FROM persons WHERE id = :id"), {"id": person.id}
        )
    ).one()

    assert "13757112345" not in raw.phone
    assert raw.phone.startswith("v1.")
    assert raw.phone_index == crypto.blind_index("137 5711 2345")
    found = await session.scalar(
        select(Person).where(Person.phone_index == crypto.blind_index("13757112345"))
    )
    assert found is not None and found.phone == "13757112345"


def test_the_same_value_encrypts_differently_each_time():
    assert crypto.encrypt("330127195001011234") != crypto.encrypt("330127195001011234")
    assert crypto.decrypt(crypto.encrypt("330127195001011234")) == "330127195001011234"
