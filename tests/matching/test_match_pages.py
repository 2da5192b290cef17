"""Match pages: ranked partners with their reasons, not-relevant feedback, ranked search, near-duplicates, admin."""
import re

from matchmaker.matching.setup import engine
from matchmaker.templating import highlight
from models.choices import Maturity, PostingStatus
from tests.factories import NeedFactory, OfferFactory, UserFactory, field

RECYCLING = {"title": "退役锂电池湿法回收技术", "description": "湿法冶金回收镍钴锰锂，金属回收率 98% 以上。",
             "keywords": ["回收", "锂电池"]}


def _recycling_need(**overrides):
    data = {"title": "废旧动力电池回收利用", "description": "需要退役锂电池的拆解与有价金属回收技术。",
            "keywords": ["回收", "锂电池"], **overrides}
    return NeedFactory(**data)


def _titles(page: str) -> list[str]:
    """Titles of the listed postings, in page order."""
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<h3><a href="[^"]+">(.*?)</a>', page)]


def test_need_matches_list_a_matching_offer_with_its_shared_terms_marked(client):
    need = _recycling_need()
    offer = OfferFactory(**RECYCLING)
    page = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    assert offer.title in _titles(page)
    assert "<mark>锂电池</mark>" in page


def test_need_matches_explain_field_agreement_and_rules(client):
    need = _recycling_need(budget_max_wan=200)
    OfferFactory(**RECYCLING, asking_price_wan=120)
    page = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    assert "同领域" in page and "报价在预算内" in page
    assert "匹配依据" in page


def test_need_detail_shows_the_top_matches_and_links_to_the_full_list(client):
    need = _recycling_need()
    offer = OfferFactory(**RECYCLING)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert offer.title in _titles(page)
    assert f'href="/needs/{need.id}/matches"' in page


def test_closed_or_pending_offers_of_another_organisation_never_appear_to_visitors(client):
    need = _recycling_need()
    OfferFactory(**{**RECYCLING, "title": "已关闭的电池回收成果"}, status=PostingStatus.CLOSED)
    OfferFactory(**{**RECYCLING, "title": "待审核的电池回收成果"}, status=PostingStatus.PENDING)
    page = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    assert "已关闭的电池回收成果" not in page and "待审核的电池回收成果" not in page


