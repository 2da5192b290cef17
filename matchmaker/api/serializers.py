"""Models to JSON: what the API shows of users, organisations, postings and events."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from matchmaker.events.services import request_weight
from matchmaker.market.access import Posting, can_see_contact
from models import Event, EventSlot, ExpertProfile, Meeting, MeetingRequest, OpenCall, Organisation, Registration, TechField, User
from models.base import as_utc


def iso(moment: datetime | date | None) -> str | None:
    """ISO 8601, with datetimes in UTC (SQLite hands them back naive)."""
    if moment is None:
        return None
    return as_utc(moment).isoformat() if isinstance(moment, datetime) else moment.isoformat()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _value(enum) -> str | None:
    """A StrEnum's value (str() of a StrEnum member is its value)."""
    return None if enum is None else str(enum)


def user_json(user: User) -> dict:
    """A user as they see themselves (their account, GET /me): contact details and language included."""
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone,
        "locale": user.locale or "zh",
        "organisation_id": user.organisation_id,
        "org_role": _value(user.org_role),
        "roles": user.platform_roles,
    }


def expert_profile_json(profile: ExpertProfile) -> dict:
    """An expert's profile as they edit it: field codes and affiliation (null when not given)."""
    return {"fields": list(profile.fields or []), "affiliation": profile.affiliation}


def admin_user_json(user: User) -> dict:
    """A user as the administration API lists them: roles, status and organisation."""
    org = user.organisation
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "organisation": None if org is None else {"id": org.id, "name": org.name, "kind": _value(org.kind)},
        "org_role": _value(user.org_role) if org is not None else None,
        "roles": user.platform_roles,
        "active": bool(user.active),
        "created_at": iso(user.created_at),
    }


def organisation_json(org: Organisation) -> dict:
    return {
        "id": org.id,
        "name": org.name,
        "kind": _value(org.kind),
        "province": org.province,
        "city": org.city,
        "credit_code": org.credit_code,
        "description": org.description,
        "website": org.website,
        "verified": org.verified,
        "verified_at": iso(org.verified_at),
        "created_at": iso(org.created_at),
    }


def field_json(field: TechField | None) -> dict | None:
    if field is None:
        return None
    return {"code": field.code, "name_zh": field.name_zh, "name_en": field.name_en}


def _offer_fields(offer) -> dict:
    return {
        "maturity": _value(offer.maturity),
        "ip_status": _value(offer.ip_status),
        "patent_numbers": list(offer.patent_numbers or []),
        "transfer_modes": list(offer.transfer_modes or []),
        "asking_price_wan": _number(offer.asking_price_wan),
        "price_negotiable": bool(offer.price_negotiable),
    }


def _need_fields(need) -> dict:
    return {
        "budget_min_wan": _number(need.budget_min_wan),
        "budget_max_wan": _number(need.budget_max_wan),
        "deadline": iso(need.deadline),
        "cooperation_modes": list(need.cooperation_modes or []),
        "maturity_required": _value(need.maturity_required),
    }


def posting_json(posting: Posting, viewer: User | None) -> dict:
    """An offer or need; contact details only for those `can_see_contact` allows."""
    org = posting.organisation
    data = {
        "id": posting.id,
        "kind": posting.kind,
        "title": posting.title,
        "description": posting.description,
        "field": field_json(posting.field),
        "keywords": list(posting.keywords or []),
        "region": posting.region,
        "status": _value(posting.status),
        "organisation": {"id": org.id, "name": org.name, "kind": _value(org.kind)},
        "created_at": iso(posting.created_at),
        "updated_at": iso(posting.updated_at),
        "published_at": iso(posting.published_at),
    }
    data.update(_offer_fields(posting) if posting.kind == "offer" else _need_fields(posting))
    if posting.kind == "offer" and can_see_contact(viewer, posting):
        data.update(
            contact_name=posting.contact_name, contact_phone=posting.contact_phone, contact_email=posting.contact_email
        )
    return data


# -- events: other participants appear by display name and organisation name only, never by email or contact ---------

def slot_json(slot: EventSlot) -> dict:
    return {"code": slot.code, "starts_at": iso(slot.starts_at), "ends_at": iso(slot.ends_at)}


def participant_json(registration: Registration) -> dict:
    """Who a registration is, as other participants may see it."""
    return {
        "registration": registration.id,
        "display_name": registration.user.display_name,
        "organisation": registration.organisation.name,
    }


def registration_json(registration: Registration) -> dict:
    """A registration in full, for its own participant and the event's managers."""
    return {
        "id": registration.id,
        "event_id": registration.event_id,
        "role": _value(registration.role),
        "status": _value(registration.status),
        "available_slots": list(registration.available_slots or []),
        "max_meetings": registration.max_meetings,
        "display_name": registration.user.display_name,
        "organisation": registration.organisation.name,
        "last_seen_at": iso(registration.last_seen_at),
        "created_at": iso(registration.created_at),
    }


def public_registration_json(registration: Registration) -> dict:
    """Another participant's registration: whom one may ask for a meeting."""
    return {"id": registration.id, "role": _value(registration.role), "status": _value(registration.status),
            **{k: v for k, v in participant_json(registration).items() if k != "registration"}}


