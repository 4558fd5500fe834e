"""The append-only, hash-chained case trail (全程留痕) and its verifier."""
