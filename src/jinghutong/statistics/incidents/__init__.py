"""The 警情 register for statistics: import from the 110 system (xlsx), the mirror of cases,
the category mapping, the rollup by area, day and month."""
