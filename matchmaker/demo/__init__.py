"""Deterministic demo data for a regional technology market centred on Shanxi."""
