"""Joining a household by its code, approvals, leaving and removal."""
