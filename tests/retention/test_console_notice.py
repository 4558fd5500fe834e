"""The console's case page after the retention sweep: the purged photo is listed as 已过保存期限
with no link; a photo still kept is shown."""

from __future__ import annotations

from jinghutong.core import clock
from jinghutong.models import Role
from jinghutong.retention.service import sweep
from support.console import ConsoleBrowser
from support.factories import grant, make_person
from support.retention import station


async def test_the_case_page_says_the_photo_is_past_its_period(client, device, app, session):
    s = await station(client, device, session)
    chief = await make_person(session, "王所长", username="chief-retention")
    await grant(session, chief, Role.chief, s.tree.station)
    await sweep(session, app.state.storage, app.state.settings.retention, clock.now())

    browser = ConsoleBrowser(app)
    try:
        assert (await browser.login("chief-retention")).status_code in (200, 303)
        page = await browser.get(f"/cases/{s.old_closed.id}")
        other = await browser.get(f"/cases/{s.recent_closed.id}")
    finally:
        await browser.aclose()
    assert page.status_code == 200, page.text
    assert "照片已过保存期限" in page.text
    assert s.media["old_closed"] not in page.text  # no link to the purged file
    assert "已过保存期限" not in other.text
    assert s.media["recent_closed"] in other.text
