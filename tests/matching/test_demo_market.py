"""On the demo market, as a new user meets it: strengths that are rarely near 100, and shared terms people read."""
import pytest
from sqlalchemy import select

from embeddings.stopwords import STOPWORDS
from matchmaker.brokerage import queue
from matchmaker.demo.load import load_demo
from matchmaker.matching.services import matches_for
from matchmaker.matching.setup import engine
from models import TechNeed, User
from models.choices import PostingStatus

# What users saw in explanations before: filler words, a unit, and glosses in a sense the text did not use.
SEEN_BEFORE = {"方式", "合作", "mm", "局部", "攻关 / passes", "仪表盘 / indic"}


@pytest.fixture
def demo(session):
    load_demo(session)
    session.commit()  # to the test's savepoint: committing is what indexes the postings


def test_fewer_than_a_tenth_of_the_demo_queues_matches_have_strength_90_or_more(session, demo):
    brokers = session.scalars(select(User).where(User.is_broker)).all()
    matches = [item for broker in brokers
               for item in queue.broker_queue(session, engine(), broker, per_page=1000).items if item.kind == "match"]

    assert matches
    assert sum(item.strength >= 90 for item in matches) < 0.1 * len(matches)


def test_the_shared_terms_of_every_demo_needs_top_20_matches_hold_no_stopword_and_no_short_term(session, demo):
    needs = session.scalars(select(TechNeed).where(TechNeed.status == PostingStatus.PUBLISHED)).all()
    checked = set()
    for need in needs:
        for result in matches_for(session, engine(), None, need, 20):
            for term in result.shared_terms:
                assert term not in SEEN_BEFORE, (need.title, term)
                for word in term.split(" / "):
                    assert len(word) >= 2 and word.lower() not in STOPWORDS, (need.title, term)
                    checked.add(word)

    assert len(needs) >= 80 and len(checked) > 100
