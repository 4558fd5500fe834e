"""bench/statistics.py --small runs and finds the figures EQUAL to a bare GROUP BY over the
raw incidents, for the province and a village, by category, village and month (PostgreSQL
only: the bench generates its province with PostgreSQL's SQL). No timing is asserted: speed
belongs to the bench's own output (bench/README.md)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import make_url

from jinghutong.core.migrate import project_root

URL = os.environ.get("JHT_TEST_DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not URL.startswith("postgresql"), reason="the bench needs PostgreSQL (JHT_TEST_DATABASE_URL)"
)


def test_the_small_bench_finds_the_figures_equal_to_the_bare_group_by():
    # A scratch database beside the suite's: the bench wipes, migrates and drops its own.
    url = make_url(URL)
    scratch = url.set(database=f"{url.database}_bench").render_as_string(hide_password=False)
    root = project_root()
    done = subprocess.run(
        [sys.executable, str(root / "bench" / "statistics.py"), "--small", "--repeat", "1",
         "--database-url", scratch],
        capture_output=True, text=True, timeout=900, cwd=root, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if " by " in line]
    asked = [" ".join(line.split()[:3]) for line in lines]
    assert asked == [  # the whole years, then a period with ragged months
        f"{area} by {kind}"
        for _ in range(2)
        for area in ("province", "village")
        for kind in ("category", "village", "month")
    ]
    assert all(line.endswith("· EQUAL") for line in lines), done.stdout
    assert "figures EQUAL to the bare GROUP BY" in done.stdout
    assert "200,000 incidents" in done.stdout
