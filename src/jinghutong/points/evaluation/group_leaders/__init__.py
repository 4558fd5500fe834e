"""联户长 yearly: per 联户长 of an area, a year's counts of their work (read-only)."""
