"""Fixtures of the targets tests: the generated year, its targets, and users of each role."""
from __future__ import annotations

import pytest

from matchmaker.targets import services
from tests import factories
from tests.targets.world import TARGETS, YEAR, World, build_world


@pytest.fixture
def world(session) -> World:
    return build_world()


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
def targets(session, admin, world):
    """The targets of TARGETS set through the service, for the whole market and for 山西省."""
    for region, indicators in TARGETS.items():
        services.set_targets(session, admin, YEAR, {"region": region, "indicators": indicators})
    return TARGETS
