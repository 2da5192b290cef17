"""The outcome dashboard: what the market produced (postings, matches, deals, contracts, events), for organisers."""
