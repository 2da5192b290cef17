"""Issue 12: on a phone, an organiser starts the scheduler and watches its run in the background: the progress bar
moves while the solver searches, then the page shows the result and the new grid."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import delete

from matchmaker.extensions import db
from models import Event, EventSlot, Meeting, MeetingRequest, Notification, Registration, ScheduleRun
from models.choices import EventStatus
from tests.factories import DEFAULT_PASSWORD, EventFactory, MeetingRequestFactory, RegistrationFactory, organiser_of

pytestmark = pytest.mark.browser
# Under about 3.3 s the solver leaves no time for HiGHS' MIP, so on the odd cycle below it searches its whole time.
TIME_LIMIT = 3


@pytest.fixture
def odd_cycle_event(app, live_server, monkeypatch):
    """An event in scheduling: three participants who may each meet once all accepted to meet each other."""
    monkeypatch.setitem(app.config, "MATCHMAKER_JOBS", "thread")
    monkeypatch.setitem(app.config, "MATCHMAKER_SCHEDULE_TIME_LIMIT", TIME_LIMIT)
    with app.app_context():
        event = EventFactory(status=EventStatus.SCHEDULING, title="新能源电池校企对接会")
        people = [RegistrationFactory(event=event, max_meetings=1) for _ in range(3)]
        for a, b in ((0, 1), (1, 2), (0, 2)):
            MeetingRequestFactory(sender=people[a], recipient=people[b], accepted=True, priority=3)
        db.session.commit()
        yield event.id, organiser_of(event).email
    with app.app_context():  # before live_server's own wipe, which removes users and organisations
        for model in (ScheduleRun, Notification, Meeting, MeetingRequest, Registration, EventSlot, Event):
            db.session.execute(delete(model))
        db.session.commit()


def _progress(driver) -> float:
    return float(driver.find_element(By.ID, "schedule-progress").get_attribute("value"))


def test_a_scheduler_run_shows_its_progress_bar_moving_and_then_its_result(browser, live_server, odd_cycle_event):
    driver, base = browser, live_server
    event_id, email = odd_cycle_event
    driver.set_window_size(360, 780)
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(DEFAULT_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)

    driver.get(f"{base}/events/{event_id}/grid")
    driver.find_element(By.CSS_SELECTOR, f"form[action$='/events/{event_id}/schedule'] button").click()

    WebDriverWait(driver, 5).until(lambda d: d.find_elements(By.ID, "schedule-progress") and _progress(d) > 0)
    first = _progress(driver)
    WebDriverWait(driver, 5).until(lambda d: _progress(d) > first)
    card = driver.find_element(By.ID, "schedule-run")
    assert "已用时间" in card.text and "当前最优值" in card.text and "3.00" in card.text
    assert driver.execute_script("return arguments[0].getBoundingClientRect().right <= window.innerWidth", card)
    assert card.find_element(By.CSS_SELECTOR, "button.danger").is_displayed()  # the cancel button fits too

    WebDriverWait(driver, 15).until(lambda d: "排期完成：新增 1 场" in d.page_source)
    assert "1 场洽谈" in driver.page_source
    assert driver.execute_script("return document.getElementById('schedule-progress') === null")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.grid-table td.meeting")) == 1
