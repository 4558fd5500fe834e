"""The 村级治理中心's 值班 roster: shifts planned, checked in on the day, missed when not."""
