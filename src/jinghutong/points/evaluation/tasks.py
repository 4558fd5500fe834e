"""Work done later for evaluations (see each job)."""
