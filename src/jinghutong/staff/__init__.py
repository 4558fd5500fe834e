"""Staff directory: who holds which staff role within the caller's scope (to assign work to)."""
