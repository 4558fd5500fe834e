#!/usr/bin/env python3
"""Screenshots of the console's pages (PNG, 1366×768) into docs/console/.

They are taken by the browser tests (tests/console/browser/), which log in to a live
`jinghutong serve` on the demo station as the duty room and a 村警 and walk through each page;
this script runs them with JHT_CONSOLE_SCREENSHOTS pointing at docs/console/. Needs Chromium at
/usr/bin/chromium (apt-get install chromium) and the test extras (pip install -e '.[test]').
Look at the pictures before committing them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    target = ROOT / "docs" / "console"
    env = {k: v for k, v in os.environ.items() if k != "JHT_TEST_DATABASE_URL"}
    env["JHT_CONSOLE_SCREENSHOTS"] = str(target)
    command = [sys.executable, "-m", "pytest", "-q", "tests/console/browser", *sys.argv[1:]]
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 - our own pytest
    if done.returncode == 0:
        for picture in sorted(target.glob("*.png")):
            print(picture.relative_to(ROOT))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
