"""use-m3 reads Chinese, English and Chinese with English terms, and puts a text next to its translation."""
import numpy as np
import pytest

# (Chinese, English translation, Chinese with English terms): five topics that have nothing to do with each other.
TOPICS = [
    ("废旧锂电池湿法回收钴和锂",
     "hydrometallurgical recovery of cobalt and lithium from spent batteries",
     "废旧 lithium-ion 电池的 hydrometallurgy 回收工艺"),
    ("番茄大棚滴灌施肥自动控制",
     "automatic drip irrigation and fertilising in tomato greenhouses",
     "番茄大棚的 drip irrigation 和 fertigation 自动控制"),
    ("骨折患者使用的可吸收骨钉",
     "absorbable bone screws for fracture patients",
     "骨折患者使用的 bioresorbable 骨钉"),
    ("鲜榨果汁的超高压杀菌",
     "high-pressure sterilisation of freshly squeezed juice",
     "鲜榨果汁的 HPP 超高压杀菌"),
    ("无人机拍摄输电线路照片后自动识别缺陷",
     "automatic defect recognition in drone photos of power lines",
     "无人机巡检照片的 AI defect detection，输电线路缺陷自动识别"),
]
CHINESE, ENGLISH, MIXED = (list(column) for column in zip(*TOPICS))


def nearest(encoder, queries: list[str], candidates: list[str]) -> list[int]:
    similarity = encoder.encode(queries) @ encoder.encode(candidates).T
    return np.argmax(similarity, axis=1).tolist()


@pytest.mark.parametrize("topic", range(len(TOPICS)))
def test_a_chinese_text_lands_nearest_its_english_translation(multilingual_encoder, topic):
    assert nearest(multilingual_encoder, [CHINESE[topic]], ENGLISH) == [topic]


@pytest.mark.parametrize("topic", range(len(TOPICS)))
def test_an_english_text_lands_nearest_its_chinese_translation(multilingual_encoder, topic):
    assert nearest(multilingual_encoder, [ENGLISH[topic]], CHINESE) == [topic]


@pytest.mark.parametrize("topic", range(len(TOPICS)))
def test_a_chinese_text_with_english_terms_lands_nearest_its_english_translation(multilingual_encoder, topic):
    assert nearest(multilingual_encoder, [MIXED[topic]], ENGLISH) == [topic]


@pytest.mark.parametrize("topic", range(len(TOPICS)))
def test_a_chinese_text_with_english_terms_lands_nearest_its_all_chinese_version(multilingual_encoder, topic):
    assert nearest(multilingual_encoder, [MIXED[topic]], CHINESE) == [topic]


def test_a_translation_is_clearly_closer_than_an_unrelated_text(multilingual_encoder):
    chinese, translation, unrelated = multilingual_encoder.encode([CHINESE[0], ENGLISH[0], ENGLISH[3]])
    assert chinese @ translation > chinese @ unrelated + 0.2
