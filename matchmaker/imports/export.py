"""The market lists as workbooks in the import template's columns, so an export imports again cleanly."""
from __future__ import annotations

from sqlalchemy.orm import Session

from matchmaker.imports.columns import CONTACT_COLUMNS, Vocabularies
from matchmaker.imports.workbook import MAX_ROWS, build_workbook
from matchmaker.market import services as market
from matchmaker.market.access import can_see_contact
from matchmaker.matching import services as matching
from matchmaker.matching.engine import MatchEngine


def export_rows(session: Session, engine: MatchEngine, viewer, kind: str, query: market.MarketQuery) -> list:
    """The postings a market list shows for `query`, every page of it, in its order (as on screen)."""
    everything = query.first_page()
    if query.q:
        return [hit.posting for hit in matching.search_page(session, engine, viewer, kind, everything, MAX_ROWS).items]
    return market.search_postings(session, kind, viewer, everything, per_page=MAX_ROWS).items


def export_workbook(session: Session, engine: MatchEngine, viewer, kind: str, query: market.MarketQuery) -> bytes:
    """The .xlsx of a filtered market list; contact cells stay empty where the viewer may not see them."""
    rows = []
    for posting in export_rows(session, engine, viewer, kind, query):
        values = market.posting_values(posting)
        if posting.kind == "offer" and not can_see_contact(viewer, posting):
            values.update(dict.fromkeys(CONTACT_COLUMNS))
        rows.append(values)
    return build_workbook(kind, Vocabularies(market.active_fields(session)), rows=rows)
