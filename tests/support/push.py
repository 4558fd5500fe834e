"""What WeChat does with a message-push event in plain mode: the event as JSON, the query signed
with the console's token (sha1 of the sorted token, timestamp and nonce)."""

from __future__ import annotations

import hashlib

from jinghutong.core import clock


async def post_plain_event(client, app, event: dict, nonce: str = "nonce-1") -> None:
    token = app.state.settings.wechat.push_token.get_secret_value()
    timestamp = str(int(clock.now().timestamp()))
    signature = hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()
    params = {"signature": signature, "timestamp": timestamp, "nonce": nonce}
    response = await client.post("/wechat/push", params=params, json=event)
    assert (response.status_code, response.text) == (200, "success")
