"""Escalation: deadlines in the database, swept by the worker, moving cases up the ladder."""
