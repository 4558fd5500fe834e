"""值班台: the live list, the map from our own coordinates, dispatch to the nearest 联户长."""

from __future__ import annotations

import re
from datetime import timedelta

from jinghutong.core import clock
from support.console import csrf_of

NEAR_FIRST = {"lat": "29.6012", "lng": "118.9011"}


async def _dispatch(browser, **form: str):
    token = csrf_of((await browser.get("/desk")).text)
    body = {"summary": "夫妻吵架，邻居报警", "kind": "dispute", **NEAR_FIRST, **form}
    return await browser.http.post(
        "/console/desk/dispatch", data=body, headers={"HX-Request": "true", "X-CSRF-Token": token}
    )


async def test_the_desk_draws_the_villages_and_micro_grids_from_our_coordinates(console_login):
    duty = await console_login("zhiban")

    page = (await duty.get("/desk")).text

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('class="village"') == 2 and svg.count('class="mg"') == 2
    assert "上坊" in svg and "桐坑源" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")  # no tiles
    assert 'id="dispatch-form"' in page
    assert re.search(r'<option value="\w+" data-lat="29.6" data-lng="118.9">上坊村</option>', page)


async def test_a_dispatch_goes_to_the_nearest_leader_and_says_who(console_login, station):
    duty = await console_login("zhiban")

    response = await _dispatch(duty, address="下坞12号")

    assert response.status_code == 200, response.text
    assert "联户长 叶建国" in response.text and "上坊村第1微网格" in response.text
    assert response.headers["HX-Trigger"] == "jht-dispatched"
    feed = await duty.get("/desk/feed")
    assert "夫妻吵架，邻居报警" in feed.text and "叶建国" in feed.text
    assert "上坊村第1微网格" in feed.text  # the row names the place


async def test_the_far_village_goes_to_its_own_leader(console_login):
    duty = await console_login("zhiban")
    response = await _dispatch(duty, lat="29.7008", lng="119.0009")
    assert "联户长 余水英" in response.text


async def test_new_rows_since_the_page_opened_are_marked(console_login):
    duty = await console_login("zhiban")
    opened = clock.now()
    clock.advance(timedelta(seconds=5))
    await _dispatch(duty)

    marked = await duty.get("/desk/feed", params={"since": opened.isoformat()})
    unmarked = await duty.get(
        "/desk/feed", params={"since": (clock.now() + timedelta(seconds=1)).isoformat()}
    )

    assert "badge-new" in marked.text and "data-fresh" in marked.text
    assert "badge-new" not in unmarked.text


async def test_an_overdue_dispatch_is_marked_on_the_desk(console_login):
    duty = await console_login("zhiban")
    await _dispatch(duty)
    clock.advance(timedelta(minutes=6))  # the 联户长 had 5 minutes to take it
    feed = await duty.get("/desk/feed")
    assert "超时" in feed.text


async def test_a_dispatch_needs_a_place_and_a_summary(console_login):
    duty = await console_login("zhiban")

    no_place = await _dispatch(duty, lat="", lng="")
    no_summary = await _dispatch(duty, summary="")
    too_long = await _dispatch(duty, summary="吵" * 2001)
    not_a_number = await _dispatch(duty, lat="北纬29度")

    assert no_place.status_code == 422 and "请在地图上点一下事发位置" in no_place.text
    assert no_summary.status_code == 422 and "警情摘要" in no_summary.text
    assert too_long.status_code == 422 and "警情摘要" in too_long.text
    assert not_a_number.status_code == 422 and "位置" in not_a_number.text
    assert no_place.headers["HX-Retarget"] == "#flash"
    assert "联户长" not in (await duty.get("/desk/feed")).text


async def test_an_area_officer_watches_the_desk_but_the_service_refuses_their_dispatch(
    console_login,
):
    officer = await console_login("minjing")

    page = (await officer.get("/desk")).text
    response = await _dispatch(officer)

    assert 'id="dispatch-form"' not in page and "派警由值班室或所长操作" in page
    assert response.status_code == 403
    assert "只有值班室可以派警" in response.text  # the dispatch service's own words


async def test_an_officer_sees_only_their_villages_on_the_desk(console_login):
    duty = await console_login("zhiban")
    await _dispatch(duty, summary="上坊村的事")
    await _dispatch(duty, summary="桐坑源村的事", lat="29.7008", lng="119.0009")
    officer = await console_login("minjing")

    feed = (await officer.get("/desk/feed")).text
    svg = (await officer.get("/desk")).text

    assert "上坊村的事" in feed and "桐坑源村的事" not in feed
    assert "桐坑源" not in svg[svg.index("<svg") : svg.index("</svg>")]


async def test_roles_without_the_desk_get_the_403_page_and_no_menu_entry(console_login):
    for username in ("cunjing", "guanli"):
        browser = await console_login(username)
        response = await browser.get("/desk")
        assert response.status_code == 403, username
        assert "您的岗位无权打开「值班台」页面" in response.text
        menu = response.text[response.text.index('class="menu"') :]
        assert 'href="/console/desk"' not in menu
    police_menu = (await (await console_login("cunjing")).get("/cases")).text
    assert 'href="/console/cases"' in police_menu
