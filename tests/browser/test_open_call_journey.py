"""Issue 15: a 揭榜挂帅 open call from need to paid milestone, in headless Chromium.

An enterprise turns its published need into a call (300 万元, milestones of 30% and 70%, the default rubric) and
publishes it; two universities each submit a proposal with a PDF attachment; the owner seats three experts, and a
fourth, a member of one of the universities, is refused for the conflict of interest; the owner closes submissions;
the experts declare no conflict and score both proposals; the owner sees the ranking and awards the top proposal;
the winning university reports its first milestone, the owner accepts it, and the dashboard shows the 90 万元 paid.
Only the starting data (people, organisations, the need, the experts' profiles) is made with factories; the rest is
clicked. Screenshots go to $MATCHMAKER_SCREENSHOTS when it is set (else the test's temporary folder):
open-call-01-form.png … open-call-15-dashboard.png.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from matchmaker.config import MARKET_TZ
from matchmaker.demo.pdf import one_page_pdf
from matchmaker.experts.services import update_expert_profile
from matchmaker.extensions import db
from models import (
    MilestoneDelivery,
    OpenCall,
    OpenCallExpert,
    Proposal,
    ProposalAttachment,
    ProposalScore,
    TechNeed,
    User,
)
from models.choices import DeliveryStatus, OpenCallStatus, OrgKind, OrgRole
from tests.browser.conftest import confirm, full_page_screenshot, login, wait_for_text
from tests.factories import NeedFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

NEED_TITLE = "磷酸铁锂电池低温快充电解液开发"
OWNER = ("chen.zg@jinneng-bat.cn", "陈总工", "晋能储能科技有限公司")
# The two applicants: (email, name, university); the first is scored higher and wins.
UNI_A = ("li.prof@tyut.edu.cn", "李教授", "太原理工大学")
UNI_B = ("zhou.prof@sxu.edu.cn", "周教授", "山西大学")
# Three experts from third-party organisations, each scoring the proposals in this order of generosity.
EXPERTS = [("expert.wang@sxicc.ac.cn", "王研究员", "中国科学院山西煤炭化学研究所"),
           ("expert.liu@catarc.ac.cn", "刘高工", "中国汽车技术研究中心"),
           ("expert.sun@bit.edu.cn", "孙教授", "北京理工大学")]
# An expert who teaches at the first applicant: assigning them is a conflict of interest.
CONFLICTED = ("expert.zhao@tyut.edu.cn", "赵教授")
ORGANISER = ("zhang.kz@sxkjt.gov.cn", "张科长", "山西省科学技术厅")
FIELD = "new_energy_battery"
REWARD, FIRST_SHARE, PAID = "300", "30", "90"


@pytest.fixture
def people(app, live_server):
    """The enterprise with its published need, two university members, four experts and a dashboard organiser.

    live_server's wipe removes every row afterwards, the open-call tables (calls, proposals, attachments, seats,
    scores, deliveries) and the case the award opens included."""
    with app.app_context():
        enterprise = OrganisationFactory(kind=OrgKind.ENTERPRISE, name=OWNER[2])
        UserFactory(email=OWNER[0], display_name=OWNER[1], organisation=enterprise)
        NeedFactory(organisation=enterprise, title=NEED_TITLE,
                    description="零下 20 摄氏度 3C 快充不析锂，循环 1000 次容量保持率 85% 以上，需要电解液配方与中试验证。",
                    keywords=["低温", "快充", "电解液"], budget_min_wan=200, budget_max_wan=400)
        universities = {}
        for email, name, org in (UNI_A, UNI_B):
            universities[org] = OrganisationFactory(kind=OrgKind.UNIVERSITY, name=org)
            UserFactory(email=email, display_name=name, organisation=universities[org])
        experts = [UserFactory(email=email, display_name=name, expert=True, org_role=OrgRole.MEMBER,
                               organisation=OrganisationFactory(kind=OrgKind.INSTITUTE, name=org))
                   for email, name, org in EXPERTS]
        experts.append(UserFactory(email=CONFLICTED[0], display_name=CONFLICTED[1], expert=True,
                                   org_role=OrgRole.MEMBER, organisation=universities[UNI_A[2]]))
        for expert in experts:
            update_expert_profile(db.session, expert, expert, [FIELD], expert.organisation.name)
        UserFactory(email=ORGANISER[0], display_name=ORGANISER[1], is_organiser=True,
                    organisation=OrganisationFactory(kind=OrgKind.GOVERNMENT, name=ORGANISER[2]))
        db.session.commit()
    yield








def _fill(driver, values: dict[str, str], within=None) -> None:
    scope = within or driver
    for element_id, value in values.items():
        element = scope.find_element(By.ID, element_id)
        if element.get_attribute("type") == "datetime-local":
            driver.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)


def _local(moment: datetime) -> str:
    """A datetime-local input's value, in Beijing time as the form reads it."""
    return moment.astimezone(MARKET_TZ).strftime("%Y-%m-%dT%H:%M")


