"""A micro-grid with its 联户长, a 村警, and one household whose code exists."""

from support.joining_world import World, world

__all__ = ["World", "world"]
