"""The station rule book: event kind → points, caps; versioned; no rule deducts."""
