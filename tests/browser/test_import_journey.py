"""A member uploads a spreadsheet of offers and watches the progress bar run to the end."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import delete, func, select

from matchmaker.extensions import db
from models import PostingImport, PostingVector, TechOffer
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, UserFactory
from tests.imports.sheets import offer_row, workbook

pytestmark = pytest.mark.browser
EMAIL = "import.owner@sxu.edu.cn"
ROWS = 120


@pytest.fixture
def started(monkeypatch):
    """An event the test sets once it has seen the queued import: a small import can otherwise end before the page loads."""
    from matchmaker.imports import jobs as import_jobs

    event, real_job = threading.Event(), import_jobs.run_import_job

    def run_once_seen(import_id: int) -> None:
        event.wait(60)
        real_job(import_id)

    monkeypatch.setattr(import_jobs, "run_import_job", run_once_seen)
    return event


@pytest.fixture
def uploader(app, live_server, monkeypatch):
    # A thread of the live server runs the import, as on a `make run` without Redis.
    monkeypatch.setitem(app.config, "MATCHMAKER_JOBS", "thread")
    with app.app_context():
        UserFactory(email=EMAIL, organisation=OrganisationFactory(name="山西大学"))
        db.session.commit()
    yield
    with app.app_context():
        db.session.execute(delete(PostingImport))
        db.session.execute(delete(PostingVector))
        db.session.commit()


def test_an_uploaded_file_shows_a_progress_bar_that_reaches_the_end(app, live_server, browser, uploader, started,
                                                                    tmp_path):
    driver, base = browser, live_server
    path = tmp_path / "成果清单.xlsx"
    path.write_bytes(workbook("offer", [offer_row(n) for n in range(ROWS)]))
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "email").send_keys(EMAIL)
    driver.find_element(By.ID, "password").send_keys(DEFAULT_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)

    driver.get(f"{base}/market/import")
    _screenshot(driver, "import-upload.png", tmp_path)
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/market/import/" in d.current_url)

    seen = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and "已导入" not in driver.find_element(By.TAG_NAME, "h1").text:
        value = driver.execute_script("var p = document.getElementById('progress-all'); return p ? p.value : null;")
        if value is not None:
            seen.append(float(value))
            started.set()
        if seen and seen[-1] >= 1.0:
            break
        time.sleep(0.1)
    _screenshot(driver, "import-progress.png", tmp_path)
    WebDriverWait(driver, 30).until(lambda d: f"已导入 {ROWS} 条信息" in d.page_source)
    _screenshot(driver, "import-done.png", tmp_path)
    driver.set_window_size(360, 800)
    _screenshot(driver, "import-done-phone.png", tmp_path)
    driver.get(f"{base}/market/import")
    _screenshot(driver, "import-upload-phone.png", tmp_path)
    driver.set_window_size(1280, 1000)

    assert seen and seen[-1] == 1.0, seen
    assert min(seen) < 1.0 and seen == sorted(seen), seen
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(TechOffer)) == ROWS


def _screenshot(driver, name: str, fallback: Path) -> None:
    folder = Path(os.environ.get("MATCHMAKER_SCREENSHOTS") or fallback)
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / name))
