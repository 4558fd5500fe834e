"""The feed, read receipts, statistics and the 联户长 unread list."""
