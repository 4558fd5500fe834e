"""Work done later for disputes (see the module of each job)."""
