"""The facts rules and filters read about each posting (status, organisation, field, region, maturity, price…).

Every worker holds them for every posting of the index, so they are kept as one tuple per posting that starts with
a key layout shared by all postings with the same keys: about half the memory of a dict per posting (measured at
173 against 333 bytes per offer, keys and table included).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any


class FactsTable(MutableMapping):
    """posting id → facts; reading an entry gives a new dict, so change entries by assigning them."""

    def __init__(self, items: Mapping[int, Mapping] | Iterable[tuple[int, Mapping]] = ()):
        self._rows: dict[int, tuple] = {}
        self._layouts: dict[tuple[str, ...], tuple[str, ...]] = {}
        for doc_id, facts in (items.items() if isinstance(items, Mapping) else items):
            self[doc_id] = facts

    def __getitem__(self, doc_id: int) -> dict:
        row = self._rows[doc_id]
        return dict(zip(row[0], row[1:]))

    def get(self, doc_id: int, default: Any = None) -> Any:
        row = self._rows.get(doc_id)
        return default if row is None else dict(zip(row[0], row[1:]))

    def value(self, doc_id: int, key: str, default: Any = None) -> Any:
        """One fact of one posting, without building its dict (rankings read one fact of hundreds of postings)."""
        row = self._rows.get(doc_id)
        if row is None:
            return default
        try:
            return row[row[0].index(key) + 1]
        except ValueError:
            return default

    def picks(self, doc_ids: Iterable[int], keys: tuple[str, ...]) -> list[tuple | None]:
        """For each posting, the values of `keys` as a tuple (None where it lacks one), or None for an unknown id.

        A ranking reads the same few facts of a few hundred candidates: the positions of the keys are looked up once
        per layout instead of once per posting.
        """
        rows, positions, out = self._rows, {}, []
        for doc_id in doc_ids:
            row = rows.get(doc_id)
            if row is None:
                out.append(None)
                continue
            layout = row[0]
            at = positions.get(layout)
            if at is None:
                at = positions[layout] = tuple(layout.index(key) + 1 if key in layout else 0 for key in keys)
            out.append(tuple(row[j] if j else None for j in at))
        return out

    def values_of(self, key: str) -> dict[int, Any]:
        """One fact of every posting."""
        return {doc_id: self.value(doc_id, key) for doc_id in self._rows}

    def __setitem__(self, doc_id: int, facts: Mapping) -> None:
        keys = tuple(facts)
        self._rows[doc_id] = (self._layouts.setdefault(keys, keys), *facts.values())

    def __delitem__(self, doc_id: int) -> None:
        del self._rows[doc_id]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return len(self) == len(other) and all(other.get(i) == self[i] for i in self._rows)
        return NotImplemented

    def copy(self) -> FactsTable:
        """A table that later changes to this one do not touch (the rows are immutable tuples, shared)."""
        clone = FactsTable()
        clone._rows, clone._layouts = dict(self._rows), dict(self._layouts)
        return clone
