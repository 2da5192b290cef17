"""The compact table of facts beside the index: a mapping of posting id to facts, at a fraction of the memory."""
import pickle
import tracemalloc
from datetime import UTC, datetime

import pytest

from embeddings.facts import FactsTable


def offer_facts(i: int) -> dict:
    return {"status": "published", "organisation_id": i % 50, "field": "new_energy", "region": "江苏",
            "maturity": 3, "price": float(i), "lang": "zh", "_updated": datetime(2026, 1, 1, tzinfo=UTC)}


@pytest.fixture
def table() -> FactsTable:
    return FactsTable({1: offer_facts(1), 2: {"status": "draft", "lang": "en"}})


def test_an_entry_reads_back_as_the_facts_it_was_given(table):
    assert table[1] == offer_facts(1) and table.get(2) == {"status": "draft", "lang": "en"}


def test_a_missing_posting_gives_the_default(table):
    assert table.get(3) is None and table.get(3, {}) == {} and 3 not in table
    with pytest.raises(KeyError):
        table[3]


def test_one_fact_is_read_without_the_others_and_a_missing_one_gives_the_default(table):
    assert table.value(1, "region") == "江苏"
    assert table.value(2, "region", "none") == "none" and table.value(3, "lang") is None


def test_picks_give_the_asked_facts_in_order_none_where_missing_and_none_for_unknown_postings(table):
    assert table.picks([1, 2, 3], ("field", "status")) == [("new_energy", "published"), (None, "draft"), None]
    assert table.picks([1], ("maturity", "price")) == [(3, 1.0)]


def test_one_fact_of_every_posting(table):
    assert table.values_of("status") == {1: "published", 2: "draft"}


def test_changing_a_read_entry_leaves_the_table_alone_until_it_is_assigned(table):
    facts = table[1]
    facts["status"] = "closed"
    assert table[1]["status"] == "published"
    table[1] = facts
    assert table[1]["status"] == "closed"


def test_a_copy_does_not_see_later_changes(table):
    copy = table.copy()
    table[1] = {"status": "closed"}
    del table[2]
    assert copy[1] == offer_facts(1) and 2 in copy and len(table) == 1


def test_it_equals_a_dict_of_the_same_facts(table):
    assert table == {1: offer_facts(1), 2: {"status": "draft", "lang": "en"}}
    assert table != {1: offer_facts(1)}


def test_it_survives_pickling(table):
    assert pickle.loads(pickle.dumps(table)) == table


def test_it_takes_well_under_the_memory_of_a_dict_per_posting():
    def allocated(build) -> int:
        tracemalloc.start()
        held = build()
        size = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del held
        return size

    shared = offer_facts(0)  # the same value objects in both, so only the containers differ
    as_dicts = allocated(lambda: {i: dict(shared) for i in range(20_000)})
    as_table = allocated(lambda: FactsTable((i, shared) for i in range(20_000)))
    assert as_table < 0.6 * as_dicts
