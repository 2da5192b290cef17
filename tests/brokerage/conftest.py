"""Fixtures of the brokerage tests."""
import pytest

from tests.brokerage.deal import Deal, make_deal


@pytest.fixture
def deal() -> Deal:
    return make_deal()
