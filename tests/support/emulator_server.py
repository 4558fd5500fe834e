"""The WeChat emulator under real uvicorn in a background thread, on a free 127.0.0.1 port, so
that wechatpy (synchronous requests) and httpx talk to it over real HTTP."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from jinghutong.integrations.wechat.emulator import (
    EMULATOR_APP_ID,
    EMULATOR_APP_SECRET,
    EmulatorState,
    create_emulator_app,
)


@dataclass
class RunningEmulator:
    url: str  # base URL without a trailing slash, e.g. http://127.0.0.1:40123
    state: EmulatorState
    app_id: str
    app_secret: str
    _server: uvicorn.Server
    _thread: threading.Thread

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def start_emulator_server(
    app_id: str = EMULATOR_APP_ID, app_secret: str = EMULATOR_APP_SECRET
) -> RunningEmulator:
    app = create_emulator_app(app_id, app_secret)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="wechat-emulator", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the WeChat emulator did not start")
        time.sleep(0.01)
    return RunningEmulator(
        url=f"http://127.0.0.1:{port}",
        state=app.state.emulator,
        app_id=app_id,
        app_secret=app_secret,
        _server=server,
        _thread=thread,
    )
