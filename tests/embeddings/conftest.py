"""Shared data for the embeddings tests: one compiled lexicon and one fallback encoder per run, and no database.

The package works on ids and texts only, so these tests need none of the application fixtures.
"""
from __future__ import annotations

import pytest

from embeddings.encoder import Encoder
from embeddings.lexicon import Lexicon


@pytest.fixture
def session():
    """Replaces tests/conftest.py's autouse `session`, which would migrate a database these tests never touch."""
    return None


@pytest.fixture(scope="session")
def lexicon_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("lexicon")


@pytest.fixture(scope="session")
def lexicon(lexicon_dir) -> Lexicon:
    """CC-CEDICT compiled once (a few seconds), cached as a pickle in lexicon_dir."""
    return Lexicon.load(lexicon_dir)


@pytest.fixture(scope="session")
def fallback_encoder(lexicon) -> Encoder:
    """The packaged model, reached the way production reaches it: by asking for a model that cannot be loaded."""
    return Encoder("no-such-org/no-such-model", lexicon_loader=lambda: lexicon)

