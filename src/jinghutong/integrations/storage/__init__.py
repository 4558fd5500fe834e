"""One storage API over local files and S3-compatible stores (obstore underneath).

`Storage.from_url(settings.resolved_storage_url)`:
- `file:///abs/dir` — local files under that directory (the default: `./var/media`);
- `s3://bucket[/prefix]?endpoint=http://minio:9000&region=us-east-1` — an S3-compatible bucket.
  Credentials come from the standard AWS environment variables (`AWS_ACCESS_KEY_ID`,
  `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) or from the query (`access_key_id`,
  `secret_access_key`, `session_token`).

Expiring access: S3 stores sign their own URLs (`signed_url`); local files cannot, so
`signed_url` answers None and the caller serves the bytes behind its own HMAC-signed link
(media/links.py)."""

from jinghutong.integrations.storage.store import (
    ObjectMissing,
    Storage,
    StorageError,
    get_storage,
)

__all__ = ["ObjectMissing", "Storage", "StorageError", "get_storage"]
