"""Comparing rankings made by two builds of one collection."""
from __future__ import annotations

import pytest


def assert_same_matches(got, want) -> None:
    """Same documents in the same order with the same rule results, scores equal up to float32 rounding."""
    assert [(m.id, m.rules) for m in got] == [(m.id, m.rules) for m in want]
    for name in ("fused", "dense", "lexical", "bridge", "caveat"):
        assert [getattr(m, name) for m in got] == pytest.approx([getattr(m, name) for m in want], rel=1e-5, abs=1e-5)
