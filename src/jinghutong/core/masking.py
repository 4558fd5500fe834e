"""Masks for personal information shown on the wire (PIPL: minimum necessary)."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str | None:
    if not phone:
        return None
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_name(name: str | None) -> str | None:
    """张三 → 张*, 欧阳娜娜 → 欧***; keeps the family name a neighbour would recognise."""
    if not name:
        return name
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name


def mask_id_number(id_number: str | None) -> str | None:
    if not id_number:
        return None
    if len(id_number) < 8:
        return "*" * len(id_number)
    return f"{id_number[:3]}{'*' * (len(id_number) - 7)}{id_number[-4:]}"
