"""Issue 4, acceptance 4: an organiser creates a matchmaking day; three verified participants register with their
availability and accept each other's meeting requests; the organiser schedules and publishes; a participant reads
the agenda and downloads the .ics invitation."""
import time
from pathlib import Path

import pytest
from icalendar import Calendar
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import delete, select

from matchmaker.extensions import db
from models import AgendaItem, Event, EventSlot, Meeting, MeetingRequest, Notification, Registration, ScheduleRun
from models.choices import OrgKind
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

TITLE = "2027 新能源电池校企对接会"
# Three 20-minute rounds at two tables; the investor is free in the first two rounds only, so the triangle of
# accepted requests needs every round.
PEOPLE = {
    "pitcher": ("li.prof@tyut.edu.cn", "李教授", OrgKind.UNIVERSITY, "太原理工大学"),
    "attendee": ("wang.jl@jinneng.cn", "王经理", OrgKind.ENTERPRISE, "晋能电池有限公司"),
    "investor": ("zhao.tz@sxvc.cn", "赵投资", OrgKind.INVESTOR, "山西创投基金"),
}
AVAILABLE = {"pitcher": ["s01", "s02", "s03"], "attendee": ["s01", "s02", "s03"], "investor": ["s01", "s02"]}


@pytest.fixture
def people(app):
    """An organiser of a science bureau and the three participants, all of verified organisations."""
    with app.app_context():
        bureau = OrganisationFactory(kind=OrgKind.GOVERNMENT, name="太原市科技局")
        UserFactory(email="chen.zb@kjj.ty.gov.cn", display_name="陈主办", organisation=bureau, is_organiser=True)
        for email, name, kind, org in PEOPLE.values():
            UserFactory(email=email, display_name=name, organisation=OrganisationFactory(kind=kind, name=org))
        db.session.commit()
    yield
    with app.app_context():  # before live_server's own wipe, which removes users and organisations
        for model in (ScheduleRun, Notification, Meeting, MeetingRequest, Registration, AgendaItem, EventSlot, Event):
            db.session.execute(delete(model))
        db.session.commit()


@pytest.fixture
def downloads(browser, tmp_path) -> Path:
    """Chromium saves downloads into a fresh folder."""
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    return tmp_path


def _fill(driver, values: dict[str, str]) -> None:
    for element_id, value in values.items():
        element = driver.find_element(By.ID, element_id)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "datetime-local":
            driver.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)


def _submit(driver, css: str = "form button[type=submit].primary", confirm: bool = False) -> None:
    driver.find_element(By.CSS_SELECTOR, css).click()
    if confirm:
        WebDriverWait(driver, 5).until(EC.alert_is_present()).accept()


