"""The duty desk's schematic map: the station's townships, villages and micro-grids placed by
their own coordinates (areas.lat/lng) on an SVG — no map tiles, nothing from the internet.

An equirectangular projection is plenty at a station's scale (617 km²): x grows with longitude
scaled by cos(latitude), y falls with latitude. The SVG carries the projection (data-lat0,
data-lng0, data-kx, data-ky) so that console.js turns a click back into a latitude and
longitude for the dispatch form."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from jinghutong.areas.schemas import MapArea

WIDTH, HEIGHT, PAD = 514, 330, 14


@dataclass(frozen=True)
class Spot:
    x: float
    y: float
    area: MapArea


@dataclass
class MapView:
    lat0: float  # latitude at y = 0
    lng0: float  # longitude at x = 0
    kx: float  # SVG units per degree of longitude
    ky: float  # SVG units per degree of latitude
    width: int = WIDTH
    height: int = HEIGHT
    townships: list[Spot] = field(default_factory=list)
    villages: list[Spot] = field(default_factory=list)
    micro_grids: list[Spot] = field(default_factory=list)

    def xy(self, lat: float, lng: float) -> tuple[float, float]:
        return round((lng - self.lng0) * self.kx, 1), round((self.lat0 - lat) * self.ky, 1)


def build(areas: list[MapArea]) -> MapView | None:
    """The map of these areas, or None when none has coordinates."""
    if not areas:
        return None
    lats = [a.lat for a in areas]
    lngs = [a.lng for a in areas]
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_lat = max(max(lats) - min(lats), 0.01)
    span_lng = max(max(lngs) - min(lngs), 0.01)
    ky = min((HEIGHT - 2 * PAD) / span_lat, (WIDTH - 2 * PAD) / (span_lng * squeeze))
    kx = ky * squeeze
    # Centre the drawing in the frame.
    lng0 = min(lngs) - (WIDTH - span_lng * kx) / 2 / kx
    lat0 = max(lats) + (HEIGHT - span_lat * ky) / 2 / ky
    view = MapView(lat0=lat0, lng0=lng0, kx=kx, ky=ky)
    groups = {"township": view.townships, "village": view.villages, "micro_grid": view.micro_grids}
    for area in areas:
        x, y = view.xy(area.lat, area.lng)
        groups[area.level].append(Spot(x, y, area))
    return view
