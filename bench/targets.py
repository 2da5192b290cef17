"""Target monitoring as history grows: the nine indicators judged for a year (whole market and one province), and the
monthly report with its workbook, over a market of 20,000 contracts, 2,000 events and 5,000 financing decisions.

Targets on the 2-CPU box, SQLite: progress for a year under 300 ms, the monthly report with its .xlsx under 500 ms.

    .venv/bin/python bench/targets.py
"""
from __future__ import annotations

import random
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import best_ms, emit_json, line, machine, mib, peak_rss_bytes  # noqa: E402

YEAR = 2026
AS_OF = date(2026, 11, 30)


def _fill(session, contracts_n: int, events_n: int, decisions_n: int) -> None:
    """Rows written in bulk (the factories would take minutes); one offer and need per organisation pair."""
    from models import (
        Case,
        Contract,
        Event,
        FinancialProduct,
        FinancingDecision,
        FinancingNeed,
        Organisation,
        TechField,
        TechOffer,
    )
    from models.choices import ContractType, EventKind, EventStatus, FinanceKind, Maturity, OrgKind

    rng = random.Random(16)
    field = session.query(TechField).first()
    provinces = ["山西省", "陕西省", "河南省"]
    orgs = [Organisation(kind=OrgKind.UNIVERSITY, name=f"大学{i}", province=provinces[i % 3], city="市")
            for i in range(30)]
    bank = Organisation(kind=OrgKind.BANK, name="银行", province="山西省", city="太原市")
    session.add_all([*orgs, bank])
    session.flush()
    offers = [TechOffer(title=f"成果{i}", description="说明", region=o.province, field_id=field.id,
                        organisation_id=o.id, maturity=Maturity.PILOT) for i, o in enumerate(orgs)]
    session.add_all(offers)
    session.flush()
    day0 = date(YEAR, 1, 1)
    for i in range(contracts_n):
        case = Case(offer_id=offers[i % len(offers)].id, source="broker", stage="signed")
        session.add(case)
        session.flush()
        session.add(Contract(case_id=case.id, type=ContractType.LICENSE, amount_wan=rng.randint(10, 500),
                             signed_on=day0 + timedelta(days=rng.randint(0, 364))))
    for i in range(events_n):
        start = datetime(YEAR, 1, 1, 2, tzinfo=UTC) + timedelta(days=rng.randint(0, 364))
        session.add(Event(kind=EventKind.ROADSHOW, title=f"活动{i}", starts_at=start, ends_at=start + timedelta(hours=4),
                          organiser_org_id=orgs[i % len(orgs)].id, status=EventStatus.FINISHED))
    product = FinancialProduct(organisation_id=bank.id, kind=FinanceKind.IP_PLEDGE_LOAN, title="质押贷",
                               amount_min_wan=1, amount_max_wan=5000)
    session.add(product)
    session.flush()
    for i in range(decisions_n):
        need = FinancingNeed(organisation_id=orgs[i % len(orgs)].id, title=f"融资{i}", purpose="用途",
                             amount_wan=300, stage="growth", field_id=field.id, region=provinces[i % 3],
                             revenue_wan=1000)
        session.add(need)
        session.flush()
        session.add(FinancingDecision(need_id=need.id, product_id=product.id, outcome="approved", amount_wan=200,
                                      decided_on=day0 + timedelta(days=rng.randint(0, 364))))
    session.commit()


def main() -> None:
    from matchmaker import create_app, migrate
    from matchmaker.extensions import db
    from matchmaker.targets.export import report_workbook
    from matchmaker.targets.progress import progress
    from matchmaker.targets.report import monthly_report

    print("target monitoring")
    folder = Path(tempfile.mkdtemp(prefix="bench-targets-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    migrate.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "MATCHMAKER_JOBS": "sync",
                      "MATCHMAKER_INDEX_DIR": str(folder / "index")})
    sizes = {"contracts": 20_000, "events": 2_000, "decisions": 5_000}
    with app.app_context():
        _fill(db.session, sizes["contracts"], sizes["events"], sizes["decisions"])
        whole = best_ms(lambda: progress(db.session, YEAR, "", AS_OF), repeat=3)
        province = best_ms(lambda: progress(db.session, YEAR, "山西省", AS_OF), repeat=3)
        with app.test_request_context():
            report = best_ms(lambda: report_workbook(monthly_report(db.session, YEAR, 11, "山西省", now=AS_OF)), repeat=3)
    line("progress, whole market", f"{whole:.0f} ms")
    line("progress, 山西省", f"{province:.0f} ms")
    line("monthly report + .xlsx, 山西省", f"{report:.0f} ms")
    line("peak RSS", f"{mib(peak_rss_bytes()):.0f} MiB")
    emit_json({"bench": "targets", "machine": machine(), **sizes, "progress_ms": round(whole),
               "progress_region_ms": round(province), "report_xlsx_ms": round(report),
               "peak_rss_mib": round(mib(peak_rss_bytes()))})


if __name__ == "__main__":
    main()
