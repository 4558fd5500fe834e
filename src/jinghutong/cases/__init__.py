"""Cases: reports, dispatches, their handling, escalation and the hash-chained trail."""
