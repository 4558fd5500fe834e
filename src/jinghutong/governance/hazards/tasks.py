"""Work done later for hazards (see the module of each job)."""
