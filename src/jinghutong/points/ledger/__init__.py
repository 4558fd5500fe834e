"""The ledger: the award sweep over recorded events, balances and entries, manual entries."""
