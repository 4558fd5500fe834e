"""Declarative base: one MetaData with a naming convention so migrations name constraints the
same way on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import MetaData, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from jinghutong.core.clock import now
from jinghutong.core.ids import new_id
from jinghutong.core.sqltypes import ID, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def __init__(self, **values: Any) -> None:
        """The default keyword constructor, faster. Every mapped attribute in this project is
        a plain column (no relationships, validators or mutable types), so a new object's
        values go straight into its dict, where the flush reads them; setting each through
        its instrumentation cost more CPU than writing the row (a case report builds four
        objects). Anything that is not a column is set as usual."""
        columns = _column_keys(type(self))
        state = self.__dict__
        for key, value in values.items():
            if key in columns:
                state[key] = value
            elif hasattr(type(self), key):
                setattr(self, key, value)
            else:
                raise TypeError(f"{key!r} is an invalid keyword argument for {type(self).__name__}")


@cache
def _column_keys(model: type[Base]) -> frozenset[str]:
    return frozenset(attribute.key for attribute in inspect(model).column_attrs)


class IdMixin:
    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)


class CreatedMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
