"""Handling: accept → arrive → feed back → resolve → close; comments, revisit, rating, reopen."""