def event_json(event: Event, can_manage: bool = False, registration: Registration | None = None) -> dict:
    """An event with its meeting slots and programme; `registration` is the caller's own, if any."""
    return {
        "id": event.id,
        "kind": _value(event.kind),
        "title": event.title,
        "description": event.description,
        "field": field_json(event.field),
        "venue": event.venue,
        "online_url": event.online_url,
        "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at),
        "slot_minutes": event.slot_minutes,
        "tables": event.tables,
        "status": _value(event.status),
        "registration_open": event.registration_open,
        "schedule_version": event.schedule_version,
        "organiser": {"id": event.organiser.id, "name": event.organiser.name},
        "slots": [slot_json(slot) for slot in event.slots],
        "agenda": [
            {"id": item.id, "kind": _value(item.kind), "title": item.title, "presenter": item.presenter,
             "starts_at": iso(item.starts_at), "ends_at": iso(item.ends_at), "offer_id": item.offer_id}
            for item in event.agenda
        ],
        "can_manage": can_manage,
        "registration": registration_json(registration) if registration is not None else None,
        "created_at": iso(event.created_at),
    }


def meeting_request_json(meeting_request: MeetingRequest) -> dict:
    """A 1:1 request; `recipient_seen` is false while the recipient has never opened the event."""
    return {
        "id": meeting_request.id,
        "event_id": meeting_request.event_id,
        "from_registration": meeting_request.from_registration_id,
        "to_registration": meeting_request.to_registration_id,
        "sender": participant_json(meeting_request.sender),
        "recipient": participant_json(meeting_request.recipient),
        "message": meeting_request.message,
        "priority": meeting_request.priority,
        "status": _value(meeting_request.status),
        "match_score": meeting_request.match_score,
        "weight": request_weight(meeting_request),
        "recipient_seen": meeting_request.recipient.last_seen_at is not None,
        "created_at": iso(meeting_request.created_at),
        "responded_at": iso(meeting_request.responded_at),
    }


def meeting_json(meeting: Meeting) -> dict:
    """A scheduled (or cancelled) meeting: where and when, which request, and who sits at the table."""
    request = meeting.request
    return {
        "id": meeting.id,
        "uid": meeting.uid,
        "slot": slot_json(meeting.slot),
        "table": meeting.table,
        "status": _value(meeting.status),
        "sequence": meeting.sequence,
        "held": meeting.held,
        "request": {
            "id": request.id,
            "from_registration": request.from_registration_id,
            "to_registration": request.to_registration_id,
            "priority": request.priority,
            "weight": request_weight(request),
        },
        "participants": [participant_json(request.sender), participant_json(request.recipient)],
    }


# -- brokerage: the two sides of a case appear by organisation only; contacts come from `contacts`, which the caller
# -- fills only for the two sides, the broker and admins, once both accepted the introduction ----------------------

def _org_ref(org: Organisation | None) -> dict | None:
    return None if org is None else {"id": org.id, "name": org.name, "kind": _value(org.kind)}


def posting_ref(posting: Posting | None) -> dict | None:
    """A posting named in a case or queue item: enough to find it, never its contacts."""
    if posting is None:
        return None
    return {"id": posting.id, "kind": posting.kind, "title": posting.title,
            "field": posting.field.code if posting.field is not None else None, "region": posting.region,
            "status": _value(posting.status), "organisation": _org_ref(posting.organisation)}


def interest_json(interest) -> dict:
    """An expression of interest: which organisation, in what, and why; not who to call."""
    return {
        "id": interest.id,
        "organisation": _org_ref(interest.organisation),
        "offer": posting_ref(interest.offer),
        "need": posting_ref(interest.need),
        "message": interest.message,
        "case_id": interest.case_id,
        "created_at": iso(interest.created_at),
    }


def contract_json(contract) -> dict | None:
    if contract is None:
        return None
    return {"id": contract.id, "type": _value(contract.type), "amount_wan": _number(contract.amount_wan),
            "signed_on": iso(contract.signed_on), "registration_no": contract.registration_no,
            "created_at": iso(contract.created_at)}


def case_step_json(step, actor: dict) -> dict:
    """One history entry; `actor` is what the reader may know of who took it."""
    return {"id": step.id, "action": step.action, "from": _value(step.from_stage), "to": _value(step.to_stage),
            "reason": _value(step.reason), "note": step.note, "actor": actor, "at": iso(step.created_at)}


