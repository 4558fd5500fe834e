"""Drafts, approval, publishing and cancelling."""
