"""警讯资讯: bulletins targeted by area, tag, household and person, delivered exactly once."""
