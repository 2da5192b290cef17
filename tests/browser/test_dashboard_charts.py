"""Issue 5, acceptance 3: the dashboard draws its charts in headless Chromium.

An administrator opens the dashboard over a generated market history; every chart's canvas must hold drawn, coloured
pixels (read back with getImageData), which only happens when the locally served Chart.js ran under the page's CSP.
Screenshots go to $MATCHMAKER_SCREENSHOTS when it is set.
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from matchmaker.extensions import db
from tests.browser.conftest import full_page_screenshot, login
from tests.dashboard.world import CHART_KEYS, build_world
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

ADMIN = "kanban.admin@kjj.ty.gov.cn"

# Pixels with any paint, and pixels in colour (the series; axes, grid and text are grey or black).
PAINT = """
const canvas = arguments[0];
const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let painted = 0, coloured = 0;
for (let i = 0; i < pixels.length; i += 4) {
  if (pixels[i + 3] === 0) continue;
  painted += 1;
  const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
  if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured += 1;
}
return {width: canvas.width, height: canvas.height, painted, coloured};
"""




@pytest.fixture
def admin(app, live_server):
    with app.app_context():
        UserFactory(admin=True, email=ADMIN, display_name="看板管理员")
        db.session.commit()


@pytest.fixture
def market(app, live_server, admin):
    with app.app_context():
        build_world(db.session)
        db.session.commit()






def test_the_dashboard_draws_every_chart(browser, live_server, market, tmp_path):
    driver = browser
    login(driver, live_server, ADMIN)
    driver.find_element(By.LINK_TEXT, "数据看板").click()

    WebDriverWait(driver, 20).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-charts-drawn") is not None)
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-charts-drawn") == str(len(CHART_KEYS))
    for key in CHART_KEYS:
        canvas = driver.find_element(By.ID, f"chart-{key}")
        paint = driver.execute_script(PAINT, canvas)
        assert paint["width"] > 200 and paint["height"] > 150, (key, paint)
        assert paint["coloured"] > 200, (key, paint)  # bars, lines or slices, not just axes
        assert paint["painted"] > paint["coloured"], (key, paint)  # and the axes, labels or legend around them
    path = full_page_screenshot(driver, "dashboard.png", tmp_path)
    assert path.stat().st_size > 20_000

    # A table under a chart opens for people who would rather read.
    driver.find_element(By.CSS_SELECTOR, "#section-funnel summary").click()
    assert driver.find_element(By.ID, "table-funnel").is_displayed()

    # Filtered to one field, the charts are drawn again from the filtered numbers.
    driver.get(f"{live_server}/dashboard/?start=2026-02-01&end=2026-04-30&field=biomedicine")
    WebDriverWait(driver, 20).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-charts-drawn") is not None)
    drawn = int(driver.find_element(By.TAG_NAME, "body").get_attribute("data-charts-drawn"))
    assert drawn == len(driver.find_elements(By.CSS_SELECTOR, "canvas.dashboard-chart")) >= 5
    full_page_screenshot(driver, "dashboard-filtered.png", tmp_path)


def test_an_empty_dashboard_shows_its_empty_states(browser, live_server, admin, tmp_path):
    driver = browser
    login(driver, live_server, ADMIN)
    driver.get(f"{live_server}/dashboard/")

    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-charts-drawn") == "0")
    assert not driver.find_elements(By.TAG_NAME, "canvas")
    assert "所选范围内还没有任何数据" in driver.page_source
    full_page_screenshot(driver, "dashboard-empty.png", tmp_path)
