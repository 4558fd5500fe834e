"""社情民意 items: record, list, handle, the roll-up per village."""
