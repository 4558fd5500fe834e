"""村警 五件事: the month's work counted per 村警."""
