"""The figures: counts by category, place and month with 同比/环比, resolution and response
times, as JSON and xlsx."""
