"""Issue 5: a deal from interest to signed contract, in headless Chromium.

An enterprise expresses interest in a university's offer; a broker claims it from the workbench, contacts both
sides and proposes an introduction; the university and then the enterprise accept, and only then does each side
see the other's contacts; the broker records the meeting, the negotiation and the technology contract, and the
offer page shows it transferred. Screenshots go to $MATCHMAKER_SCREENSHOTS when it is set (else the test's temporary
folder): deal-01-interest.png … deal-08-signed.png.
"""
from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import delete, select

from matchmaker.extensions import db
from models import (
    BrokerProfile,
    Case,
    CaseStep,
    Contract,
    Interest,
    MatchFeedback,
    Notification,
    PostingTransfer,
    TechOffer,
)
from models.choices import CaseStage, OrgKind
from tests.browser.conftest import confirm, full_page_screenshot, login, wait_for_text
from tests.factories import OfferFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

UNIVERSITY = ("li.prof@tyut.edu.cn", "李教授")
ENTERPRISE = ("wang.jl@jinneng.cn", "王经理", "13733334444")
BROKER = ("zhao.jj@sxtt.cn", "赵经纪")
OFFER_TITLE = "硫化物固态电解质薄膜连续制备技术"
OFFER_CONTACT = ("李明远", "13500001111", "liming@tyut.edu.cn")


@pytest.fixture
def people(app, live_server):
    """A university with an offer, an enterprise and a broker; removed again before live_server's own wipe."""
    with app.app_context():
        university = OrganisationFactory(kind=OrgKind.UNIVERSITY, name="太原理工大学")
        UserFactory(email=UNIVERSITY[0], display_name=UNIVERSITY[1], organisation=university)
        UserFactory(email=ENTERPRISE[0], display_name=ENTERPRISE[1], phone=ENTERPRISE[2],
                    organisation=OrganisationFactory(kind=OrgKind.ENTERPRISE, name="晋能电池有限公司"))
        UserFactory(email=BROKER[0], display_name=BROKER[1], is_broker=True,
                    organisation=OrganisationFactory(kind=OrgKind.BROKER_AGENCY, name="山西技术转移中心"))
        name, phone, email = OFFER_CONTACT
        OfferFactory(organisation=university, title=OFFER_TITLE, contact_name=name, contact_phone=phone,
                     contact_email=email, transfer_modes=["license", "transfer"],
                     description="卷对卷工艺连续制备硫化物固态电解质薄膜，厚度 30 微米以下，适用于固态电池中试线。")
        db.session.commit()
    yield
    with app.app_context():
        for model in (PostingTransfer, Contract, CaseStep, Interest, Case, MatchFeedback, BrokerProfile,
                      Notification):
            db.session.execute(delete(model))
        db.session.commit()










def _move(driver, stage: str, note: str = "") -> None:
    form = driver.find_element(By.XPATH, f"//form[contains(@action, '/transition')][.//input[@name='to' and "
                                         f"@value='{stage}']]")
    if note:
        form.find_element(By.NAME, "note").send_keys(note)
    form.find_element(By.TAG_NAME, "button").click()
    wait_for_text(driver, "已更新为")


def _contacts(driver) -> str:
    return driver.find_element(By.ID, "contacts").text