def _login(driver, base: str, email: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    _fill(driver, {"email": email, "password": DEFAULT_PASSWORD})
    _submit(driver)
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def _wait_for_text(driver, text: str, timeout: float = 10) -> None:
    WebDriverWait(driver, timeout).until(lambda d: text in d.page_source)


def _register(driver, base: str, event_id: int, role: str) -> None:
    email = PEOPLE[role][0]
    _login(driver, base, email)
    driver.get(f"{base}/events/{event_id}")
    Select(driver.find_element(By.ID, "role")).select_by_value(role)
    if len(AVAILABLE[role]) == 3:
        driver.find_element(By.CSS_SELECTOR, "button[data-check-all=available_slots]").click()
    else:
        for code in AVAILABLE[role]:
            driver.find_element(By.CSS_SELECTOR, f"input[name=available_slots][value={code}]").click()
    _submit(driver, "#registration button[type=submit]")
    WebDriverWait(driver, 10).until(EC.url_matches(rf"/events/{event_id}/me$"))


def _accept_from(driver, sender_name: str) -> None:
    item = driver.find_element(By.XPATH, f"//li[starts-with(@id, 'request-')][.//strong[text()='{sender_name}']]")
    item.find_element(By.XPATH, ".//form[contains(@action, '/accept')]//button").click()
    _wait_for_text(driver, "已接受洽谈邀请")


def _request_meeting(driver, recipient_name: str, message: str) -> None:
    driver.find_element(By.XPATH, f"//ul[contains(@class, 'people')]/li[.//strong[text()='{recipient_name}']]//a").click()
    _fill(driver, {"message": message, "priority": "3"})
    _submit(driver)
    _wait_for_text(driver, f"已向 {recipient_name} 发出洽谈邀请")


def test_organiser_schedules_a_matchmaking_day_and_a_participant_downloads_the_agenda(
        app, live_server, browser, people, downloads, monkeypatch):
    monkeypatch.setitem(app.config, "MATCHMAKER_SCHEDULE_TIME_LIMIT", 2)
    driver, base = browser, live_server
    names = {role: person[1] for role, person in PEOPLE.items()}

    # The organiser creates the event and opens registration.
    _login(driver, base, "chen.zb@kjj.ty.gov.cn")
    driver.get(f"{base}/events")
    driver.find_element(By.CSS_SELECTOR, "a[href$='/events/new']").click()
    _fill(driver, {"kind": "matchmaking", "title": TITLE, "field": "new_energy_battery",
                   "description": "高校电池成果与企业需求一对一洽谈。", "venue": "太原市科技大市场一楼",
                   "starts_at": "2027-06-10T09:00", "ends_at": "2027-06-10T10:00", "slot_minutes": "20",
                   "tables": "2"})
    _submit(driver)
    WebDriverWait(driver, 10).until(EC.url_matches(r"/events/\d+$"))
    event_id = int(driver.current_url.rsplit("/", 1)[1])
    _submit(driver, f"form[action$='/events/{event_id}/status/open'] button")
    _wait_for_text(driver, "报名中")

    # Three participants register with their availability.
    for role in PEOPLE:
        _register(driver, base, event_id, role)

    # Each one sends a request and accepts one: pitcher → attendee → investor → pitcher.
    _request_meeting(driver, names["pitcher"], "想听听贵校单晶正极材料的中试进展。")  # the investor is logged in
    _login(driver, base, PEOPLE["pitcher"][0])
    driver.get(f"{base}/events/{event_id}/me")
    _accept_from(driver, names["investor"])
    _request_meeting(driver, names["attendee"], "我们的正极材料可以满足贵公司的低温需求。")
    _login(driver, base, PEOPLE["attendee"][0])
    driver.get(f"{base}/events/{event_id}/me")
    _accept_from(driver, names["pitcher"])
    _request_meeting(driver, names["investor"], "公司扩产正在寻找投资。")
    _login(driver, base, PEOPLE["investor"][0])
    driver.get(f"{base}/events/{event_id}/me")
    _accept_from(driver, names["attendee"])

    # The organiser switches to scheduling, runs the scheduler and publishes.
    _login(driver, base, "chen.zb@kjj.ty.gov.cn")
    driver.get(f"{base}/events/{event_id}")
    _submit(driver, "form[action$='/status/scheduling'] button", confirm=True)
    WebDriverWait(driver, 10).until(EC.url_matches(rf"/events/{event_id}/registrations$"))
    driver.get(f"{base}/events/{event_id}/grid")
    _submit(driver, f"form[action$='/events/{event_id}/schedule'] button")
    _wait_for_text(driver, "排期完成：新增 3 场", timeout=30)
    assert "3 场洽谈" in driver.page_source
    _submit(driver, "form[action$='/schedule/publish'] button", confirm=True)
    _wait_for_text(driver, "日程已发布")
    with app.app_context():
        assert db.session.scalar(select(Event.schedule_version).where(Event.id == event_id)) == 1

    # The pitcher reads the agenda and downloads the calendar.
    _login(driver, base, PEOPLE["pitcher"][0])
    driver.get(f"{base}/events/{event_id}")
    driver.find_element(By.LINK_TEXT, "我的日程").click()
    WebDriverWait(driver, 10).until(EC.url_contains("/agenda"))
    agenda = driver.find_element(By.CSS_SELECTOR, "table.agenda").text
    assert names["attendee"] in agenda and names["investor"] in agenda
    driver.find_element(By.CSS_SELECTOR, "a[href$='/agenda.ics']").click()
    path = downloads / f"event-{event_id}-agenda.ics"
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    calendar = Calendar.from_ical(path.read_bytes())
    assert str(calendar["method"]) == "REQUEST"
    summaries = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert len(summaries) == 2
    assert any(names["attendee"] in s for s in summaries) and any(names["investor"] in s for s in summaries)
