"""Work the engine runs for bulletins: the release job (importing registers it)."""

from jinghutong.bulletins.delivery.release import release_job

__all__ = ["release_job"]
