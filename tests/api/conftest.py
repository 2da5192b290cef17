"""Helpers for the API specification: valid request bodies and the error-shape check."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from stdnum.cn import uscc

from matchmaker.extensions import db

_BASE = "91140100MA0K2B3C4"
VALID_CREDIT_CODE = _BASE + uscc.calc_check_digit(_BASE)
INVALID_CREDIT_CODE = VALID_CREDIT_CODE[:-1] + ("0" if VALID_CREDIT_CODE[-1] != "0" else "1")


def persist() -> None:
    """Commit the test's setup (to its savepoint), so the rollback an error response triggers keeps it."""
    db.session.commit()


def count(model) -> int:
    """Rows of `model` visible to the test's session."""
    return db.session.scalar(select(func.count()).select_from(model))


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response is the API's JSON error shape with this status; returns error.fields."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]["fields"]


@pytest.fixture
def offer_body():
    def make(**overrides) -> dict:
        body = {
            "title": "固态电解质薄膜连续制备技术",
            "description": "卷对卷工艺制备硫化物固态电解质薄膜，厚度 30 微米以下。",
            "field": "new_energy_battery",
            "keywords": ["固态电池", "电解质"],
            "region": "山西省",
            "maturity": "pilot",
            "transfer_modes": ["license", "transfer"],
            "asking_price_wan": 300,
            "contact_name": "李老师",
            "contact_phone": "13900000000",
            "contact_email": "li@example.edu.cn",
        }
        body.update(overrides)
        return body

    return make


@pytest.fixture
def need_body():
    def make(**overrides) -> dict:
        body = {
            "title": "镁合金压铸件表面防腐处理",
            "description": "需要耐盐雾 500 小时以上、成本可控的镁合金表面处理工艺。",
            "field": "magnesium_alloy",
            "region": "山西省",
            "cooperation_modes": ["commissioned"],
            "budget_min_wan": 50,
            "budget_max_wan": 150,
            "deadline": "2027-06-30",
        }
        body.update(overrides)
        return body

    return make

