"""The retention sweep on S3 (moto's S3 server stands in for MinIO): the objects of purged
media are deleted from the bucket, the others stay."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from jinghutong.core import clock
from jinghutong.integrations.storage import Storage
from jinghutong.models import CheckStatus, Media
from jinghutong.retention.service import sweep
from support.retention import station
from support.s3 import moto_s3

BUCKET = "jht-retention"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_s3(BUCKET) as endpoint:
        yield endpoint


async def test_purged_objects_leave_the_bucket(
    client, device, app, session, s3_endpoint, monkeypatch
):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    s = await station(client, device, session)
    bucket = Storage.from_url(f"s3://{BUCKET}?endpoint={s3_endpoint}&region=us-east-1")
    local: Storage = app.state.storage
    for media in await session.scalars(select(Media)):  # the same objects, now in the bucket
        await bucket.put(media.storage_key, await local.get(media.storage_key), "image/jpeg")

    swept = await sweep(session, bucket, app.state.settings.retention, clock.now())

    assert swept.media == 2
    for which, media_id in s.media.items():
        key = s.keys[media_id]
        purged = which in ("old_closed", "old_letter")
        assert await bucket.exists(key) is not purged, which
        session.expunge_all()
        status = (await session.get(Media, media_id)).check_status
        assert (status == CheckStatus.purged) is purged