def _flash(driver) -> str:
    """The flashed messages, read in one script call: a page being replaced leaves no stale element behind."""
    return driver.execute_script(
        "return [...document.querySelectorAll('.flash')].map(e => e.innerText).join(' ')") or ""


def _user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def _submit_proposal(driver, base: str, call_id: int, applicant: tuple, pdf: Path, shots: Path, n: int) -> None:
    """An applicant finds the call in the hall, submits a proposal with the PDF, and sees the file listed."""
    email, name, university = applicant
    login(driver, base, email)
    driver.get(f"{base}/open-calls")
    driver.find_element(By.LINK_TEXT, NEED_TITLE).click()
    wait_for_text(driver, "提交揭榜方案")
    driver.find_element(By.CSS_SELECTOR, "#apply a.button.primary").click()
    WebDriverWait(driver, 10).until(EC.url_matches(rf"/open-calls/{call_id}/proposal$"))
    _fill(driver, {
        "approach": f"{university}采用氟代碳酸酯共溶剂与新型锂盐复配，降低低温去溶剂化能垒，配合负极界面修饰抑制析锂。",
        "plan": "第一阶段完成配方筛选与扣电验证，第二阶段在 20Ah 软包电池上完成低温快充中试。",
        "budget_wan": "280" if applicant is UNI_A else "260",
        "team-0-name": name, "team-0-title": "教授", "team-0-role": "项目负责人",
        "team-1-name": "吴博士", "team-1-title": "副研究员", "team-1-role": "电解液配方",
    })
    driver.find_element(By.ID, "files").send_keys(str(pdf.resolve()))
    full_page_screenshot(driver, f"open-call-{n:02d}-proposal-form.png", shots)
    driver.find_element(By.CSS_SELECTOR, "form[enctype='multipart/form-data'] button[type=submit].primary").click()
    WebDriverWait(driver, 10).until(EC.url_matches(rf"/open-calls/{call_id}/proposals/\d+$"))
    assert "揭榜方案已提交" in _flash(driver)
    listed = driver.find_element(By.CSS_SELECTOR, "ul.attachments").text
    assert pdf.name in listed and "KB" in listed
    full_page_screenshot(driver, f"open-call-{n + 1:02d}-proposal-submitted.png", shots)


def _score_both(driver, base: str, call_id: int, expert: tuple, scores: dict[str, int], shots: Path | None) -> None:
    """An expert declares no conflict, then scores each proposal on every criterion (`scores` by university)."""
    login(driver, base, expert[0])
    driver.get(f"{base}/open-calls/{call_id}")
    review = driver.find_element(By.ID, "review")
    assert "请先声明" in review.text or "利益冲突" in review.text
    review.find_element(By.XPATH, ".//button[contains(., '均无利益冲突')]").click()
    wait_for_text(driver, "已声明无利益冲突")
    for university, base_score in scores.items():
        row = driver.find_element(By.XPATH, f"//section[@id='review']//tr[td[contains(., '{university}')]]")
        assert "待评分" in row.text
        row.find_element(By.LINK_TEXT, "评分").click()
        WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#score form")))
        # Five criteria, each a point lower than the one before, so totals differ by university and expert.
        _fill(driver, {f"criterion_{i}": str(base_score - i) for i in range(1, 6)})
        _fill(driver, {"comment": f"{university}方案：技术路线清晰，中试安排可行。"})
        if shots is not None and university == UNI_A[2]:
            full_page_screenshot(driver, "open-call-09-expert-scoring.png", shots)
        driver.find_element(By.CSS_SELECTOR, "#score form button[type=submit]").click()
        wait_for_text(driver, "已保存对该方案的评分")
        row = driver.find_element(By.XPATH, f"//section[@id='review']//tr[td[contains(., '{university}')]]")
        assert "已评分" in row.text


