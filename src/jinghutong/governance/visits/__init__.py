"""走访 visits: record, list, one visit, findings, households nobody visited lately."""
