"""How the channels' scores become one ranking.

Each channel scores the same candidate pool: the union of every channel's own top candidates, each rescored
exactly by every channel. Scores are standardised over the pool (z-scores), so that scales become comparable.

Shared words are the strongest evidence, but the native lexical channel only sees them when both texts are
in the same language. Adding it to every candidate would favour same-language candidates for the wrong
reason, so the word evidence is made language-neutral:

    words(same language)  = ½ z_same(lexical) + ½ z(bridge)    (z_same: standardised among same-language candidates)
    words(cross language) = z(bridge)
    fused = words + DENSE_WEIGHT · z(dense) + rule boosts

The dense weight is small because the offline model reads Chinese only through dictionary readings; on the
development set dense alone is the weakest channel. Reciprocal rank fusion and plain score sums were measured
too and lost (README, "Matching quality").
"""
from __future__ import annotations

import numpy as np

DENSE_WEIGHT = 0.3
CHANNELS = ("dense", "lexical", "bridge", "fused")


def standardise(scores: np.ndarray) -> np.ndarray:
    """Z-scores over the pool; a flat channel contributes nothing."""
    if scores.size == 0:
        return scores.astype(np.float32)
    std = float(scores.std())
    if std < 1e-9:
        return np.zeros_like(scores, dtype=np.float32)
    return (scores - scores.mean()) / std


def fuse(dense: np.ndarray, lexical: np.ndarray, bridge: np.ndarray, same_language: np.ndarray,
         dense_weight: float = DENSE_WEIGHT) -> np.ndarray:
    """Fused relevance of each pool member, before rule boosts."""
    words = standardise(bridge)
    if same_language.any():
        lexical_same = np.zeros_like(words)
        lexical_same[same_language] = standardise(lexical[same_language])
        words = np.where(same_language, 0.5 * lexical_same + 0.5 * words, words)
    return words + dense_weight * standardise(dense)
