"""Shared data for the embeddings tests: one compiled lexicon and one encoder of each family per run, and no database.

The package works on ids and texts only, so these tests need none of the application fixtures.
"""
from __future__ import annotations

import pytest

from embeddings.encoder import FALLBACK_ID, USE_M3_ID, Encoder
from embeddings.lexicon import Lexicon
from tests.embeddings.loading import UNLOADABLE, loaded


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
    """The English fallback, reached the way production reaches it when use-m3 is unavailable as well.

    The configured model cannot be loaded and the chain holds nothing between it and the fallback.
    """
    return loaded(Encoder(UNLOADABLE, lexicon_loader=lambda: lexicon, candidates=[UNLOADABLE, FALLBACK_ID]))


@pytest.fixture(scope="session")
def multilingual_encoder(lexicon) -> Encoder:
    """The multilingual Universal Sentence Encoder (use-m3), which reads Chinese as written."""
    return loaded(Encoder(USE_M3_ID, lexicon_loader=lambda: lexicon))
