"""`matchmaker eval`: every need ranks every offer, and the rankings are scored against graded judgements."""
import json

import pytest

from embeddings.evaluate import evaluate, load_dataset

METRICS = {"ndcg@10", "recall@20", "mrr@10", "queries", "model"}


def posting(posting_id: str, title: str, description: str, field: str) -> dict:
    return {"id": posting_id, "title": title, "description": description, "field": field}


DATASET = {
    "offers": [
        posting("o-battery", "废旧锂电池回收", "湿法冶金回收钴、镍和锂，回收率超过百分之九十五。", "new_energy"),
        posting("o-laser", "Laser welding of aluminium", "Car body parts joined with high-power fibre lasers.", "manufacturing"),
        posting("o-solar", "光伏组件清洗机器人", "无水清扫，适用于大型光伏电站。", "new_energy"),
    ],
    "needs": [
        posting("n-recycle", "Recycling spent lithium batteries", "We want to recover cobalt and lithium.", "new_energy"),
        posting("n-weld", "铝合金车身激光焊接", "寻找高功率激光焊接工艺。", "manufacturing"),
        posting("n-unjudged", "光伏电站运维", "清洗光伏组件。", "new_energy"),
    ],
    "qrels": {"n-recycle": {"o-battery": 2}, "n-weld": {"o-laser": 1}, "n-unjudged": {"o-solar": 0}},
}


@pytest.fixture(scope="module")
def report(fallback_encoder, lexicon) -> dict:
    return evaluate(DATASET, fallback_encoder, lexicon)


def test_the_report_holds_the_metrics_the_number_of_queries_and_the_model(report):
    assert set(report) == METRICS


def test_needs_without_a_graded_offer_are_not_counted(report):
    assert report["queries"] == 2


def test_the_report_names_the_encoders_model(report, fallback_encoder):
    assert report["model"] == fallback_encoder.model_id


def test_needs_that_find_their_offer_first_score_perfectly(report):
    assert (report["ndcg@10"], report["recall@20"], report["mrr@10"]) == (1.0, 1.0, 1.0)


def test_a_single_channel_can_be_evaluated(fallback_encoder, lexicon):
    assert evaluate(DATASET, fallback_encoder, lexicon, channel="bridge")["mrr@10"] == 1.0


def test_a_dataset_without_any_graded_need_is_rejected(fallback_encoder, lexicon):
    with pytest.raises(ValueError, match="graded"):
        evaluate({**DATASET, "qrels": {"n-recycle": {"o-battery": 0}}}, fallback_encoder, lexicon)


def write(tmp_path, data: dict):
    path = tmp_path / "dataset.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_dataset_reads_a_valid_dataset(tmp_path):
    assert load_dataset(write(tmp_path, DATASET)) == DATASET


def test_load_dataset_rejects_a_dataset_without_offers(tmp_path):
    with pytest.raises(ValueError, match="offers"):
        load_dataset(write(tmp_path, {"needs": DATASET["needs"]}))


def test_load_dataset_rejects_an_item_without_a_string_id(tmp_path):
    offers = [{**DATASET["offers"][0], "id": 1}]
    with pytest.raises(ValueError, match="string id"):
        load_dataset(write(tmp_path, {**DATASET, "offers": offers}))


def test_the_multilingual_encoder_finds_every_judged_offer_first(multilingual_encoder, lexicon):
    report = evaluate(DATASET, multilingual_encoder, lexicon)
    assert (report["ndcg@10"], report["mrr@10"], report["model"]) == (1.0, 1.0, "use-m3")


CAVEAT_DATASET = {
    "offers": [
        posting("o-testing", "EMC第三方检测与认证服务",
                "开展辐射发射、传导发射和抗扰度测试，出具检测报告，协助企业取得CE认证。"
                "本服务只提供测试和报告，不承担产品的干扰定位和整改设计。", "electronics"),
        posting("o-repair", "开关电源EMC诊断与整改技术",
                "采用近场扫描定位干扰源，结合滤波、屏蔽和PCB布局优化给出整改方案。", "electronics"),
        posting("o-solar", "光伏组件清洗机器人", "无水清扫，适用于大型光伏电站。", "new_energy"),
    ],
    "needs": [posting("n-emc", "EMC辐射超标整改", "新产品EMC辐射超标，需要找到干扰源并给出整改方案。", "electronics")],
    "qrels": {"n-emc": {"o-repair": 2}},
}


@pytest.mark.parametrize("encoder", ["multilingual_encoder", "fallback_encoder"])
def test_an_offer_that_excludes_the_needs_problem_does_not_outrank_the_one_that_solves_it(encoder, lexicon, request):
    assert evaluate(CAVEAT_DATASET, request.getfixturevalue(encoder), lexicon)["mrr@10"] == 1.0
