"""所长直通车: villagers write straight to the station chief."""
