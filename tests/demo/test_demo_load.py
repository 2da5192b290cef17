"""`matchmaker demo` fills an empty database with a market people can click through."""
from sqlalchemy import func, select

from matchmaker import scheduling
from matchmaker.auth.services import authenticate
from matchmaker.demo.generate import DEMO_PASSWORD
from matchmaker.demo.load import DEMO_ADMIN_EMAIL, load_demo
from matchmaker.events import services
from models import Event, Organisation, TechNeed, TechOffer
from models.choices import EventStatus, PostingStatus


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_loads_the_floor_of_organisations_offers_and_needs(session):
    load_demo(session)
    assert _count(session, Organisation) >= 30
    assert _count(session, TechOffer) >= 200
    assert _count(session, TechNeed) >= 80


def test_demo_admin_can_log_in_with_the_printed_password(session):
    load_demo(session)
    admin = authenticate(session, DEMO_ADMIN_EMAIL, DEMO_PASSWORD)
    assert admin is not None and admin.is_admin


def test_demo_pending_postings_belong_to_unverified_organisations(session):
    load_demo(session)
    pending = session.scalars(select(TechOffer).where(TechOffer.status == PostingStatus.PENDING)).all()
    assert pending and all(not offer.organisation.verified for offer in pending)


def test_demo_events_include_a_published_schedule_without_conflicts(session):
    load_demo(session)
    published = session.scalars(select(Event).where(Event.status == EventStatus.PUBLISHED)).all()
    assert published
    for event in published:
        instance, _ = services.scheduling_instance(session, event)
        meetings = [scheduling.Meeting(f"q{m.request_id}", m.slot.code, m.table)
                    for m in services.event_meetings(session, event)]
        assert meetings and scheduling.validate(instance, meetings) == []


def test_the_finished_demo_event_has_attendance_and_meeting_outcomes_for_its_report(session):
    load_demo(session)
    finished = session.scalar(select(Event).where(Event.status == EventStatus.FINISHED))
    report = services.event_report(session, finished)
    assert report.checked_in > 0 and report.meetings_held > 0 and report.follow_ups


def test_the_demo_brokerage_spreads_cases_over_every_stage_and_a_year_with_signed_contracts(session):
    from datetime import timedelta

    from models import Case, CaseStep, Contract, Interest, InvestorProfile, utcnow
    from models.base import as_utc
    from models.choices import CaseSource, CaseStage

    load_demo(session)
    cases = session.scalars(select(Case).where(Case.source != CaseSource.FINANCE)).all()
    assert 25 <= len(cases) <= 35 and _count(session, Interest) >= 35
    assert {c.stage for c in cases} == set(CaseStage)
    assert _count(session, Contract) >= 6 and _count(session, InvestorProfile) == 2
    starts = [as_utc(c.created_at) for c in cases]
    assert min(starts) < utcnow() - timedelta(days=180) and max(starts) <= utcnow()
    for case in cases:
        moments = [as_utc(s.created_at) for s in case.history]
        assert moments == sorted(moments) and moments[-1] <= utcnow()
    assert _count(session, CaseStep) > len(cases) * 2
