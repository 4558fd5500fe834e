"""The local media folder into the backup and back, each file with its sha256.

Objects are written before their rows and random keys are never reused (media/service.py), so
copying the folder after the database snapshot holds every object the snapshot's rows name —
except ones deleted in between (orphan sweep, retention), which are listed in the manifest as
missing. S3 media are not copied: the bucket's own versioning keeps them."""

from __future__ import annotations

import asyncio
import mimetypes
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinghutong.integrations.storage import Storage
from jinghutong.ops.backup.errors import BackupError
from jinghutong.ops.backup.manifest import MEDIA_DIR, MEDIA_SUMS, sha256_file

S3_NOTE = (
    "S3 上的照片和语音不在备份里：请为存储桶开启版本控制（versioning）并按需设置跨区域复制，"
    "数据库备份里的 storage_key 指向桶里的对象 / media on S3 are not copied: keep versioning "
    "on for the bucket (and replication if wanted); the database's storage keys point into it"
)


def local_root(storage_url: str) -> Path | None:
    """The folder of a file:// store, None for S3."""
    parts = urlsplit(storage_url)
    return Path(unquote(parts.path)) if parts.scheme == "file" else None


@dataclass
class Copied:
    files: int
    bytes: int


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def copy_out(root: Path, folder: Path) -> Copied:
    """Copy every file of the store into folder/media and write folder/media.sha256."""
    out = folder / MEDIA_DIR
    out.mkdir()
    lines, total = [], 0
    for path in _files(root):
        key = path.relative_to(root).as_posix()
        target = out / key
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(path, target)
        except FileNotFoundError:  # deleted since the walk (an orphan sweep): not in the backup
            continue
        lines.append(f"{sha256_file(target)}  {MEDIA_DIR}/{key}\n")
        total += target.stat().st_size
    (folder / MEDIA_SUMS).write_text("".join(lines), encoding="utf-8")
    return Copied(len(lines), total)


def keys_in(folder: Path) -> set[str]:
    return {line.split("  ", 1)[1].strip()[len(MEDIA_DIR) + 1 :] for line in _sum_lines(folder)}


def _sum_lines(folder: Path) -> list[str]:
    path = folder / MEDIA_SUMS
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else []


def verify(folder: Path) -> list[tuple[str, str]]:
    """Every listed file with its key, after checking its sha256 (BackupError on a mismatch)."""
    checked = []
    for line in _sum_lines(folder):
        digest, name = line.split("  ", 1)
        path = folder / name
        if not path.is_file() or sha256_file(path) != digest:
            raise BackupError(
                f"备份中的文件已损坏或缺失 / damaged or missing in the backup: {name}"
            )
        checked.append((name[len(MEDIA_DIR) + 1 :], str(path)))
    return checked


def store_is_empty(storage_url: str) -> bool:
    root = local_root(storage_url)
    return root is None or not _files(root)


def copy_in(folder: Path, storage_url: str) -> int:
    """Put every (checked) file of the backup into the store; returns how many."""
    files = verify(folder)
    root = local_root(storage_url)
    if root is not None:
        for key, path in files:
            target = root / key
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        return len(files)

    async def upload() -> None:  # a local backup restored onto S3 (a station moving up)
        storage = Storage.from_url(storage_url)
        for key, path in files:
            kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
            await storage.put(key, await asyncio.to_thread(Path(path).read_bytes), kind)

    asyncio.run(upload())
    return len(files)
