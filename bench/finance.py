"""Technology-finance matching as the market grows: a product's match list over 2,000 open financing needs (rules on
every need, then the fit of the eligible ones), and a bank's queue over its three products.

Targets on the 2-CPU box: a product's match list under 0.5 s warm (vectors and terms cached) and a queue under 1 s
warm. The cold list is reported too: it is the one-off cost of encoding every need's text once per process.

    .venv/bin/python bench/finance.py
"""
from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import best_ms, emit_json, line, machine, mib, peak_rss_bytes  # noqa: E402

PURPOSES = ["建设固态电池电解质薄膜中试线", "扩建镁合金压铸产线", "采购MEMS传感器封测设备", "建设连翘提取物GMP车间",
            "推广设施农业水肥一体化", "煤矸石制备陶粒示范线", "补充研发流动资金", "建设动力电池回收示范线"]
FIELDS = ["new_energy_battery", "magnesium_alloy", "smart_sensors", "biomedicine", "modern_agriculture",
          "energy_saving"]


def main(needs_n: int = 2000) -> None:
    from matchmaker import create_app, migrate
    from matchmaker.extensions import db
    from matchmaker.finance import matching
    from matchmaker.matching.setup import engine
    from models.choices import OrgKind
    from tests.factories import FinancialProductFactory, FinancingNeedFactory, OrganisationFactory, field

    print("科技金融 matching")
    folder = Path(tempfile.mkdtemp(prefix="bench-finance-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    migrate.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "MATCHMAKER_JOBS": "sync",
                      "MATCHMAKER_INDEX_DIR": str(folder / "index")})
    rng = random.Random(16)
    with app.app_context():
        bank = OrganisationFactory(kind=OrgKind.BANK, name="基准银行")
        products = [FinancialProductFactory(organisation=bank, fields=fields, amount_min_wan=50, amount_max_wan=3000)
                    for fields in ([], ["new_energy_battery", "energy_saving"], ["magnesium_alloy"])]
        for i in range(needs_n):
            FinancingNeedFactory(title=f"融资需求{i}", purpose=f"{rng.choice(PURPOSES)}，第{i}期。",
                                 field=field(rng.choice(FIELDS)), amount_wan=rng.choice([80, 300, 900, 2500, 4000]))
        db.session.commit()
        encoder = engine().serving_encoder
        encoder.encode(["预热"])
        cold = best_ms(lambda: matching.needs_for_product(db.session, encoder, products[0]))
        warm = best_ms(lambda: matching.needs_for_product(db.session, encoder, products[0]))
        queue = best_ms(lambda: matching.queue(db.session, encoder, bank.id))
    line(f"product matches over {needs_n} needs, cold / warm", f"{cold:.0f} ms / {warm:.0f} ms")
    line("bank queue over 3 products, warm", f"{queue:.0f} ms")
    line("peak RSS", f"{mib(peak_rss_bytes()):.0f} MiB")
    emit_json({"bench": "finance", "machine": machine(), "needs": needs_n, "product_matches_cold_ms": round(cold),
                          "product_matches_warm_ms": round(warm), "queue_warm_ms": round(queue),
                          "peak_rss_mib": round(mib(peak_rss_bytes()))})


if __name__ == "__main__":
    main()
