"""Fixtures of the dashboard tests: the generated market history, and users of each role."""
from __future__ import annotations

import pytest

from tests import factories
from tests.dashboard.world import World, build_world


@pytest.fixture
def world(session) -> World:
    return build_world(session)


@pytest.fixture
def admin():
    return factories.UserFactory(admin=True)


@pytest.fixture
def organiser():
    return factories.UserFactory(is_organiser=True)


@pytest.fixture
def member():
    return factories.UserFactory()


@pytest.fixture
def broker():
    return factories.UserFactory(broker=True)
