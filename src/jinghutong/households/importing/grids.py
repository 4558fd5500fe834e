"""Finding the micro-grid a row names, within the area the file is imported into.

Demo and real names carry the village (桐坑源村第3微网格); a village office often writes only
第3微网格. Both are accepted when they name exactly one micro-grid under the area."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from jinghutong.core.errors import ValidationFailed
from jinghutong.households.register.repository import AreaRepository
from jinghutong.models import Area, AreaLevel


class NoMicroGrids(ValidationFailed):
    detail = "该区域下没有微网格，无法导入；请选择行政村或微网格"


def _key(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace()).lower()


@dataclass
class GridIndex:
    by_name: dict[str, Area] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)

    def add(self, name: str, grid: Area) -> None:
        key = _key(name)
        if key in self.by_name and self.by_name[key].id != grid.id:
            self.ambiguous.add(key)
        self.by_name.setdefault(key, grid)

    def resolve(self, name: str | None, default: Area | None) -> tuple[Area | None, str | None]:
        """The micro-grid, or the Chinese reason there is none."""
        if name is None:
            return (default, None) if default is not None else (None, "必须填写")
        key = _key(name)
        if key in self.ambiguous:
            return None, f"微网格「{name}」在该区域下不止一个，请填写完整名称（含村名）"
        grid = self.by_name.get(key)
        if grid is None:
            return None, f"导入的区域下没有名为「{name}」的微网格"
        return grid, None


async def load_grid_index(session: AsyncSession, area: Area) -> GridIndex:
    areas = AreaRepository(session)
    grids = [area] if area.level == AreaLevel.micro_grid else await areas.under(area, "micro_grid")
    if not grids:
        raise NoMicroGrids(fields={"area_id": NoMicroGrids.detail})
    villages = [a for a in await areas.trail(area) if a.level == AreaLevel.village]
    villages += await areas.under(area, "village")
    index = GridIndex()
    for grid in grids:
        index.add(grid.name, grid)
        for village in villages:
            if grid.path.startswith(village.path) and grid.name.startswith(village.name):
                index.add(grid.name[len(village.name) :], grid)
    return index
