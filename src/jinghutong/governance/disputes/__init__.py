"""矛盾纠纷 and 交办: record, assign, mediate, settle, fail, follow-up."""
