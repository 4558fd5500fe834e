"""What a backup or restore refuses, said for the person at the console."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Chinese, then English."""
