"""The manifest, checksums and the optional .tar.gz wrapping of a backup folder."""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from jinghutong.ops.backup.errors import BackupError

FORMAT = "jinghutong-backup/1"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
MEDIA_SUMS = "media.sha256"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class DatabasePart:
    dialect: str  # sqlite | postgresql
    file: str
    sha256: str
    size: int
    revision: str | None
    tables: dict[str, int]


@dataclass
class MediaPart:
    store: str  # file | s3
    included: bool
    files: int = 0
    bytes: int = 0
    listing_sha256: str | None = None
    # Media rows (not purged) whose object was not in the store when it was copied.
    missing: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Manifest:
    created_at: str
    version: str
    database: DatabasePart
    media: MediaPart
    format: str = FORMAT

    def write(self, folder: Path) -> None:
        text = json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True)
        (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.is_file():
            raise BackupError(f"不是警户通备份（缺少 {MANIFEST}）/ not a backup: {folder}")
        raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            raise BackupError(f"备份格式不认识 / unknown backup format: {raw.get('format')!r}")
        return cls(
            created_at=raw["created_at"],
            version=raw["version"],
            database=DatabasePart(**raw["database"]),
            media=MediaPart(**raw["media"]),
        )


def is_archive(path: Path) -> bool:
    return path.name.endswith(ARCHIVE_SUFFIXES)


def pack(folder: Path, archive: Path) -> None:
    """The folder as one .tar.gz (its top entry is the folder's name)."""
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(folder, arcname=archive.name.removesuffix(".tgz").removesuffix(".tar.gz"))


def unpack(archive: Path) -> tuple[Path, Path]:
    """Extract into a temporary folder (only plain files and folders: the 'data' filter).
    Returns (the backup folder, the temporary root to delete afterwards)."""
    root = Path(tempfile.mkdtemp(prefix="jht-restore-"))
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(root, filter="data")
    except (tarfile.TarError, OSError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise BackupError(f"备份归档无法解开 / cannot read the archive: {exc}") from exc
    found = [p.parent for p in root.rglob(MANIFEST)]
    if len(found) != 1:
        shutil.rmtree(root, ignore_errors=True)
        raise BackupError(f"归档里没有唯一的 {MANIFEST} / no single manifest in {archive}")
    return found[0], root
