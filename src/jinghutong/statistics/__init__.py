"""警情 statistics: the category mapping, the historical 警情 import from the 110 system, the
incidents mirrored from cases, their rollups and the figures the station proves its
model with (同比, 环比, 有效警情占比, the levels disputes end at, response times …)."""
