"""The 纵横斜 roster and cameras of a village, and the notices owed by phone."""