def test_a_deal_goes_from_interest_to_signed_contract(app, live_server, browser, people, tmp_path):
    driver, base = browser, live_server
    with app.app_context():
        offer_id = db.session.scalar(select(TechOffer.id).where(TechOffer.title == OFFER_TITLE))

    # The enterprise finds the offer, sees no contacts, and expresses interest.
    login(driver, base, ENTERPRISE[0])
    driver.get(f"{base}/offers/{offer_id}")
    assert not any(detail in driver.page_source for detail in OFFER_CONTACT)
    driver.find_element(By.ID, "message").send_keys("我们计划建设固态电池中试线，希望了解授权条件和中试数据。")
    driver.find_element(By.CSS_SELECTOR, "#interest button[type=submit]").click()
    wait_for_text(driver, "已提交对接意向")
    full_page_screenshot(driver, "deal-01-interest.png", tmp_path)

    # The broker claims it from the queue, contacts both sides and proposes the introduction.
    login(driver, base, BROKER[0])
    driver.find_element(By.LINK_TEXT, "经纪人工作台").click()
    wait_for_text(driver, "晋能电池有限公司")
    full_page_screenshot(driver, "deal-02-workbench.png", tmp_path)
    driver.find_element(By.CSS_SELECTOR, "li[id^='queue-interest-'] form[action$='/broker/claim'] button").click()
    WebDriverWait(driver, 10).until(EC.url_matches(r"/cases/\d+$"))
    case_id = int(driver.current_url.rsplit("/", 1)[1])
    _move(driver, "contacted", "已电话沟通双方意向")
    driver.find_element(By.ID, "intro-note").send_keys("企业中试线需求与成果指标吻合，建议当面交流。")
    driver.find_element(By.CSS_SELECTOR, "#propose button[type=submit]").click()
    wait_for_text(driver, "已向双方发出引荐邀请")
    full_page_screenshot(driver, "deal-03-introduction-proposed.png", tmp_path)

    # The university accepts first: the enterprise's contacts stay hidden until both have accepted.
    login(driver, base, UNIVERSITY[0])
    driver.find_element(By.LINK_TEXT, "我的对接").click()
    wait_for_text(driver, "待您确认引荐")
    driver.find_element(By.CSS_SELECTOR, f"a[href$='/cases/{case_id}']").click()
    driver.find_element(By.CSS_SELECTOR, "form[action$='/introduction/accept'] button").click()
    confirm(driver)
    wait_for_text(driver, "正在等待对方确认")
    assert ENTERPRISE[2] not in driver.page_source and ENTERPRISE[1] not in _contacts(driver)
    full_page_screenshot(driver, "deal-04-one-side-accepted.png", tmp_path)

    # The enterprise accepts: now it sees the offer's contacts, on the case and on the offer page.
    login(driver, base, ENTERPRISE[0])
    driver.get(f"{base}/cases/{case_id}")
    assert not any(detail in driver.page_source for detail in OFFER_CONTACT)
    driver.find_element(By.CSS_SELECTOR, "form[action$='/introduction/accept'] button").click()
    confirm(driver)
    wait_for_text(driver, "双方均已同意引荐")
    assert all(detail in _contacts(driver) for detail in OFFER_CONTACT)
    full_page_screenshot(driver, "deal-05-introduced.png", tmp_path)
    driver.get(f"{base}/offers/{offer_id}")
    assert all(detail in driver.page_source for detail in OFFER_CONTACT)

    # And the university sees the enterprise's accepting member.
    login(driver, base, UNIVERSITY[0])
    driver.get(f"{base}/cases/{case_id}")
    assert ENTERPRISE[1] in _contacts(driver) and ENTERPRISE[2] in _contacts(driver)
    full_page_screenshot(driver, "deal-06-contacts-exchanged.png", tmp_path)

    # The broker records the meeting and the negotiation, then the contract.
    login(driver, base, BROKER[0])
    driver.get(f"{base}/cases/{case_id}")
    _move(driver, "meeting", "双方在太原理工大学实验室会面")
    _move(driver, "negotiating", "就许可费用和中试支持交换意见")
    driver.find_element(By.LINK_TEXT, "登记合同并签约").click()
    Select(driver.find_element(By.ID, "type")).select_by_value("license")
    driver.find_element(By.ID, "amount_wan").send_keys("0")
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "signed_on"),
                          date.today().isoformat())
    driver.find_element(By.ID, "registration_no").send_keys("2026140100000123")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    wait_for_text(driver, "请填写大于 0 的合同金额")
    assert "has-error" in driver.find_element(By.ID, "field-amount_wan").get_attribute("class")
    full_page_screenshot(driver, "deal-07-contract-error.png", tmp_path)
    amount = driver.find_element(By.ID, "amount_wan")
    amount.clear()
    amount.send_keys("350")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    wait_for_text(driver, "已登记技术合同")
    assert "350 万元" in driver.find_element(By.ID, "contract").text
    full_page_screenshot(driver, "deal-08-signed.png", tmp_path)

    timeline = driver.find_element(By.ID, "history").text
    for stage in ("待跟进 → 已联系", "已联系 → 已引荐", "已引荐 → 已会面", "已会面 → 谈判中", "谈判中 → 已签约"):
        assert stage in timeline
    driver.get(f"{base}/offers/{offer_id}")
    assert "已转化" in driver.find_element(By.TAG_NAME, "h1").text
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.stage == CaseStage.SIGNED and case.contract.registration_no == "2026140100000123"
