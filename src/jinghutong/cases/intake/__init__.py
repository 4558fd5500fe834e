"""Intake: a villager's (or 联户长's) report becomes a routed case."""
