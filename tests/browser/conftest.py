"""A live server on a free port and a headless Debian Chromium driving it."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete
from werkzeug.serving import make_server

from matchmaker.extensions import db
from models.base import Base
from tests.factories import DEFAULT_PASSWORD

# Seeded by the migrations and shared by every test: the taxonomy, and Alembic's own table.
KEPT_TABLES = {"tech_fields", "alembic_version"}


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    wipe_database(app)


def wipe_database(app) -> None:
    """Browser tests commit for real; remove every row they made (children first), keeping the seeded taxonomy."""
    with app.app_context():
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                db.session.execute(delete(table))
        db.session.commit()


def login(driver, base: str, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Log in through the login form and wait to leave it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.fail("Debian's chromium and chromium-driver are required: `make test` installs them")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1000", "--lang=zh-CN"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def full_page_screenshot(driver, name: str, fallback: Path) -> Path:
    """A full-page PNG, from the top, in $MATCHMAKER_SCREENSHOTS (or the test's temporary folder)."""
    folder = Path(os.environ.get("MATCHMAKER_SCREENSHOTS") or fallback)
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(1000, height))
    path = folder / name
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)
    return path


def wait_for_text(driver, text: str, timeout: float = 10) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: text in d.page_source)


def confirm(driver) -> None:
    """Accept the confirmation a destructive action asks for."""
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 5).until(EC.alert_is_present()).accept()