def case_json(case, history: list[dict], contacts: dict | None) -> dict:
    """A case with its history; `contacts` is None unless the reader may see both sides' contact details."""
    return {
        "id": case.id,
        "stage": _value(case.stage),
        "source": _value(case.source),
        "match_score": case.match_score,
        "close_reason": _value(case.close_reason) if case.close_reason else None,
        "offer": posting_ref(case.offer),
        "need": posting_ref(case.need),
        "financial_product": ({"id": case.product.id, "title": case.product.title, "kind": _value(case.product.kind),
                               "organisation": _org_ref(case.product.organisation)} if case.product else None),
        "financing_need": ({"id": case.financing_need.id, "title": case.financing_need.title,
                            "organisation": _org_ref(case.financing_need.organisation)}
                           if case.financing_need else None),
        "organisation": _org_ref(case.organisation),
        "broker": {"id": case.broker.id, "display_name": case.broker.display_name} if case.broker else None,
        "introduction": {
            "proposed_at": iso(case.introduction_proposed_at),
            "offer_side_accepted_at": iso(case.offer_side_accepted_at),
            "demand_side_accepted_at": iso(case.demand_side_accepted_at),
            "introduced": case.offer_side_accepted_at is not None and case.demand_side_accepted_at is not None,
        },
        "contract": contract_json(case.contract),
        "contacts": contacts,
        "history": history,
        "created_at": iso(case.created_at),
        "updated_at": iso(case.updated_at),
    }


def case_message_json(message, sender: str, recipient: str) -> dict:
    """A message in a case thread; `sender` and `recipient` are roles: "broker", "offer_side" or "need_side"."""
    return {
        "id": message.id,
        "thread": recipient if sender == "broker" else sender,
        "from": {"role": sender, "name": message.author.display_name if message.author else None},
        "to": recipient,
        "body": message.body,
        "interest_id": message.interest_id,
        "created_at": iso(message.created_at),
    }


def queue_item_json(item) -> dict:
    """A broker queue item with the body that claims it through POST /api/v1/cases."""
    claim = ({"interest_id": item.interest.id} if item.interest is not None
             else {"offer_id": item.offer.id, "need_id": item.need.id, "source": "match"})
    return {
        "key": item.key,
        "kind": item.kind,
        "priority": item.priority,
        "score": item.score,
        "strength": item.strength,
        "arrived_at": iso(item.arrived_at),
        "offer": posting_ref(item.offer),
        "need": posting_ref(item.need),
        "organisation": _org_ref(item.organisation),
        "interest": interest_json(item.interest) if item.interest is not None else None,
        "claim": claim,
    }


def open_call_json(call: OpenCall) -> dict:
    need = call.need
    return {
        "id": call.id,
        "status": call.status.value,
        "need": {"id": need.id, "title": need.title, "field": need.field.code if need.field else None,
                 "organisation": {"id": need.organisation.id, "name": need.organisation.name}},
        "reward_wan": float(call.reward_wan),
        "submission_deadline": iso(call.submission_deadline),
        "delivery_deadline": iso(call.delivery_deadline),
        "criteria": [{"name": c["name"], "weight": c["weight"]} for c in call.criteria],
        "milestones": [{"id": m.id, "title": m.title, "share": float(m.share), "due_on": iso(m.due_on)}
                       for m in call.milestones],
        "blind": call.blind,
        "max_awards": call.max_awards,
        "eligible_org_kinds": list(call.eligible_org_kinds or []),
        "eligible_regions": list(call.eligible_regions or []),
        "qualifications": list(call.qualifications or []),
        "published_at": iso(call.published_at),
        "closed_at": iso(call.closed_at),
        "awarded_at": iso(call.awarded_at),
        "created_at": iso(call.created_at),
    }


def attachment_json(attachment, url: str) -> dict:
    return {"id": attachment.id, "filename": attachment.filename, "content_type": attachment.content_type,
            "size": attachment.size, "url": url}


def proposal_json(proposal, show_applicant: bool, attachments: list[dict], my_score: dict | None = None) -> dict:
    """A proposal as its reader may see it: a blind call's experts see neither the organisation nor the names."""
    team = [dict(member) if show_applicant else {"name": None, "title": member.get("title", ""),
                                                  "role": member.get("role", "")} for member in proposal.team]
    body = {
        "id": proposal.id,
        "call_id": proposal.call_id,
        "organisation": _org_ref(proposal.organisation) if show_applicant else None,
        "approach": proposal.approach,
        "team": team,
        "budget_wan": _number(proposal.budget_wan),
        "plan": proposal.plan,
        "attachments": attachments,
        "awarded": proposal.awarded,
        "case_id": proposal.case_id if show_applicant else None,
        "created_at": iso(proposal.created_at),
        "updated_at": iso(proposal.updated_at),
    }
    if my_score is not None:
        body["my_score"] = my_score
    return body


def score_json(score) -> dict:
    return {"proposal_id": score.proposal_id, "criteria": dict(score.criteria), "total": _number(score.total),
            "comment": score.comment, "updated_at": iso(score.updated_at)}


def expert_seat_json(seat) -> dict:
    return {"id": seat.expert_id, "name": seat.expert.display_name, "declared": seat.declared_at is not None,
            "conflict": seat.conflict, "assigned_at": iso(seat.assigned_at)}


def delivery_json(delivery) -> dict | None:
    if delivery is None:
        return None
    return {"proposal_id": delivery.proposal_id, "status": delivery.status.value, "report": delivery.report,
            "reported_at": iso(delivery.reported_at), "decided_at": iso(delivery.decided_at),
            "note": delivery.decision_note, "paid_wan": _number(delivery.paid_wan), "late": delivery.late}
