"""Who a bulletin reaches: the audience spec, its checks and its set-based resolution."""
