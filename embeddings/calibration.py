"""Match strength: a fused score turned into the chance that the pair is relevant, fitted offline on a graded set.

Fused scores are z-score sums (embeddings.fusion): they order one list well but mean nothing to a reader, and 3.0
is not twice 1.5. Isotonic regression of "graded ≥ 1" on the fused score of every need–offer pair of the dev set
gives a monotone map from score to the share of relevant pairs (smoothed, see `fit`); strength is that share in
percent, so 100 is never reached and 90 needs a score where nearly every dev pair was relevant. It is fitted per
encoder family, because each family's scores spread differently, by `matchmaker calibrate`, and shipped in
`calibration.json` beside this module.

Bands, on strength: 强 (strong) from 60, where most pairs at that score were judged relevant; 中 (medium) from 25;
弱 (weak) below.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from scipy.optimize import isotonic_regression

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
STRONG_FROM = 60
MEDIUM_FROM = 25
BANDS = ("strong", "medium", "weak")


@dataclass(frozen=True)
class Calibration:
    """A monotone map from fused score to probability: linear between knots, flat beyond the ends."""

    scores: tuple[float, ...]
    probabilities: tuple[float, ...]

    def probability(self, fused: float) -> float:
        return float(np.interp(fused, self.scores, self.probabilities))

    def strength(self, fused: float) -> int:
        """The pair's strength, 0–100."""
        return int(round(100 * self.probability(fused)))

    def as_json(self) -> dict:
        return {"scores": list(self.scores), "probabilities": list(self.probabilities)}


def band(strength: int) -> str:
    """strong, medium or weak (see the module docstring for the thresholds)."""
    if strength >= STRONG_FROM:
        return "strong"
    return "medium" if strength >= MEDIUM_FROM else "weak"


def fit(scores: Sequence[float], relevant: Sequence[bool]) -> Calibration:
    """Isotonic regression of relevance on score, its blocks smoothed, one knot per block (at its mean score).

    A block's share of relevant pairs k/n becomes (k + 1)/(n + 2), Laplace's rule of succession: the top block of
    a dev set holds a handful of pairs, and two relevant pairs out of two are no proof that every pair scoring as
    high is relevant. Monotonicity is restored afterwards by a weighted isotonic pass over the blocks.
    """
    if len(scores) != len(relevant) or not len(scores):
        raise ValueError("fit needs as many labels as scores, and at least one")
    order = np.argsort(np.asarray(scores, dtype=float), kind="stable")
    x = np.asarray(scores, dtype=float)[order]
    y = np.asarray(relevant, dtype=float)[order]
    blocks = _blocks(x, isotonic_regression(y).x)
    counts = np.array([end - start for start, end in blocks], dtype=float)
    positives = np.array([y[start:end].sum() for start, end in blocks])
    smoothed = isotonic_regression((positives + 1) / (counts + 2), weights=counts).x
    knots_x, knots_y = [], []
    for start, end in _blocks(np.arange(len(blocks)), smoothed):
        members = slice(blocks[start][0], blocks[end - 1][1])
        knot = round(float(x[members].mean()), 4)
        if not knots_x or knot > knots_x[-1]:  # np.interp needs strictly increasing knots
            knots_x.append(knot)
            knots_y.append(round(float(smoothed[start]), 4))
    return Calibration(tuple(knots_x), tuple(knots_y))


def _blocks(x: np.ndarray, fitted: np.ndarray) -> list[tuple[int, int]]:
    """The [start, end) runs of equal fitted value."""
    out, start = [], 0
    for end in range(1, len(x) + 1):
        if end == len(x) or fitted[end] != fitted[start]:
            out.append((start, end))
            start = end
    return out


def save(calibrations: Mapping[str, Calibration], notes: Mapping[str, Mapping], path: Path = CALIBRATION_FILE) -> None:
    """Write each family's calibration with what it was fitted on."""
    data = {family: {**cal.as_json(), **notes.get(family, {})} for family, cal in sorted(calibrations.items())}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@cache
def _shipped(path: Path = CALIBRATION_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def shipped_families() -> list[str]:
    return sorted(_shipped())


def shipped_notes() -> dict[str, dict]:
    """What each shipped calibration was fitted on."""
    return {family: {k: v for k, v in entry.items() if k not in ("scores", "probabilities")}
            for family, entry in _shipped().items()}


@cache
def calibration_for(family: str) -> Calibration:
    """The shipped calibration of an encoder family; an unknown family borrows the multilingual one."""
    shipped = _shipped()
    entry = shipped.get(family) or shipped.get("multilingual")
    if entry is None:
        raise LookupError(f"no calibration shipped in {CALIBRATION_FILE}")
    return Calibration(tuple(entry["scores"]), tuple(entry["probabilities"]))
