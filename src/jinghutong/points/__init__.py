"""积分制 and 考评: the rule book, the ledger awarded from recorded work, claims and manual entries,
rewards and redemptions at the 警务室, the 光荣榜, and the 村警's monthly evaluation. Points read
the other domains' recorded events (case trails, governance trails, bulletin reads) through the
award sweep; they never call into those domains' services."""