def test_an_open_call_goes_from_need_to_a_paid_milestone(app, live_server, browser, people, tmp_path):
    driver, base = browser, live_server
    shots = tmp_path / "shots"
    with app.app_context():
        need_id = db.session.scalar(select(TechNeed.id).where(TechNeed.title == NEED_TITLE))
    expert_ids = [_user_id(app, email) for email, _name, _org in EXPERTS]
    conflicted_id = _user_id(app, CONFLICTED[0])

    # 1. The firm's owner opens its published need, turns it into a call and publishes it.
    login(driver, base, OWNER[0])
    driver.get(f"{base}/needs/{need_id}")
    driver.find_element(By.LINK_TEXT, "转为揭榜挂帅榜单").click()
    WebDriverWait(driver, 10).until(EC.url_matches(rf"/needs/{need_id}/open-call$"))
    now = datetime.now(MARKET_TZ)
    _fill(driver, {
        "reward_wan": REWARD,
        "submission_deadline": _local(now + timedelta(days=30)),
        "delivery_deadline": _local(now + timedelta(days=400)),
        "milestone_1_title": "配方验证：扣电低温快充达标", "milestone_1_share": FIRST_SHARE,
        "milestone_2_title": "软包中试交付", "milestone_2_share": "70",
    })
    assert [driver.find_element(By.ID, f"criterion_{i}").get_attribute("value") for i in range(1, 6)] == \
        ["25", "25", "20", "15", "15"]
    full_page_screenshot(driver, "open-call-01-form.png", shots)
    driver.find_element(By.XPATH, "//button[contains(., '保存榜单草稿')]").click()
    WebDriverWait(driver, 10).until(EC.url_matches(r"/open-calls/\d+$"))
    call_id = int(driver.current_url.rsplit("/", 1)[1])
    assert "榜单草稿已保存" in _flash(driver)
    assert "草稿" in driver.find_element(By.TAG_NAME, "h1").text
    driver.find_element(By.XPATH, "//button[contains(., '发布榜单')]").click()
    wait_for_text(driver, "榜单已发布到榜单大厅")
    assert "揭榜中" in driver.find_element(By.TAG_NAME, "h1").text
    assert "300" in driver.find_element(By.CSS_SELECTOR, ".meta").text
    full_page_screenshot(driver, "open-call-02-published.png", shots)

    # 2. Two universities each submit a proposal with a real PDF file.
    for n, applicant in ((3, UNI_A), (5, UNI_B)):
        folder = tmp_path / applicant[2]
        folder.mkdir()
        pdf = folder / "方案.pdf"
        pdf.write_bytes(one_page_pdf(f"{applicant[2]}揭榜方案", [f"{NEED_TITLE}：技术路线、实施计划与经费预算。"]))
        _submit_proposal(driver, base, call_id, applicant, pdf, shots, n)

    # 3. The owner seats the three suggested experts; a fourth from an applicant university is refused.
    login(driver, base, OWNER[0])
    driver.get(f"{base}/open-calls/{call_id}")
    received = driver.find_elements(By.CSS_SELECTOR, "#proposals tbody tr")
    assert sorted(row.find_element(By.CSS_SELECTOR, "td[data-label='揭榜机构']").text for row in received) == \
        sorted([UNI_A[2], UNI_B[2]])
    assert [row.find_element(By.CSS_SELECTOR, "td[data-label='附件']").text for row in received] == ["1", "1"]
    panel = driver.find_element(By.ID, "panel")
    suggested = {int(label.find_element(By.NAME, "user_ids").get_attribute("value"))
                 for label in panel.find_elements(By.XPATH, ".//label[.//span[contains(@class, 'badge-suggested')]]")}
    assert set(expert_ids) <= suggested and conflicted_id not in suggested  # never suggested: a conflict
    for expert_id in expert_ids:
        panel.find_element(By.CSS_SELECTOR, f"input[name=user_ids][value='{expert_id}']").click()
    panel.find_element(By.XPATH, ".//button[contains(., '保存评审专家')]").click()
    wait_for_text(driver, "评审专家已更新")
    seats = driver.find_elements(By.CSS_SELECTOR, "#panel table tbody tr")
    assert len(seats) == 3 and all("未声明" in seat.text for seat in seats)
    full_page_screenshot(driver, "open-call-07-panel.png", shots)
    # The rest of the pool lists the fourth, flagged; the owner ticks them anyway.
    panel = driver.find_element(By.ID, "panel")
    panel.find_element(By.CSS_SELECTOR, "details.pool summary").click()
    pooled = panel.find_element(By.XPATH, f".//details//label[.//input[@value='{conflicted_id}']]")
    assert "存在利益冲突" in pooled.text
    pooled.find_element(By.NAME, "user_ids").click()
    panel.find_element(By.XPATH, ".//button[contains(., '保存评审专家')]").click()
    WebDriverWait(driver, 10).until(lambda d: CONFLICTED[1] in _flash(d))
    refusal = _flash(driver)
    assert CONFLICTED[1] in refusal and UNI_A[2] in refusal and "利益冲突" in refusal
    seats = driver.find_elements(By.CSS_SELECTOR, "#panel table tbody tr")
    assert len(seats) == 3 and not any(CONFLICTED[1] in seat.text for seat in seats)
    full_page_screenshot(driver, "open-call-08-conflict-refused.png", shots)

    # 4. The owner closes submissions: the call moves into review.
    driver.get(f"{base}/open-calls/{call_id}")
    driver.find_element(By.XPATH, "//form[contains(@action, '/close')]//button").click()
    confirm(driver)
    wait_for_text(driver, "已截止揭榜")
    assert "评审中" in driver.find_element(By.TAG_NAME, "h1").text

    # 5. Each expert declares no conflict and scores both proposals, the first university higher every time.
    for i, expert in enumerate(EXPERTS):
        _score_both(driver, base, call_id, expert, {UNI_A[2]: 92 - 3 * i, UNI_B[2]: 80 - 2 * i},
                    shots if i == 0 else None)

    # 6. The owner sees the ranking, the first university on top, and awards it.
    login(driver, base, OWNER[0])
    driver.get(f"{base}/open-calls/{call_id}")
    assert "已收到 6 / 6 份评分" in driver.find_element(By.ID, "panel").text
    ranked = driver.find_elements(By.CSS_SELECTOR, "#ranking table.ranking tbody tr")
    assert len(ranked) == 2
    assert UNI_A[2] in ranked[0].text and UNI_B[2] in ranked[1].text
    top = float(ranked[0].find_element(By.CSS_SELECTOR, "td.score").text)
    second = float(ranked[1].find_element(By.CSS_SELECTOR, "td.score").text)
    assert top > second
    full_page_screenshot(driver, "open-call-10-ranking.png", shots)
    ranked[0].find_element(By.NAME, "proposal_ids").click()
    _fill(driver, {"reason": "低温快充方案指标领先，团队具备软包中试经验，专家评审综合得分第一。"})
    driver.find_element(By.XPATH, "//section[@id='ranking']//button[contains(., '定榜')]").click()
    confirm(driver)
    wait_for_text(driver, "已定榜，各揭榜方将收到结果通知")
    assert "已定榜" in driver.find_element(By.TAG_NAME, "h1").text
    winners = driver.find_element(By.ID, "winners").text
    assert UNI_A[2] in winners and "中榜" in winners and UNI_B[2] not in winners
    full_page_screenshot(driver, "open-call-11-awarded.png", shots)

    # 7. The winning university reports the first milestone; the owner accepts it and 30% of 300 万元 is paid.
    login(driver, base, UNI_A[0])
    driver.get(f"{base}/open-calls/{call_id}")
    assert "中榜" in driver.find_element(By.ID, "apply").text
    first = driver.find_element(By.CSS_SELECTOR, "#winners tr[id^='milestone-']")
    row_id = first.get_attribute("id")
    assert "待报告" in first.text and f"{PAID} 万元" in first.text
    first.find_element(By.CSS_SELECTOR, "details.milestone-action summary").click()
    first.find_element(By.NAME, "report").send_keys("扣电在零下 20 摄氏度 3C 快充无析锂，容量保持率 86%，测试报告已上传。")
    full_page_screenshot(driver, "open-call-12-milestone-report.png", shots)
    first.find_element(By.XPATH, ".//button[contains(., '提交报告')]").click()
    wait_for_text(driver, "已报告里程碑完成，等待发榜方验收")
    assert "待验收" in driver.find_element(By.ID, row_id).text

    login(driver, base, OWNER[0])
    driver.get(f"{base}/open-calls/{call_id}")
    assert "攻关中" in driver.find_element(By.TAG_NAME, "h1").text
    row = driver.find_element(By.ID, row_id)
    row.find_element(By.NAME, "note").send_keys("指标达标，同意拨付首期。")
    full_page_screenshot(driver, "open-call-13-milestone-decision.png", shots)
    row.find_element(By.CSS_SELECTOR, "button[name=decision][value=accept]").click()
    confirm(driver)
    wait_for_text(driver, "里程碑已通过验收")
    row = driver.find_element(By.ID, row_id)
    assert "已验收" in row.text
    assert row.find_element(By.CSS_SELECTOR, "td[data-label='已拨付']").text == f"{PAID} 万元"
    full_page_screenshot(driver, "open-call-14-milestone-accepted.png", shots)

    # 8. The dashboard's open-call figures show the award and the paid share.
    login(driver, base, ORGANISER[0])
    driver.find_element(By.LINK_TEXT, "数据看板").click()
    WebDriverWait(driver, 10).until(EC.url_contains("/dashboard"))
    figures = {figure.find_element(By.TAG_NAME, "span").text: figure.find_element(By.TAG_NAME, "strong").text
               for figure in driver.find_elements(By.CSS_SELECTOR, ".dashboard-figures > div")}
    assert figures["已拨付榜额（万元）"] == PAID and figures["定榜榜额（万元）"] == REWARD
    assert figures["揭榜方案"] == "2" and figures["发布揭榜榜单"] == "1"
    chart = driver.find_element(By.ID, "section-open_call_awards")
    assert "揭榜挂帅榜额与拨付" in chart.text
    chart.find_element(By.CSS_SELECTOR, "details.chart-table summary").click()
    paid_row = chart.find_element(By.XPATH, ".//tr[th[normalize-space()='已拨付']]")
    assert paid_row.find_element(By.TAG_NAME, "td").text == PAID
    assert chart.find_elements(By.CSS_SELECTOR, "canvas#chart-open_call_awards")
    full_page_screenshot(driver, "open-call-15-dashboard.png", shots)

    # And the database agrees.
    with app.app_context():
        call = db.session.scalar(select(OpenCall).where(OpenCall.need_id == need_id))
        assert call.id == call_id and call.status == OpenCallStatus.IN_DELIVERY
        assert call.reward_wan == Decimal(REWARD) and [m.share for m in call.milestones] == [30, 70]
        proposals = db.session.scalars(select(Proposal).where(Proposal.call_id == call_id)).all()
        assert {p.organisation.name: p.awarded for p in proposals} == {UNI_A[2]: True, UNI_B[2]: False}
        assert [a.filename for a in db.session.scalars(select(ProposalAttachment))] == ["方案.pdf", "方案.pdf"]
        seated = db.session.scalars(select(OpenCallExpert.expert_id).where(OpenCallExpert.call_id == call_id))
        assert sorted(seated) == sorted(expert_ids)
        assert len(db.session.scalars(select(ProposalScore)).all()) == 6
        delivery = db.session.scalars(select(MilestoneDelivery)).one()
        assert delivery.status == DeliveryStatus.ACCEPTED and delivery.paid_wan == Decimal(PAID)
        assert delivery.milestone_id == call.milestones[0].id
        assert delivery.proposal.organisation.name == UNI_A[2]
