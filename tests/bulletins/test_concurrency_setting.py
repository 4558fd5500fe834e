"""JHT_BULLETIN_CONCURRENCY is a setting, and the worker's delivery loop sends with it."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from jinghutong.bulletins.delivery import loop as delivery
from jinghutong.core.config import Settings
from jinghutong.jobs import JobContext


def test_the_default_is_32_and_the_variable_overrides_it(monkeypatch):
    monkeypatch.delenv("JHT_BULLETIN_CONCURRENCY", raising=False)
    assert Settings().bulletin_concurrency == 32

    monkeypatch.setenv("JHT_BULLETIN_CONCURRENCY", "7")
    assert Settings().bulletin_concurrency == 7


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_a_nonsense_value_is_refused_at_start(monkeypatch, value):
    monkeypatch.setenv("JHT_BULLETIN_CONCURRENCY", value)
    with pytest.raises(ValidationError, match="bulletin_concurrency"):
        Settings()


async def test_the_workers_delivery_loop_sends_with_the_setting(app, database, monkeypatch):
    monkeypatch.setenv("JHT_BULLETIN_CONCURRENCY", "5")
    settings = app.state.settings.model_copy(
        update={"bulletin_concurrency": Settings().bulletin_concurrency}
    )
    opened: list[int] = []

    class Recording(delivery.SubscribeSender):
        async def __aenter__(self) -> delivery.SubscribeSender:
            opened.append(self.concurrency)
            return await super().__aenter__()

    monkeypatch.setattr(delivery, "SubscribeSender", Recording)
    stop = asyncio.Event()
    stop.set()  # open the sender, then return at once

    ctx = JobContext(database, {"wechat": app.state.wechat, "settings": settings})
    await delivery.run(ctx, stop)

    assert opened == [5]


def test_an_explicit_concurrency_still_wins(app, database):
    loop = delivery.DeliveryLoop(database, app.state.wechat, app.state.settings, concurrency=2)

    assert loop.sender.concurrency == 2
