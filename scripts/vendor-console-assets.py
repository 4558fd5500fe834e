#!/usr/bin/env python3
"""Refresh the console's vendored browser libraries (src/jinghutong/console/static/vendor/).

The console is server-rendered (Jinja2) with htmx for the live parts and ECharts for charts.
Their files are committed at pinned versions so that `pip install -e . && jinghutong serve`
serves the console with no Node.js, no build step and no network at install time. This script
is how they are refreshed: it asks npm (the ordinary client, the configured registry) for each
pinned tarball with `npm pack`, refuses a tarball whose sha256 differs from the pin below, and
writes the listed files. To move to a new version, change the version and the pin together
(`npm pack NAME@VERSION` prints the file; `sha256sum` it), run this script, look at the
console, and commit the script and the files in one commit.

    python scripts/vendor-console-assets.py          # write the files
    python scripts/vendor-console-assets.py --check  # exit 1 when a committed file differs
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src/jinghutong/console/static/vendor"

# name, version, sha256 of the npm tarball, {path inside the tarball: file written}.
# htmx stays on the 2.x line: 4.x changed attribute inheritance (hx-headers on <body> is no
# longer inherited without `:inherited`) and the event names, and the console relies on both.
PINS: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    (
        "htmx.org",
        "2.0.11",
        "165a2655073e9e6e55e307a7c74e8ebcdb76afb7701f9c16cfd106a13add408e",
        {"package/dist/htmx.min.js": "htmx.min.js", "package/LICENSE": "htmx.LICENSE.txt"},
    ),
    (
        "echarts",
        "6.1.0",
        "681aff88cc1038c3fa941a3a53d1b177a52250b05335efc607d6105ae13be481",
        {
            "package/dist/echarts.min.js": "echarts.min.js",
            "package/LICENSE": "echarts.LICENSE.txt",
            "package/NOTICE": "echarts.NOTICE.txt",
        },
    ),
)


def _pack(name: str, version: str, into: Path) -> Path:
    out = subprocess.run(  # noqa: S603 - npm, with our pinned names
        ["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(into)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return into / out.stdout.strip().splitlines()[-1]


def _files(name: str, version: str, pin: str, wanted: dict[str, str], tmp: Path) -> dict:
    tarball = _pack(name, version, tmp)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != pin:
        sys.exit(f"{name}@{version}: sha256 {digest} is not the pinned {pin}; nothing written")
    files: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for inside, target in wanted.items():
            member = tar.extractfile(inside)
            if member is None:
                sys.exit(f"{name}@{version}: {inside} is missing from the tarball")
            files[target] = member.read()
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    VENDOR.mkdir(parents=True, exist_ok=True)
    differ = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, version, pin, wanted in PINS:
            for target, content in _files(name, version, pin, wanted, Path(tmp)).items():
                path = VENDOR / target
                if args.check:
                    if not path.exists() or path.read_bytes() != content:
                        differ.append(target)
                    continue
                path.write_bytes(content)
                print(f"{name}@{version} → {path.relative_to(VENDOR.parents[4])}")
    if differ:
        print("differs from the pins:", ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
