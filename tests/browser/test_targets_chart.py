"""Issue 16, acceptance 4: headless Chromium sees the dashboard's target chart drawn, with the behind-pace marker.

This year's targets for the whole market: one contract is signed today against a target of one (met: a green bar),
and ten brokers who joined last year against a target of twelve (no growth since 1 January, so behind pace whatever
the day: a 落后 badge, a data-behind row, and a red bar of 83%). The canvas must hold drawn pixels of both bars (read
back with getImageData), which only happens when the locally served Chart.js ran under the page's CSP; the 监测月报
link then opens the month's report with the lagging indicator listed. Screenshots go to $MATCHMAKER_SCREENSHOTS when
it is set.
"""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from matchmaker.extensions import db
from matchmaker.targets import services
from matchmaker.targets.progress import today
from tests.browser.conftest import full_page_screenshot, login
from tests.factories import ContractFactory, UserFactory

pytestmark = pytest.mark.browser

ADMIN = "mubiao.admin@kjj.ty.gov.cn"

# Pixels near a colour of the chart: (r, g, b) within 40 on each channel.
COLOUR = """
const [canvas, r0, g0, b0] = arguments;
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let near = 0;
for (let i = 0; i < pixels.length; i += 4) {
  if (pixels[i + 3] < 200) continue;
  if (Math.abs(pixels[i] - r0) < 40 && Math.abs(pixels[i + 1] - g0) < 40 && Math.abs(pixels[i + 2] - b0) < 40) near += 1;
}
return near;
"""
RED, GREEN = (0xC9, 0x2A, 0x2A), (0x2B, 0x8A, 0x3E)


@pytest.fixture
def targets(app, live_server):
    with app.app_context():
        admin = UserFactory(admin=True, email=ADMIN, display_name="目标管理员")
        ContractFactory(signed_on=today(), amount_wan=120, case__broker=None)
        last_year = datetime(today().year - 1, 6, 1, tzinfo=UTC)
        for _ in range(10):
            UserFactory(broker=True, created_at=last_year)
        services.set_targets(db.session, admin, today().year, {"indicators": {"contract_count": 1, "brokers": 12}})
        db.session.commit()


def test_the_dashboard_draws_the_target_chart_and_marks_what_is_behind(browser, live_server, targets, tmp_path):
    driver = browser
    login(driver, live_server, ADMIN)
    driver.find_element(By.LINK_TEXT, "数据看板").click()

    WebDriverWait(driver, 20).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-targets-drawn") == "true")
    canvas = driver.find_element(By.ID, "chart-targets")
    assert canvas.size["width"] > 200 and canvas.size["height"] > 150
    assert driver.execute_script(COLOUR, canvas, *RED) > 2000  # the brokers' actual bar, behind pace
    assert driver.execute_script(COLOUR, canvas, *GREEN) > 2000  # the contract count's, on pace

    behind = driver.find_elements(By.CSS_SELECTOR, '#section-targets [data-behind="true"]')
    assert behind and all(element.is_displayed() for element in behind)
    row = driver.find_element(By.ID, "table-targets-brokers")
    assert row.get_attribute("data-behind") == "true" and "落后" in row.text
    assert driver.find_element(By.ID, "table-targets-contract_count").get_attribute("data-behind") == "false"
    full_page_screenshot(driver, "dashboard-targets.png", tmp_path)

    driver.find_element(By.ID, "monitoring-report").click()
    WebDriverWait(driver, 10).until(lambda d: "/dashboard/report" in d.current_url)
    lagging = driver.find_element(By.ID, "report-lagging")
    assert "技术经纪人数" in lagging.text and lagging.find_elements(By.CSS_SELECTOR, '[data-behind="true"]')
    full_page_screenshot(driver, "targets-report.png", tmp_path)
