"""How the channels' scores become one ranking, with one set of parameters per encoder family.

Each channel scores the same candidate pool: the union of every channel's own top candidates, each rescored
exactly by every channel. Scores are standardised over the pool (z-scores), so that scales become comparable.

Shared words are strong evidence, but the native lexical channel only sees them when both texts are in the same
language. Adding it to every candidate would favour same-language candidates for the wrong reason, so the word
evidence is made language-neutral:

    words(same language)  = s·z_same(lexical) + (1 − s)·z(bridge)   (z_same: standardised among same-language ones)
    words(cross language) = z(bridge)
    fused = words + w_dense·z(dense) − w_caveat·caveat / σ(bridge) + rule boosts

`caveat` is the bridge-view BM25 score of the need's words against what the offer says it does *not* do
(embeddings.caveats). Dividing by the pool's σ(bridge) puts it in the same units as z(bridge), so at
w_caveat = 1 a word met in a stated limit counts against a match as much as a word met in a claim counts for it.

Parameters per encoder family, chosen on `matching-dev.json` channel by channel (README, "Matching quality"):
a multilingual encoder's dense channel is nearly as strong as the word channels and gets 0.8 of their weight (the
score is flat from 0.3 to 1.5; below 1 the words, which the explanation can show, win a tie); the English fallback
reads Chinese only through dictionary readings, and the score falls as its weight rises past 0.3. Reciprocal rank
fusion was measured again with each encoder and lost to this mix both times.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHANNELS = ("dense", "lexical", "bridge", "caveat", "fused")


@dataclass(frozen=True)
class FusionParams:
    dense_weight: float
    caveat_weight: float = 1.0
    lexical_share: float = 0.5
    # Cosine differences below this say nothing (a query of one unknown token meets every text at about 0.1).
    dense_min_spread: float = 0.05
    # An unrelated pair's cosine with this family's encoder, as (mean, spread): all need–offer pairs of the dev set.
    dense_background: tuple[float, float] = (0.212, 0.093)


PARAMS = {
    "multilingual": FusionParams(dense_weight=0.8),
    "english+cedict": FusionParams(dense_weight=0.3, dense_background=(0.284, 0.141)),
}
DEFAULT_PARAMS = PARAMS["multilingual"]


def params_for(family: str) -> FusionParams:
    """The documented parameters of an encoder family (see embeddings.encoder.Encoder.family)."""
    return PARAMS.get(family, DEFAULT_PARAMS)


def standardise(scores: np.ndarray, min_spread: float = 0.0, reference: np.ndarray | None = None,
                padding: int = 0, background: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """Z-scores over the pool, or over its `reference` members only; a flat channel contributes nothing.

    `min_spread` floors the standard deviation: where every candidate is about equally (un)related, differences
    smaller than it are noise, and dividing by a tiny spread would turn one outlier into a landslide.
    `padding` more members, distributed as `background` (mean, spread), join the reference's statistics: a market
    of five offers is standardised as if it held the unrelated offers a real market would.
    """
    if scores.size == 0:
        return scores.astype(np.float32)
    basis = scores if reference is None or not reference.any() else scores[reference]
    mean, var = float(basis.mean()), float(basis.var())
    if padding > 0:
        n, (bg_mean, bg_spread) = len(basis), background
        pooled = (n * mean + padding * bg_mean) / (n + padding)
        var = (n * (var + (mean - pooled) ** 2) + padding * (bg_spread ** 2 + (bg_mean - pooled) ** 2)) / (n + padding)
        mean = pooled
    std = max(var ** 0.5, min_spread)
    if std < 1e-9:
        return np.zeros_like(scores, dtype=np.float32)
    return (scores - mean) / std


def fuse(dense: np.ndarray, lexical: np.ndarray, bridge: np.ndarray, same_language: np.ndarray,
         caveat: np.ndarray | None = None, params: FusionParams = DEFAULT_PARAMS,
         reference: np.ndarray | None = None, padding: int = 0) -> np.ndarray:
    """Fused relevance of each pool member, before rule boosts.

    `reference` marks the members whose scores set the standardisation (all of them when None): scoring more
    candidates, or a pair on its own, then leaves every other member's fused score as it was. `padding` unrelated
    candidates (no shared word, a background cosine) join the reference when the market is too small to fill it.
    """
    if reference is None:
        reference = np.ones(dense.shape, dtype=bool)
    words = standardise(bridge, reference=reference, padding=padding)
    if same_language.any():
        lexical_same = np.zeros_like(words)
        lexical_same[same_language] = standardise(lexical[same_language], reference=reference[same_language],
                                                  padding=padding)
        words = np.where(same_language, params.lexical_share * lexical_same + (1 - params.lexical_share) * words,
                         words)
    fused = words + params.dense_weight * standardise(dense, params.dense_min_spread, reference, padding,
                                                      params.dense_background)
    if caveat is not None and caveat.any():
        spread = float(bridge[reference].std()) if reference.any() else float(bridge.std())
        fused = fused - params.caveat_weight * caveat / (spread if spread > 1e-9 else float(caveat.max()))
    return fused
