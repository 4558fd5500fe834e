"""`Storage`: put/get/delete bytes by key, and signed URLs where the backend can make them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import obstore
from fastapi import Request
from obstore.exceptions import BaseError, NotFoundError
from obstore.store import LocalStore, S3Store

_S3_QUERY_KEYS = {
    "endpoint": "endpoint",
    "region": "region",
    "access_key_id": "access_key_id",
    "secret_access_key": "secret_access_key",
    "session_token": "session_token",
    "virtual_hosted_style_request": "virtual_hosted_style_request",
}


class StorageError(Exception):
    """The store could not be reached or refused the operation."""


class ObjectMissing(StorageError):
    """No object under that key."""


class Storage:
    """One API over local files and S3. Keys are relative paths (`ab/abcdef….jpg`)."""

    def __init__(self, store: LocalStore | S3Store, *, kind: str, description: str) -> None:
        self._store = store
        self.kind = kind  # "file" | "s3"
        self.description = description  # for logs; never carries credentials

    @classmethod
    def from_url(cls, url: str) -> Storage:
        parts = urlsplit(url)
        if parts.scheme == "file":
            root = Path(unquote(parts.path))
            root.mkdir(parents=True, exist_ok=True)
            return cls(LocalStore(root, mkdir=True), kind="file", description=f"file://{root}")
        if parts.scheme in ("s3", "s3a"):
            return cls._s3(parts.netloc, parts.path.strip("/"), parse_qs(parts.query))
        raise ValueError(f"unsupported storage URL scheme {parts.scheme!r} (file:// or s3://)")

    @classmethod
    def _s3(cls, bucket: str, prefix: str, query: dict[str, list[str]]) -> Storage:
        if not bucket:
            raise ValueError("s3:// storage URL needs a bucket: s3://bucket?endpoint=…")
        config: dict[str, Any] = {}
        for name, values in query.items():
            if name not in _S3_QUERY_KEYS:
                raise ValueError(f"unknown s3 storage option {name!r}")
            config[_S3_QUERY_KEYS[name]] = values[-1]
        if "virtual_hosted_style_request" in config:
            config["virtual_hosted_style_request"] = config["virtual_hosted_style_request"] in (
                "1",
                "true",
            )
        endpoint = str(config.get("endpoint", ""))
        # A person is waiting on an upload: give up in seconds, not obstore's default minutes.
        client_options: dict[str, Any] = {"connect_timeout": "5s", "timeout": "30s"}
        if endpoint.startswith("http://"):
            client_options["allow_http"] = True
        retry = {"max_retries": 3, "retry_timeout": timedelta(seconds=20)}
        store = S3Store(
            bucket,
            prefix=prefix or None,
            client_options=client_options,  # type: ignore[arg-type]
            retry_config=retry,  # type: ignore[arg-type]
            **config,
        )
        where = f"s3://{bucket}/{prefix}" + (f" at {endpoint}" if endpoint else "")
        return cls(store, kind="s3", description=where)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key` (replacing any object there)."""
        attributes = {"Content-Type": content_type} if self.kind == "s3" else None
        try:
            await obstore.put_async(self._store, key, data, attributes=attributes)
        except (BaseError, OSError) as exc:
            raise StorageError(f"put {key}: {type(exc).__name__}") from exc

    async def get(self, key: str) -> bytes:
        try:
            result = await obstore.get_async(self._store, key)
            return bytes(await result.bytes_async())
        except (NotFoundError, FileNotFoundError) as exc:
            raise ObjectMissing(key) from exc
        except (BaseError, OSError) as exc:
            raise StorageError(f"get {key}: {type(exc).__name__}") from exc

    async def delete(self, key: str) -> None:
        """Remove the object; a missing object is not an error (deleting twice is harmless)."""
        try:
            await obstore.delete_async(self._store, key)
        except (NotFoundError, FileNotFoundError):
            return
        except (BaseError, OSError) as exc:
            raise StorageError(f"delete {key}: {type(exc).__name__}") from exc

    async def exists(self, key: str) -> bool:
        try:
            await obstore.head_async(self._store, key)
        except (NotFoundError, FileNotFoundError):
            return False
        except (BaseError, OSError) as exc:
            raise StorageError(f"head {key}: {type(exc).__name__}") from exc
        return True

    async def signed_url(self, key: str, expires_in: timedelta) -> str | None:
        """A URL anyone may GET until it expires; None when the backend cannot sign (files)."""
        if not isinstance(self._store, S3Store):
            return None
        try:
            return str(await obstore.sign_async(self._store, "GET", key, expires_in))
        except (BaseError, OSError) as exc:
            raise StorageError(f"sign {key}: {type(exc).__name__}") from exc


async def get_storage(request: Request) -> Storage:
    """FastAPI dependency: the process's storage (app.state.storage); async so FastAPI does not
    send it to its thread pool."""
    storage: Storage = request.app.state.storage
    return storage
