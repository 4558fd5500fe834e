"""Helpers for the backup tests: a deployment of its own (data dir, database), a server on it
in-process, and a writer that keeps committing while a backup runs."""

from __future__ import annotations

import io
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import httpx
from PIL import Image

from jinghutong.app import create_app
from jinghutong.core.config import Settings, WechatSettings
from jinghutong.core.db import Database
from support.auth import bearer, wechat_login

TEST_SECRET = "test-secret-key-for-the-suite-only-0123456789"


def deployment(data_dir: Path, emulator_url: str, database_url: str | None = None) -> Settings:
    return Settings(
        env="test",
        data_dir=data_dir,
        database_url=database_url,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        redis_url=None,
        wechat=WechatSettings(api_base=emulator_url),
    )


@asynccontextmanager
async def served(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app on this deployment, reached over ASGI (its own database, its own media)."""
    database = Database(settings.resolved_database_url)
    app = create_app(settings, database=database, mount_emulator=False)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        ) as client:
            yield client
    finally:
        await app.state.wechat.aclose()
        await database.dispose()


def photo(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 32), colour).save(out, format="JPEG")
    return out.getvalue()


async def upload_photo(client: httpx.AsyncClient, device, openid: str, colour) -> tuple[dict, str]:
    """A villager logs in and uploads one photo. Returns (login, media id)."""
    login = await wechat_login(client, device, openid)
    response = await client.post(
        "/api/v1/media",
        headers=bearer(login),
        files={"file": ("p.jpg", photo(colour), "image/jpeg")},
        data={"kind": "image"},
    )
    assert response.status_code == 201, response.text
    return login, str(response.json()["id"])


async def media_bytes(client: httpx.AsyncClient, login: dict, media_id: str) -> bytes:
    """What the phone gets: the expiring link the API hands out, then its bytes."""
    response = await client.get(f"/api/v1/media/{media_id}", headers=bearer(login))
    assert response.status_code == 307, response.text
    link = response.headers["location"].removeprefix("http://127.0.0.1:8000")
    fetched = await client.get(link)
    assert fetched.status_code == 200, fetched.text
    return fetched.content


class PairWriter:
    """Commits transactions of two rows each (jobs of kind bk.a and bk.b) until stopped, on its
    own connection: a consistent copy holds as many a's as b's."""

    def __init__(self, commit_pair: Callable[[int], None]) -> None:
        self.commit_pair = commit_pair
        self.committed = 0
        self._stop = threading.Event()
        self.warmed = threading.Event()  # WARM_UP pairs are in
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self.commit_pair(self.committed)
                self.committed += 1
                if self.committed >= WARM_UP:
                    self.warmed.set()
        except BaseException as exc:  # surfaced by stop()
            self.error = exc

    def start(self) -> PairWriter:
        self._thread.start()
        return self

    def wait_warm(self) -> int:
        """Block until the writer is under way; returns how many pairs it committed."""
        assert self.warmed.wait(timeout=30), self.error
        return self.committed

    def stop(self) -> int:
        self._stop.set()
        with suppress(RuntimeError):
            self._thread.join(timeout=30)
        if self.error is not None:
            raise self.error
        return self.committed


WARM_UP = 20
PAIR_SQL = (
    "INSERT INTO jobs (id, kind, payload, state, due_at, attempts, created_at) "
    "VALUES ({p}, {p}, '{{}}', 'done', {p}, 0, {p})"
)
