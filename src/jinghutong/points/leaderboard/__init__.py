"""光荣榜: the quarter's or year's points per village and micro-grid, and its A4 PDF."""
