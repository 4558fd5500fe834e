"""Helpers of the roster tests: logins per role (once each) and request bodies."""

from __future__ import annotations

import httpx

from support.governance import staff_headers, wechat_headers

API = "/api/v1"
WECHAT = {"leader": "o-gov-leader", "villager": "o-gov-villager"}
STAFF = {
    "police": "cj-gov",
    "officer": "mj-gov",
    "chief": "chief-gov",
    "admin": "admin-gov",
    "other_police": "cj-other",
}


class Logins:
    """Headers per role, logged in the way each logs in, on first use."""

    def __init__(self, client: httpx.AsyncClient, device: httpx.AsyncClient) -> None:
        self.client = client
        self.device = device
        self._headers: dict[str, dict[str, str]] = {}

    async def __call__(self, who: str) -> dict[str, str]:
        if who not in self._headers:
            if who in WECHAT:
                headers = await wechat_headers(self.client, self.device, WECHAT[who])
            else:
                headers = await staff_headers(self.client, STAFF[who])
            self._headers[who] = headers
        return self._headers[who]


def member_body(area_id: str, **overrides: object) -> dict:
    body = {
        "area_id": area_id,
        "position": "secretary",
        "name": "方国良",
        "phone": "13857100001",
        "duty_area": "全村",
    }
    return body | overrides


def camera_body(area_id: str, **overrides: object) -> dict:
    body = {
        "area_id": area_id,
        "kind": "xueliang",
        "place": "村口石桥",
        "location": {"lat": 29.61, "lng": 118.93},
        "owner": "村委会",
        "coverage": "进出村的主路和桥面",
        "contact_name": "方国良",
        "contact_phone": "0571-64812345",
    }
    return body | overrides
