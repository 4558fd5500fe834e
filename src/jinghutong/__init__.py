"""警户通 (jinghutong): the household link between a rural police station and its households."""

__version__ = "0.1.0"
