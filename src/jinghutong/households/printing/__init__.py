"""Printed matter of 一户一码 (A4 PDFs): door-plate sheets, the 联户长 公示牌 of a micro-grid and
the 邻里守望示意图 of a village."""
