"""Importing households from the village's registers (Excel .xlsx or CSV)."""
