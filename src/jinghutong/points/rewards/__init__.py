"""Rewards and redemptions at the 警务室: catalogue, redeem (points held), fulfil, cancel."""
