"""The console in a real browser: Debian's Chromium (/usr/bin/chromium) driven by Playwright for
Python, against a live `jinghutong serve` on the demo station (tests/support/live_server.py).

Playwright's own browser download fails here and is never run (`playwright install`): the
tests launch the system Chromium by its path, with the flags this machine is known to need.
They skip, saying why, when Chromium or Playwright is missing, and when JHT_TEST_DATABASE_URL
is set: the live server runs on its own SQLite database either way, so the PostgreSQL pass of
the suite would only run them a second time.

Screenshots (PNG, 1366×768) go to $JHT_CONSOLE_SCREENSHOTS when it is set
(scripts/console-screenshots.py sets it to docs/console/), else to a temporary folder."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.live_server import LiveServer, clean_env, serving

CHROMIUM = "/usr/bin/chromium"
# The flags known to work on this kind of machine (its notes, "Known to work"): without the
# background-networking ones Chromium keeps dialling out and the closed network refuses it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}


def _why_skip() -> str | None:
    if os.environ.get("JHT_TEST_DATABASE_URL"):
        return "browser tests run once, in the SQLite pass (the live server has its own SQLite)"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _why_skip()
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


# Module-scoped, not session: the server and the browser end with these tests instead of
# running beside the rest of the suite.
@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data = tmp_path_factory.mktemp("console-live") / "data"
    with serving(data, clean_env()) as server:
        yield server


@pytest.fixture(scope="module")
async def chromium() -> AsyncIterator[Any]:
    # Playwright's async API on the suite's own event loop: the sync API runs a loop of its own
    # in the main thread, which then breaks every async test after it.
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def open_page(chromium: Any, live: LiveServer) -> AsyncIterator[Any]:
    """`await open_page()` → a page in a fresh browser context (its own cookies), 1366×768."""
    contexts: list[Any] = []

    async def new_page() -> Any:
        context = await chromium.new_context(viewport=VIEWPORT, locale="zh-CN", base_url=live.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.script_errors = errors
        return page

    yield new_page
    for context in contexts:
        await context.close()


@pytest.fixture
async def api(live: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    """The live server's API, for what another desk or phone does meanwhile."""
    async with httpx.AsyncClient(base_url=live.url) as client:
        yield client


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("JHT_CONSOLE_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("console-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shoot(screenshots: Path):
    async def take(page: Any, name: str) -> Path:
        path = screenshots / f"{name}.png"
        await page.screenshot(path=str(path))
        return path

    return take
