"""积分申报: work nothing recorded, claimed with evidence, approved or rejected."""
