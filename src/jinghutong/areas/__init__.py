"""The area tree (派出所 → 乡镇 → 行政村 → 网格 → 微网格) as each caller may navigate it."""
