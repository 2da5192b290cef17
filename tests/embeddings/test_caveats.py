"""What an offer says it does not do is told apart from what it claims."""
from collections import Counter

import pytest

from embeddings.caveats import clauses, embedded_text, is_caveat, split_caveats

CHINESE_CAVEATS = [
    "本技术不涉及还原工序能耗。",
    "仅适用于燃气锅炉。",
    "本服务只提供测试和报告，不承担产品的干扰定位和整改设计。",
    "不适用于含氟废水。",
    "本系统不能识别夜间拍摄的图像。",
    "本技术无法处理含油污泥。",
]
ENGLISH_CAVEATS = [
    "It does not supply insulation materials.",
    "The coating is not suitable for parts above 300 °C.",
    "It cannot treat fluoride-bearing effluent.",
    "The controller only works with 24 V DC supplies.",
    "This service does not include on-site installation.",
]
BENEFIT_NEGATIONS = [
    "改造期间不影响正常生产。",
    "Retrofits do not interrupt production.",
    "完全不含镝、铽等重稀土。",
    "在不降低剩磁的前提下，",
    "无需停产即可安装。",
    "The membrane does not require chemical cleaning.",
    "本产品不会产生二次污染。",
]
STATUS_QUO = [
    "传统钻孔水道无法到达的部位也能冷却。",
    "Conventional drilled channels cannot reach deep cores.",
    "现有检测方法不能发现早期裂纹，本系统可在线识别。",
]
LABELLED = [
    "Limitations: requires a 380 V supply, a dry site and trained staff.",
    "Limitation: pilot scale only.",
    "局限性：设备一次性投资较高。",
]
OFFER = ("随形冷却模具技术：3D打印随形水道，传统钻孔水道无法到达的部位也能冷却。冷却时间缩短40%，不影响模具寿命。"
         "本技术不适用于铝合金压铸模具。Mould makers keep their existing presses. "
         "Limitations: needs a metal printer and parts below 400 mm. It does not supply steel powder.")


def caveat_clauses(text: str) -> list[str]:
    return [c for c in clauses(text) if is_caveat(c)]


@pytest.mark.parametrize("text", CHINESE_CAVEATS)
def test_a_chinese_scope_limit_is_a_caveat(text):
    assert caveat_clauses(text)


@pytest.mark.parametrize("text", ENGLISH_CAVEATS)
def test_an_english_scope_limit_is_a_caveat(text):
    assert is_caveat(text)


@pytest.mark.parametrize("text", BENEFIT_NEGATIONS)
def test_a_negation_that_describes_a_benefit_is_a_claim(text):
    assert not is_caveat(text)


@pytest.mark.parametrize("text", STATUS_QUO)
def test_what_conventional_methods_cannot_do_is_a_claim(text):
    assert not caveat_clauses(text)


@pytest.mark.parametrize("text", LABELLED)
def test_a_clause_labelled_as_a_limitation_is_a_caveat(text):
    assert is_caveat(text)


def test_a_labelled_limitation_is_one_caveat_whatever_its_commas():
    assert clauses(LABELLED[0]) == [LABELLED[0]]


def test_a_plain_claim_is_not_a_caveat():
    assert not is_caveat("焊缝强度达到母材的85%以上，焊后变形小。")


def test_a_text_is_cut_at_chinese_and_english_clause_ends():
    assert clauses("第一句。第二句；third one. Fourth one\n第五句") == ["第一句。", "第二句；", "third one.", "Fourth one",
                                                                   "第五句"]


def test_a_caveat_in_the_middle_of_a_sentence_is_cut_at_its_comma():
    assert caveat_clauses("本服务只提供测试和报告，不承担产品的整改设计。") == ["不承担产品的整改设计。"]


def test_split_puts_every_clause_into_exactly_one_side():
    claims, caveats = split_caveats(OFFER)
    for clause in clauses(OFFER):
        assert (clause in claims) != (clause in caveats)


def test_split_keeps_every_clause_exactly_once():
    claims, caveats = split_caveats(OFFER)
    rest = claims + "\n" + caveats
    for clause in clauses(OFFER):
        assert clause in rest
        rest = rest.replace(clause, "", 1)
    assert rest.split() == []


def test_split_sorts_an_offers_clauses_into_claims_and_caveats():
    claims, caveats = split_caveats(OFFER)
    assert Counter(clauses(caveats)) == Counter(
        ["本技术不适用于铝合金压铸模具。", "Limitations: needs a metal printer and parts below 400 mm.",
         "It does not supply steel powder."])
    assert "传统钻孔水道无法到达的部位也能冷却。" in claims and "不影响模具寿命。" in claims
    assert "Mould makers keep their existing presses." in claims


def test_split_keeps_the_order_of_the_claims():
    claims, _ = split_caveats(OFFER)
    kept = [c for c in clauses(OFFER) if not is_caveat(c)]
    positions = [claims.index(c) for c in kept]
    assert positions == sorted(positions)


def test_a_text_without_caveats_has_no_caveats():
    text = "开发了龙门式搅拌摩擦焊设备。固相连接无需焊丝和保护气体，焊后变形小。"
    assert split_caveats(text) == (text, "")


def test_an_empty_text_splits_into_nothing():
    assert split_caveats("") == ("", "")


def test_english_clauses_stay_separate_words_after_splitting():
    claims, _ = split_caveats("It heats fast. It does not supply fuel. It cools fast.")
    assert claims.split() == ["It", "heats", "fast.", "It", "cools", "fast."]


def test_an_offer_is_embedded_without_its_caveats():
    embedded = embedded_text("offer", OFFER)
    assert embedded == split_caveats(OFFER)[0]
    assert "铝合金压铸" not in embedded and "steel powder" not in embedded


def test_a_need_is_embedded_as_written():
    need = "注塑模具冷却慢，但不适用于改动现有模架。It does not need to be cheap."
    assert embedded_text("need", need) == need


@pytest.mark.parametrize("text", ["且不降低混凝土强度。", "改造不改变原有工艺流程。", "不减少产量。",
                                  "The process does not lower the yield.", "The drive does not overheat."])
def test_a_negation_that_keeps_a_property_is_a_claim(text):
    assert not is_caveat(text)


@pytest.mark.parametrize("text", ["本涂层不适用于普通碳钢。", "It cannot be retrofitted to existing lines.",
                                  "The sensor does not work on ordinary glass."])
def test_a_limit_on_ordinary_or_existing_things_is_a_caveat(text):
    assert is_caveat(text)
