"""The categories and their mapping: read by any staff member, changed by the admin.

A change of the mapping does not silently rewrite history: by default it applies to 警情
imported or re-imported from then on and to cases whose trail moves after it (the mirror
recomputes a case when something happens to it); the answer says how many existing 警情
were decided by the old row. With `apply_to_history` the same call also moves those 警情 to
the new category — and the rollup with them, −1 old, +1 new, in the same transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.audit.service import record
from jinghutong.core.errors import ValidationFailed
from jinghutong.models import CaseKind, CategoryMapping, DisputeCategory, HazardKind, Person
from jinghutong.statistics.incidents import auth
from jinghutong.statistics.incidents.categories import (
    CASE,
    CATEGORIES,
    DISPUTE,
    HAZARD,
    IMPORTED,
    SOURCE_NAMES,
    category_name,
    normalize_text,
)
from jinghutong.statistics.incidents.history import apply_to_history, decided_count
from jinghutong.statistics.incidents.repository import MappingRepository
from jinghutong.statistics.incidents.schemas import (
    CategoriesOut,
    CategoryOut,
    MappingChangeOut,
    MappingIn,
    MappingRowOut,
)

VALID_DEFINITION = (
    "有效警情 = 刑事 + 治安 + 交通 + 火警 + 纠纷 + 群众求助 + 举报投诉 + 其他；无效报警不计入"
)
_CASE_KEYS = {*CaseKind, *(f"{CaseKind.clue}:{o}" for o in ("valid", "caught", "invalid"))}
_KINDS: dict[str, set[str]] = {
    CASE: _CASE_KEYS,
    DISPUTE: set(DisputeCategory),
    HAZARD: set(HazardKind),
}


class UnknownKind(ValidationFailed):
    detail = "这个来源中没有这种类别"


def row_out(row: CategoryMapping) -> MappingRowOut:
    return MappingRowOut(
        source=row.source,
        source_name=SOURCE_NAMES.get(row.source, row.source),
        kind=row.kind,
        category=row.category,
        category_name=category_name(row.category),
        note=row.note,
    )


async def categories(session: AsyncSession, person: Person) -> CategoriesOut:
    await auth.require_staff(session, person)
    rows = await MappingRepository(session).all()
    return CategoriesOut(
        categories=[CategoryOut(code=c.code, name=c.name, valid=c.valid) for c in CATEGORIES],
        valid_definition=VALID_DEFINITION,
        mapping=[row_out(r) for r in rows],
    )


def _kind(body: MappingIn) -> str:
    if body.source == IMPORTED:
        kind = normalize_text(body.kind)
        if not kind:
            raise UnknownKind(fields={"kind": "不能为空"})
        return kind
    if body.kind not in _KINDS[body.source]:
        allowed = "、".join(sorted(_KINDS[body.source]))
        raise UnknownKind(
            f"{SOURCE_NAMES[body.source]}中没有「{body.kind}」，可选：{allowed}",
            fields={"kind": "无此类别"},
        )
    return body.kind


async def change_mapping(
    session: AsyncSession, person: Person, body: MappingIn
) -> MappingChangeOut:
    await auth.require_mapping_admin(session, person)
    kind = _kind(body)
    row = await MappingRepository(session).get_for_update(body.source, kind)
    previous = row.category if row is not None else None
    if row is None:
        row = CategoryMapping(source=body.source, kind=kind, category=body.category, note=body.note)
        session.add(row)
    else:
        row.category, row.note = body.category, body.note
    await session.flush()
    existing = await decided_count(session, body.source, kind, body.category)
    moved = (
        await apply_to_history(session, body.source, kind, body.category)
        if body.apply_to_history
        else 0
    )
    await record(
        session,
        actor_id=person.id,
        action="change_incident_mapping",
        subject_type="incident_category_map",
        subject_id=f"{body.source}:{kind}"[:40],
        detail={
            "source": body.source,
            "kind": kind,
            "from": previous,
            "to": body.category,
            "moved": moved,
            "existing": existing,
        },
    )
    return MappingChangeOut(
        row=row_out(row),
        previous_category=previous,
        existing_incidents=existing,
        moved=moved,
        effect=_effect(body, existing, moved),
    )


def _effect(body: MappingIn, existing: int, moved: int) -> str:
    new = category_name(body.category)
    if body.source in (DISPUTE, HAZARD):
        source = SOURCE_NAMES[body.source]
        return f"已保存：{source}的这一类在统计中注明按「{new}」计；登记本身不单独计入警情"
    if body.apply_to_history:
        return f"已保存，并把已有的 {moved} 条警情改为「{new}」，日汇总已同步调整"
    return (
        f"已保存：今后导入、重新导入的 110 警情和此后有新动态的案件按「{new}」统计。"
        f"已有 {existing} 条警情按原类别统计，未自动改写；如需改写，请勾选“同时改写已有警情”"
        "再保存一次，或重新导入原始表格"
    )