def test_not_relevant_removes_the_offer_for_that_user_only(client, auth):
    need = _recycling_need()
    offer = OfferFactory(**RECYCLING)
    other = UserFactory()
    auth.login(UserFactory())
    response = auth.post(f"/needs/{need.id}/matches/{offer.id}/not-relevant", {"next": f"/needs/{need.id}/matches"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/needs/{need.id}/matches")
    assert offer.title not in _titles(client.get(f"/needs/{need.id}/matches").get_data(as_text=True))
    auth.logout()
    auth.login(other)
    assert offer.title in _titles(client.get(f"/needs/{need.id}/matches").get_data(as_text=True))


def test_visitors_see_no_not_relevant_button(client):
    need = _recycling_need()
    OfferFactory(**RECYCLING)
    page = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    assert "not-relevant" not in page


def test_marking_not_relevant_requires_login(client, auth):
    need = _recycling_need()
    offer = OfferFactory(**RECYCLING)
    response = auth.post(f"/needs/{need.id}/matches/{offer.id}/not-relevant")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert offer.title in _titles(client.get(f"/needs/{need.id}/matches").get_data(as_text=True))


def test_field_filter_restricts_the_matches(client):
    need = _recycling_need()
    offer = OfferFactory(**RECYCLING)
    elsewhere = OfferFactory(**{**RECYCLING, "title": "电池回收装备智能化改造"}, field=field("advanced_equipment"))
    page = client.get(f"/needs/{need.id}/matches?field=new_energy_battery").get_data(as_text=True)
    assert offer.title in _titles(page)
    assert elsewhere.title not in _titles(page)


def test_offer_matches_list_matching_needs(client):
    offer = OfferFactory(**RECYCLING)
    need = _recycling_need()
    page = client.get(f"/offers/{offer.id}/matches").get_data(as_text=True)
    assert need.title in _titles(page)
    assert "<mark>" in page and "not-relevant" not in page


def test_nothing_to_match_shows_an_empty_state(client):
    need = _recycling_need()
    page = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    assert "暂无匹配" in page


def test_matches_of_a_hidden_posting_answer_404(client):
    need = _recycling_need(status=PostingStatus.DRAFT)
    assert client.get(f"/needs/{need.id}/matches").status_code == 404


def test_search_finds_a_chinese_offer_by_an_english_query(client):
    offer = OfferFactory(**RECYCLING)
    page = client.get("/offers?q=lithium battery recycling").get_data(as_text=True)
    assert offer.title in _titles(page)


def test_search_ranks_the_better_match_first(client):
    weaker = OfferFactory(title="锂电池正极材料包覆改性", description="提升锂电池循环寿命的包覆工艺。", keywords=["锂电池"])
    better = OfferFactory(**RECYCLING)
    titles = _titles(client.get("/offers?q=lithium battery recycling").get_data(as_text=True))
    assert titles.index(better.title) < titles.index(weaker.title)


def test_search_hits_show_their_shared_terms(client):
    OfferFactory(**RECYCLING)
    page = client.get("/offers?q=锂电池回收").get_data(as_text=True)
    assert '<span class="tag tag-hit">锂电池</span>' in page


def test_search_keeps_the_maturity_filter(client):
    OfferFactory(**RECYCLING, maturity=Maturity.PILOT)
    lab = OfferFactory(**{**RECYCLING, "title": "锂电池回收实验室小试工艺"}, maturity=Maturity.LAB)
    titles = _titles(client.get("/offers?q=锂电池回收&maturity=lab").get_data(as_text=True))
    assert titles == [lab.title]


def _offer_form(**overrides) -> dict:
    return {"title": RECYCLING["title"], "description": RECYCLING["description"], "field": "new_energy_battery",
            "keywords": "回收，锂电池", "region": "山西省", "maturity": "pilot", "transfer_modes": ["license"],
            "asking_price_wan": "100", "action": "submit", **overrides}


def test_creating_a_near_duplicate_warns_with_a_link_to_the_existing_posting(client, auth):
    existing = OfferFactory(**RECYCLING)
    auth.login(UserFactory())
    page = auth.post("/offers/new", _offer_form(), follow_redirects=True).get_data(as_text=True)
    assert "市场上已有相似信息" in page
    assert f'<a href="/offers/{existing.id}">{existing.title}</a>' in page


def test_the_near_duplicate_warning_escapes_titles(client, auth):
    OfferFactory(**{**RECYCLING, "title": "退役锂电池<b>湿法</b>回收技术"})
    auth.login(UserFactory())
    page = auth.post("/offers/new", _offer_form(title="退役锂电池<b>湿法</b>回收技术"),
                     follow_redirects=True).get_data(as_text=True)
    assert "市场上已有相似信息" in page and "退役锂电池&lt;b&gt;湿法&lt;/b&gt;回收技术</a>" in page


def test_a_new_posting_is_matchable_after_the_near_duplicate_check(client, auth):
    need = _recycling_need()
    auth.login(UserFactory())
    auth.post("/offers/new", _offer_form())
    assert RECYCLING["title"] in _titles(client.get(f"/needs/{need.id}/matches").get_data(as_text=True))


def test_admin_page_shows_the_embedding_model(client, auth):
    auth.login(UserFactory(admin=True))
    page = client.get("/admin/").get_data(as_text=True)
    assert engine().encoder.model_id in page


def test_highlight_escapes_the_text_before_marking():
    html = str(highlight("<b>Lithium</b> & 锂电池", ["lithium", "锂电池", "b"]))
    assert html == "&lt;<mark>b</mark>&gt;<mark>Lithium</mark>&lt;/<mark>b</mark>&gt; &amp; <mark>锂电池</mark>"


EMC_NEED = {"title": "新产品EMC辐射超标，认证卡住",
            "description": "储能变流器辐射发射超标，希望找团队定位干扰源并给出整改方案，一个月内通过认证。"}
EMC_TESTING = {"title": "电磁兼容（EMC）第三方检测与认证服务",
               "description": "可开展传导发射、辐射发射等全项EMC测试并出具检测报告。本服务只提供测试和报告，"
                              "不承担产品的干扰定位和整改设计。"}
EMC_REPAIR = {"title": "开关电源电磁兼容诊断与抑制技术",
              "description": "近场扫描定位干扰源，优化PCB布局与滤波器设计，辐射发射平均降低10 dB，帮助企业通过认证。"}


def test_an_offer_that_says_it_does_not_do_what_the_need_asks_ranks_below_one_that_does_and_says_why(client):
    need = NeedFactory(**EMC_NEED)
    testing, repair = OfferFactory(**EMC_TESTING), OfferFactory(**EMC_REPAIR)
    page = client.get(f"/needs/{need.id}/matches").get_data(as_text=True)
    titles = _titles(page)
    assert titles.index(repair.title) < titles.index(testing.title)
    assert "成果自述的适用范围限制" in page and "不承担产品的干扰定位和整改设计" in page


def test_the_api_explanation_quotes_the_caveat_and_names_the_model(client):
    need = NeedFactory(**EMC_NEED)
    testing = OfferFactory(**EMC_TESTING)
    items = client.get(f"/api/v1/needs/{need.id}/matches").get_json()["items"]
    explanation = next(i["explanation"] for i in items if i["offer"]["id"] == testing.id)
    assert explanation["caveats"] == ["不承担产品的干扰定位和整改设计。"]
    assert explanation["scores"]["caveat"] > 0 and explanation["model"] == "use-m3"
