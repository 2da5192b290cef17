"""揭榜挂帅 costs that grow with input: checking and storing a 20 MB attachment, and ranking a large review.

Targets: a 20 MB file is checked and stored in under 0.5 s (an upload's wait is the network's, not ours); the
ranking of 200 proposals scored by 15 experts (3,000 scores) is computed in under 1 s on SQLite.

    .venv/bin/python bench/open_calls.py
"""
from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import best_ms, emit_json, line, machine, mib, peak_rss_bytes  # noqa: E402

TWENTY_MB = 20 * 1024 * 1024 - 1024


def _pdf() -> bytes:
    return b"%PDF-1.4\n" + b"0" * (TWENTY_MB - 9)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/image1.png", b"\x89PNG" + b"1" * (TWENTY_MB - 4096))
    return buffer.getvalue()


def attachments_bench(root: Path) -> dict:
    from matchmaker.open_calls import attachments

    out = {}
    for name, content in (("pdf", _pdf()), ("docx", _docx())):
        filename = f"方案.{name}"
        check_ms = best_ms(lambda c=content, f=filename: attachments.check_file(f, c), repeat=5)
        store_ms = best_ms(lambda c=content: attachments.store(root, c), repeat=5)
        out[name] = {"mib": round(mib(len(content)), 1), "check_ms": round(check_ms, 1),
                     "store_ms": round(store_ms, 1)}
        line(f"{name} {out[name]['mib']} MiB check / store", f"{check_ms:.1f} ms / {store_ms:.1f} ms")
    return out


def ranking_bench(proposals_n: int, experts_n: int) -> dict:
    from matchmaker import create_app, migrate
    from matchmaker.extensions import db
    from matchmaker.open_calls import review
    from models import OpenCallExpert, Proposal, ProposalScore
    from models.choices import OpenCallStatus, OrgKind
    from tests.factories import OpenCallFactory, OrganisationFactory, UserFactory

    folder = Path(tempfile.mkdtemp(prefix="bench-open-calls-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    migrate.upgrade(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "MATCHMAKER_JOBS": "sync",
                      "MATCHMAKER_INDEX_DIR": str(folder / "index"), "MATCHMAKER_ATTACHMENT_DIR": str(folder)})
    with app.app_context():
        call = OpenCallFactory(status=OpenCallStatus.REVIEWING)
        owner = UserFactory(organisation=call.need.organisation)
        experts = [UserFactory(expert=True, organisation=OrganisationFactory(name=f"评审单位{i}"))
                   for i in range(experts_n)]
        names = [c["name"] for c in call.criteria]
        for i in range(proposals_n):
            org = OrganisationFactory(kind=OrgKind.UNIVERSITY, name=f"揭榜大学{i}")
            proposal = Proposal(call=call, organisation=org, approach="技术路线", team=[{"name": "甲"}],
                                budget_wan=100, plan="计划")
            db.session.add(proposal)
            db.session.flush()
            for j, expert in enumerate(experts):
                criteria = {name: (i * 7 + j * 13 + k * 3) % 101 for k, name in enumerate(names)}
                db.session.add(ProposalScore(proposal_id=proposal.id, expert_id=expert.id, criteria=criteria,
                                             total=review.weighted_total(call, criteria), comment=""))
        for expert in experts:
            db.session.add(OpenCallExpert(call_id=call.id, expert_id=expert.id, declared_at=call.created_at))
        db.session.commit()
        db.session.expire_all()
        ranking_ms = best_ms(lambda: review.ranking(db.session, owner, call), repeat=3)
    line(f"ranking {proposals_n} proposals × {experts_n} experts", f"{ranking_ms:.1f} ms")
    return {"proposals": proposals_n, "experts": experts_n, "ranking_ms": round(ranking_ms, 1)}


def main() -> None:
    print("揭榜挂帅 open calls")
    with tempfile.TemporaryDirectory() as root:
        from matchmaker import create_app

        with create_app({"TESTING": True, "SECRET_KEY": "bench"}).test_request_context():
            files = attachments_bench(Path(root))
    ranking = ranking_bench(200, 15)
    line("peak RSS", f"{mib(peak_rss_bytes()):.0f} MiB")
    emit_json({"bench": "open_calls", "machine": machine(), "attachments": files, "ranking": ranking,
               "peak_rss_mib": round(mib(peak_rss_bytes()))})


if __name__ == "__main__":
    main()
