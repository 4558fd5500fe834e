"""The award sweep and other work done later for points (see each job)."""
