"""Technology brokerage: expressions of interest, the broker queue, the deal pipeline, contracts and investors."""
