"""Encoders, text preparation, vector and lexical indexes, rank fusion and metrics.

Works on ids and texts only: it imports neither flask, models nor matchmaker.
"""
