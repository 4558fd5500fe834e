"""`jinghutong backup` and `jinghutong restore` (docs/operations.md).

One backup is one folder (or the same folder as a .tar.gz): `manifest.json`, the database
(`database.sqlite` — SQLite's online backup API, consistent while the server writes — or
`database.dump` — `pg_dump -Fc`), and on a local media store `media/` with `media.sha256`
(one `sha256sum` line per file). Media on S3 stay in the bucket, whose versioning keeps them."""

from jinghutong.ops.backup.errors import BackupError
from jinghutong.ops.backup.service import BackupReport, RestoreReport, make_backup, restore_backup

__all__ = ["BackupError", "BackupReport", "RestoreReport", "make_backup", "restore_backup"]
