"""A university registers, posts an offer, and the offer reaches the market once an admin verifies it."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from matchmaker.auth.services import create_admin
from matchmaker.extensions import db
from models import Organisation

pytestmark = pytest.mark.browser

OFFER_TITLE = "低温等离子体秸秆预处理技术"


def _fill(driver, values: dict[str, str]) -> None:
    for element_id, value in values.items():
        element = driver.find_element(By.ID, element_id)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        else:
            element.clear()
            element.send_keys(value)


def _login(driver, base: str, email: str, password: str) -> None:
    driver.get(f"{base}/login")
    _fill(driver, {"email": email, "password": password})
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def _logout(driver) -> None:
    driver.find_element(By.CSS_SELECTOR, "form[action$='/logout'] button").click()


def test_registered_university_offer_is_published_after_admin_verification(app, live_server, browser):
    driver, base = browser, live_server

    driver.get(f"{base}/register")
    _fill(driver, {
        "email": "zhang.wei@jzlg.edu.cn", "display_name": "张伟", "password": "s3cure-pass-1",
        "password_confirm": "s3cure-pass-1", "organisation-name": "晋中理工大学", "organisation-kind": "university",
        "organisation-province": "山西省", "organisation-city": "晋中市",
    })
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit].primary").click()
    WebDriverWait(driver, 10).until(EC.url_contains("/organisation"))
    assert "待认证" in driver.page_source

    driver.get(f"{base}/offers/new")
    _fill(driver, {
        "title": OFFER_TITLE,
        "description": "利用低温等离子体破坏木质素结构，酶解糖化率提高 35%，能耗低于蒸汽爆破。",
        "field": "modern_agriculture", "keywords": "秸秆，等离子体，预处理", "maturity": "pilot",
        "asking_price_wan": "80",
    })
    driver.find_element(By.CSS_SELECTOR, "input[name=transfer_modes][value=license]").click()
    driver.find_element(By.CSS_SELECTOR, "button[name=action][value=submit]").click()
    WebDriverWait(driver, 10).until(EC.url_matches(r"/offers/\d+$"))
    assert OFFER_TITLE in driver.page_source and "待审核" in driver.page_source
    _logout(driver)

    driver.get(f"{base}/offers?q=等离子体")
    assert OFFER_TITLE not in driver.page_source

    with app.app_context():
        create_admin(db.session, "admin@example.cn", "admin-pass-1")
        org_id = db.session.scalar(select(Organisation.id).where(Organisation.name == "晋中理工大学"))
        db.session.commit()
    _login(driver, base, "admin@example.cn", "admin-pass-1")
    driver.get(f"{base}/admin/")
    driver.find_element(By.CSS_SELECTOR, f"form[action*='/organisations/{org_id}/verify'] button").click()
    WebDriverWait(driver, 5).until(EC.alert_is_present()).accept()
    WebDriverWait(driver, 10).until(lambda d: "晋中理工大学" in d.page_source and "/admin" in d.current_url)
    _logout(driver)

    driver.get(f"{base}/offers")
    assert OFFER_TITLE in driver.page_source
    driver.get(f"{base}/offers?q=等离子体")
    assert OFFER_TITLE in driver.page_source
    driver.get(f"{base}/offers?q=镁合金")
    assert OFFER_TITLE not in driver.page_source
