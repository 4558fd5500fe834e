"""docs/grafana-dashboard.json charts exactly what /metrics exports: every metric a panel names
is in the registry, and every metric in the registry is on the dashboard."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client import Metric

from jinghutong.core.metrics import REGISTRY

DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana-dashboard.json"
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}


def _exported() -> dict[str, Metric]:
    """Sample name → family, for the names a query may use (counters as `_total`,
    histograms by their series)."""
    names: dict[str, Metric] = {}
    for family in REGISTRY.collect():
        for suffix in SUFFIXES.get(family.type, ("",)):
            names[family.name + suffix] = family
    return names


def _queried() -> set[str]:
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs = [t["expr"] for p in board["panels"] for t in p["targets"]]
    assert exprs, "no queries on the dashboard"
    return {name for e in exprs for name in re.findall(r"\bjht_[a-z0-9_]+\b", e)}


def test_every_metric_a_panel_names_is_exported():
    unknown = _queried() - set(_exported())
    assert not unknown, f"the dashboard names metrics we do not export: {sorted(unknown)}"


def test_every_exported_metric_is_on_the_dashboard():
    shown = {_exported()[n].name for n in _queried()}
    families = {f.name for f in REGISTRY.collect()}
    assert families - shown == set(), f"not on the dashboard: {sorted(families - shown)}"


def test_it_is_a_grafana_dashboard_with_a_prometheus_input():
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert board["__inputs"][0]["pluginId"] == "prometheus"
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids))
    for p in board["panels"]:
        assert p["datasource"]["uid"] == "${DS_PROMETHEUS}"
        assert p["type"] in ("timeseries", "stat", "gauge")
