"""Fusion: z-scored channels, with word evidence made language-neutral."""
import numpy as np
import pytest

from embeddings.fusion import DEFAULT_PARAMS, PARAMS, FusionParams, fuse, params_for, standardise


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float32)


def flags(*values: bool) -> np.ndarray:
    return np.array(values, dtype=bool)


def test_standardising_a_flat_channel_gives_zeros():
    assert standardise(arr(3, 3, 3)).tolist() == [0.0, 0.0, 0.0]


def test_standardised_scores_have_zero_mean_and_unit_spread():
    z = standardise(arr(1, 2, 6))
    assert float(z.mean()) == pytest.approx(0.0, abs=1e-6)
    assert float(z.std()) == pytest.approx(1.0)


def test_standardising_an_empty_pool_gives_an_empty_array():
    assert standardise(arr()).size == 0


def test_a_candidate_winning_every_channel_is_fused_first():
    fused = fuse(dense=arr(0.2, 0.9, 0.4), lexical=arr(1, 7, 2), bridge=arr(0.5, 3, 1), same_language=flags(1, 1, 1))
    assert int(np.argmax(fused)) == 1


def test_without_same_language_candidates_words_are_the_bridge_alone():
    fused = fuse(dense=arr(1, 1, 1), lexical=arr(0, 0, 0), bridge=arr(1, 2, 6), same_language=flags(0, 0, 0))
    assert fused == pytest.approx(standardise(arr(1, 2, 6)))


@pytest.mark.parametrize("params", [DEFAULT_PARAMS, *PARAMS.values()])
def test_the_dense_channel_counts_with_the_dense_weight(params):
    fused = fuse(dense=arr(0.1, 0.5, 0.3), lexical=arr(2, 2, 2), bridge=arr(4, 4, 4), same_language=flags(1, 0, 1),
                 params=params)
    assert fused == pytest.approx(params.dense_weight * standardise(arr(0.1, 0.5, 0.3)))


def test_a_cross_language_candidate_ties_a_same_language_one_with_equal_word_evidence():
    # Candidates 0 and 1 share the query's language, 2 and 3 do not, so the lexical channel cannot see them.
    # Bridge z-scores are (1, -1, 1, -1); among the same-language pair, lexical z-scores are also (1, -1).
    fused = fuse(dense=arr(0.5, 0.5, 0.5, 0.5), lexical=arr(9, 4, 0, 0), bridge=arr(3, 1, 3, 1),
                 same_language=flags(1, 1, 0, 0))
    assert fused[0] == pytest.approx(fused[2])
    assert fused[1] == pytest.approx(fused[3])


def test_lexical_scores_of_cross_language_candidates_do_not_count():
    common = {"dense": arr(0.1, 0.2, 0.3, 0.4), "bridge": arr(3, 1, 2, 5), "same_language": flags(1, 1, 0, 0)}
    assert fuse(lexical=arr(9, 4, 0, 0), **common) == pytest.approx(fuse(lexical=arr(9, 4, 7, 1), **common))


def test_same_language_lexical_evidence_reorders_candidates_the_bridge_ties():
    fused = fuse(dense=arr(0, 0, 0), lexical=arr(8, 2, 0), bridge=arr(2, 2, 1), same_language=flags(1, 1, 0))
    assert fused[0] > fused[1]


def test_a_caveat_as_large_as_the_bridge_spread_costs_one_caveat_weight():
    common = {"dense": arr(0.1, 0.2, 0.3), "lexical": arr(0, 0, 0), "bridge": arr(1, 2, 3),
              "same_language": flags(0, 0, 0)}
    spread = float(arr(1, 2, 3).std())
    plain = fuse(**common)
    penalised = fuse(**common, caveat=arr(0, spread, 0))
    assert penalised - plain == pytest.approx([0.0, -DEFAULT_PARAMS.caveat_weight, 0.0])


def test_the_caveat_penalty_scales_with_the_caveat_weight():
    common = {"dense": arr(0.1, 0.2, 0.3), "lexical": arr(0, 0, 0), "bridge": arr(1, 2, 3),
              "same_language": flags(0, 0, 0), "caveat": arr(0, 0.5, 0)}
    once = fuse(**common, params=FusionParams(dense_weight=1.0, caveat_weight=1.0))
    twice = fuse(**common, params=FusionParams(dense_weight=1.0, caveat_weight=2.0))
    plain = fuse(**common, params=FusionParams(dense_weight=1.0, caveat_weight=0.0))
    assert twice - plain == pytest.approx(2 * (once - plain))


def test_without_caveat_evidence_fusion_is_unchanged():
    common = {"dense": arr(0.1, 0.5, 0.3), "lexical": arr(3, 1, 0), "bridge": arr(2, 1, 4),
              "same_language": flags(1, 1, 0)}
    assert fuse(**common, caveat=arr(0, 0, 0)) == pytest.approx(fuse(**common))


def test_with_a_flat_bridge_channel_the_strongest_caveat_costs_one_caveat_weight():
    common = {"dense": arr(0.1, 0.5, 0.3), "lexical": arr(0, 0, 0), "bridge": arr(2, 2, 2),
              "same_language": flags(0, 0, 0)}
    penalty = fuse(**common, caveat=arr(0, 4, 2)) - fuse(**common)
    assert penalty == pytest.approx([0.0, -DEFAULT_PARAMS.caveat_weight, -DEFAULT_PARAMS.caveat_weight / 2])


def test_a_caveat_can_sink_the_candidate_that_leads_on_words():
    fused = fuse(dense=arr(0.5, 0.5), lexical=arr(0, 0), bridge=arr(3, 2), same_language=flags(0, 0),
                 caveat=arr(2, 0))
    assert fused[1] > fused[0]


def test_the_english_fallback_family_trusts_its_dense_channel_less_than_a_multilingual_one():
    assert params_for("english+cedict").dense_weight < params_for("multilingual").dense_weight


def test_an_unknown_family_gets_the_default_parameters():
    assert params_for("klingon") == DEFAULT_PARAMS


@pytest.mark.parametrize("encoder", ["multilingual_encoder", "fallback_encoder"])
def test_every_encoders_family_has_documented_parameters(encoder, request):
    assert request.getfixturevalue(encoder).family in PARAMS
