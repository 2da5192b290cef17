"""The OpenAPI 3.1 description of API v1, written by hand and served at /api/v1/openapi.json."""
from __future__ import annotations

from flask import jsonify

from matchmaker.api import bp
from matchmaker.api.admin import OPENAPI_PATHS as ADMIN_PATHS
from matchmaker.api.admin import OPENAPI_SCHEMAS as ADMIN_SCHEMAS
from matchmaker.api.events import ApiEventForm
from matchmaker.api.form_schema import form_schema
from matchmaker.api.imports import OPENAPI_PATHS as IMPORT_PATHS
from matchmaker.api.imports import OPENAPI_SCHEMAS as IMPORT_SCHEMAS
from matchmaker.api.me import OPENAPI_PATHS as ME_PATHS
from matchmaker.api.me import OPENAPI_SCHEMAS as ME_SCHEMAS
from matchmaker.api.open_calls import ApiDeadlinesForm, ApiOpenCallForm
from matchmaker.api.stats import OPENAPI_PATHS as STATS_PATHS
from matchmaker.api.targets import OPENAPI_PATHS as TARGET_PATHS
from matchmaker.api.targets import OPENAPI_SCHEMAS as TARGET_SCHEMAS
from matchmaker.auth.forms import ApiChangePasswordForm, ForgotPasswordForm, LoginForm
from matchmaker.finance.forms import DecisionForm, FinancingNeedForm, InterestForm, ProductForm
from matchmaker.finance.rules import RULES as FINANCE_RULES
from matchmaker.market.forms import NeedForm, OfferForm
from matchmaker.market.services import SORTS
from matchmaker.orgs.forms import OrganisationForm
from matchmaker.pagination import MAX_PAGE
from models.choices import (
    PROVINCES,
    AgendaItemKind,
    CaseSource,
    CaseStage,
    CloseReason,
    Collateral,
    ContractType,
    CooperationMode,
    DecisionOutcome,
    DeclineReason,
    EventKind,
    EventStatus,
    FinanceKind,
    FinancingStage,
    FinancingStatus,
    IPStatus,
    Maturity,
    MeetingStatus,
    OpenCallStatus,
    OrgKind,
    OrgRole,
    ParticipantRole,
    PostingStatus,
    Qualification,
    RegistrationStatus,
    RequestStatus,
    ScheduleRunStatus,
    TransferMode,
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _enum(cls) -> dict:
    return {"type": "string", "enum": [member.value for member in cls]}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return {"description": description, **_json(_ref("Error"))}


def _ok(description: str, schema: dict) -> dict:
    return {"description": description, **_json(schema)}


STRING = {"type": "string"}
NUMBER = {"type": "number"}
STRINGS = {"type": "array", "items": STRING}
TIMESTAMP = {"type": "string", "format": "date-time"}
BEARER = [{"bearerAuth": []}]

ERRORS = {
    "400": _error("A malformed request: a body that is not a JSON object (or is nested too deep), or text holding NUL "
                  "bytes or bidirectional control characters (`error.fields` names where)."),
    "401": _error("No valid bearer token."),
    "403": _error("The caller may not do this."),
    "404": _error("No such resource, or the caller may not see it."),
    "409": _error("The resource is not in a state that allows this."),
    "413": _error("The body is larger than 1 MB."),
    "422": _error("Invalid input; `error.fields` names each offending field."),
    "429": _error("Too many requests from this client or user for now (a rate limit); try again later."),
}


def _errors(*codes: str) -> dict:
    return {code: ERRORS[code] for code in codes}


ORGANISATION_INPUT = form_schema(
    OrganisationForm, enums={"kind": [k.value for k in OrgKind], "province": PROVINCES},
    extra={"credit_code": {"description": "统一社会信用代码 (GB 32100-2015), 18 characters."}})

# Offer and need fields as answered; what may be sent is read off the forms (OfferInput, NeedInput).
OFFER_ONLY = {
    "maturity": _enum(Maturity),
    "ip_status": _enum(IPStatus),
    "patent_numbers": STRINGS,
    "transfer_modes": {"type": "array", "items": _enum(TransferMode)},
    "asking_price_wan": _nullable(NUMBER),
    "price_negotiable": {"type": "boolean"},
    "contact_name": STRING,
    "contact_phone": STRING,
    "contact_email": {**STRING, "description": "An e-mail address, or empty when none was given."},
}

NEED_ONLY = {
    "budget_min_wan": _nullable(NUMBER),
    "budget_max_wan": _nullable(NUMBER),
    "deadline": _nullable({"type": "string", "format": "date"}),
    "cooperation_modes": {"type": "array", "items": _enum(CooperationMode)},
    "maturity_required": _nullable(_enum(Maturity)),
}

_POSTING_INPUT_EXTRA = {
    "field": {"description": "A field code, or its Chinese name."},
    "status": {"type": "string", "enum": ["draft"], "description": "On create: keep it a draft instead of submitting."},
}
_VOCABULARY_ENUMS = {"region": PROVINCES, "maturity": [m.value for m in Maturity],
                     "ip_status": [s.value for s in IPStatus], "transfer_modes": [t.value for t in TransferMode],
                     "cooperation_modes": [c.value for c in CooperationMode],
                     "maturity_required": ["", *(m.value for m in Maturity)]}

POSTING_COMMON = {
    "id": {"type": "integer"},
    "kind": {"type": "string", "enum": ["offer", "need"]},
    "title": STRING,
    "description": STRING,
    "field": _ref("Field"),
    "keywords": STRINGS,
    "region": STRING,
    "status": _enum(PostingStatus),
    "organisation": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": STRING, "kind": _enum(OrgKind)},
    },
    "created_at": TIMESTAMP,
    "updated_at": TIMESTAMP,
    "published_at": _nullable(TIMESTAMP),
}

INTEGER = {"type": "integer"}
SLOT = {"type": "object", "properties": {"code": STRING, "starts_at": TIMESTAMP, "ends_at": TIMESTAMP}}
PARTICIPANT = {
    "type": "object",
    "description": "Another participant as anyone in the event may see them: no email, no contact details.",
    "properties": {"registration": INTEGER, "display_name": STRING, "organisation": STRING},
}

EVENT_SCHEMAS = {
    "EventInput": form_schema(
        ApiEventForm,
        enums={"kind": [k.value for k in EventKind]},
        extra={
            "field": {"description": "A field code, or its Chinese name."},
            "ends_at": {"description": "Later than starts_at."},
            "organisation_id": {"type": "integer", "description": "Required when the caller has no organisation of "
                                "their own: the government organisation (kind government) the event is run for; "
                                "422 in error.fields when missing or not a government organisation. Ignored for "
                                "callers with an organisation, whose events are always their organisation's."},
        },
        description="Times are ISO 8601; one without an offset is Beijing time (Asia/Shanghai). The meeting block "
                    "from starts_at to ends_at is cut into slots of slot_minutes (s01, s02, ...)."),
    "EventStatusInput": {
        "type": "object",
        "required": ["status"],
        "description": "draft → open ⇄ scheduling; published → finished. Publishing goes through "
        "/schedule/publish.",
        "properties": {"status": {"type": "string", "enum": ["open", "scheduling", "finished"]}},
    },
    "Slot": SLOT,
    "Event": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "kind": _enum(EventKind),
            "title": STRING,
            "description": STRING,
            "field": _nullable(_ref("Field")),
            "venue": STRING,
            "online_url": STRING,
            "starts_at": TIMESTAMP,
            "ends_at": TIMESTAMP,
            "slot_minutes": INTEGER,
            "tables": INTEGER,
            "status": _enum(EventStatus),
            "registration_open": {"type": "boolean"},
            "schedule_version": {**INTEGER, "description": "How many times the schedule was published."},
            "organiser": {"type": "object", "properties": {"id": INTEGER, "name": STRING}},
            "slots": {"type": "array", "items": _ref("Slot")},
            "agenda": {"type": "array", "items": {"type": "object", "properties": {
                "id": INTEGER, "kind": _enum(AgendaItemKind), "title": STRING, "presenter": STRING,
                "starts_at": TIMESTAMP, "ends_at": TIMESTAMP, "offer_id": _nullable(INTEGER)}}},
            "can_manage": {"type": "boolean"},
            "registration": {**_nullable(_ref("Registration")), "description": "The caller's own registration."},
            "created_at": TIMESTAMP,
        },
    },
    "RegistrationInput": {
        "type": "object",
        "required": ["role"],
        "properties": {
            "role": _enum(ParticipantRole),
            "available_slots": {"type": "array", "items": STRING, "description": "Slot codes such as s01."},
        },
    },
    "Registration": {
        "type": "object",
        "description": "The caller's own registration, or any registration for the event's managers.",
        "properties": {
            "id": INTEGER,
            "event_id": INTEGER,
            "role": _enum(ParticipantRole),
            "status": {**_enum(RegistrationStatus), "description": "waiting: registered after registration "
                       "closed, until an organiser admits them."},
            "available_slots": STRINGS,
            "max_meetings": INTEGER,
            "display_name": STRING,
            "organisation": STRING,
            "last_seen_at": _nullable(TIMESTAMP),
            "created_at": TIMESTAMP,
        },
    },
    "OtherParticipant": {
        "type": "object",
        "properties": {"id": INTEGER, "role": _enum(ParticipantRole), "status": _enum(RegistrationStatus),
                       "display_name": STRING, "organisation": STRING},
    },
    "MeetingRequestInput": {
        "type": "object",
        "required": ["to_registration"],
        "properties": {
            "to_registration": {**INTEGER, "description": "The id of the other participant's registration."},
            "message": {"type": "string", "maxLength": 1000},
            "priority": {"type": "integer", "minimum": 1, "maximum": 3, "default": 2},
        },
    },
    "MeetingRequest": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "event_id": INTEGER,
            "from_registration": INTEGER,
            "to_registration": INTEGER,
            "sender": PARTICIPANT,
            "recipient": PARTICIPANT,
            "message": STRING,
            "priority": INTEGER,
            "status": _enum(RequestStatus),
            "match_score": {**_nullable(NUMBER), "description": "0..1: how well the two organisations' postings "
                            "match, by the matching engine."},
            "weight": {**NUMBER, "description": "The scheduling weight: priority × (1 + 0.5 × match_score)."},
            "recipient_seen": {"type": "boolean", "description": "False while the recipient has never opened "
                               "the event; such a request may go unanswered."},
            "created_at": TIMESTAMP,
            "responded_at": _nullable(TIMESTAMP),
        },
    },
    "Meeting": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "uid": {**STRING, "description": "Stable iCalendar UID."},
            "slot": SLOT,
            "table": INTEGER,
            "status": _enum(MeetingStatus),
            "sequence": {**INTEGER, "description": "iCalendar SEQUENCE; grows with every change."},
            "held": _nullable({"type": "boolean"}),
            "request": {"type": "object", "properties": {
                "id": INTEGER, "from_registration": INTEGER, "to_registration": INTEGER, "priority": INTEGER,
                "weight": NUMBER}},
            "participants": {"type": "array", "items": PARTICIPANT},
        },
    },
    "ScheduleInput": {
        "type": "object",
        "properties": {"time_limit": {"type": "number", "minimum": 1, "maximum": 60, "default": 20,
                                      "description": "Seconds the solver may search."}},
    },
    "ScheduleRun": {
        "type": "object",
        "description": "One run of the scheduler, which works in the background. After a publication, published "
        "meetings stay in place unless they became impossible. A cancelled or failed run changed no meeting.",
        "properties": {
            "id": INTEGER,
            "event_id": INTEGER,
            "status": _enum(ScheduleRunStatus),
            "active": {"type": "boolean", "description": "Queued or running."},
            "abandoned": {"type": "boolean", "description": "Active, but silent for ten times its time limit (two "
                          "minutes at least): its worker died, and it no longer blocks a new run."},
            "cancel_requested": {"type": "boolean"},
            "started_by": _nullable(INTEGER),
            "time_limit": {**NUMBER, "description": "Seconds the solver may search."},
            "elapsed": {**NUMBER, "description": "Seconds searched so far."},
            "progress": {**NUMBER, "minimum": 0, "maximum": 1, "description": "elapsed / time_limit; 1 once "
                         "succeeded."},
            "incumbent": {**_nullable(NUMBER), "description": "Total weight of the best schedule found so far."},
            "bound": {**_nullable(NUMBER), "description": "Best proved upper bound on the total weight so far."},
            "gap": {**_nullable(NUMBER), "description": "(bound - incumbent) / bound."},
            "outcome": _nullable({"type": "object", "description": "What a succeeded run wrote.", "properties": {
                "created": INTEGER, "moved": INTEGER, "kept": INTEGER, "cancelled": INTEGER,
                "objective": {**NUMBER, "description": "Total weight of the scheduled requests."}}}),
            "error": {**_nullable(STRING), "description": "Why a run failed."},
            "stats": {"type": "object", "description": "Solver details: time, bound, gap, engines."},
            "created_at": TIMESTAMP,
            "started_at": _nullable(TIMESTAMP),
            "finished_at": _nullable(TIMESTAMP),
        },
    },
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "fields"],
                "properties": {
                    "code": STRING,
                    "message": STRING,
                    "fields": {"type": "object", "additionalProperties": STRING},
                },
            }
        },
    },
    "AccountInput": {
        "type": "object",
        "required": ["email", "password", "display_name"],
        "description": "Either `organisation` (found one, as its owner) or `invite_code` (join one).",
        "properties": {
            "email": {"type": "string", "format": "email"},
            "password": {"type": "string", "minLength": 8, "maxLength": 128},
            "display_name": {"type": "string", "maxLength": 100},
            "phone": STRING,
            "invite_code": STRING,
            "organisation": _ref("OrganisationInput"),
        },
    },
    "OrganisationInput": ORGANISATION_INPUT,
    "User": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "email": STRING,
            "display_name": STRING,
            "phone": _nullable(STRING),
            "locale": {"type": "string", "enum": ["zh", "en"], "description": "Language of notifications and e-mail."},
            "organisation_id": _nullable({"type": "integer"}),
            "org_role": _enum(OrgRole),
            "roles": {"type": "array", "items": {"type": "string", "enum": ["broker", "organiser", "expert", "admin"]}},
        },
    },
    "Organisation": {
        "type": "object",
        "properties": {
            "name": STRING,
            "kind": _enum(OrgKind),
            "province": STRING,
            "city": STRING,
            "description": STRING,
            "id": {"type": "integer"},
            "credit_code": _nullable(STRING),
            "website": _nullable(STRING),
            "verified": {"type": "boolean"},
            "verified_at": _nullable(TIMESTAMP),
            "created_at": TIMESTAMP,
        },
    },
    "Account": {
        "type": "object",
        "properties": {"user": _ref("User"), "organisation": _ref("Organisation")},
    },
    "TokenInput": form_schema(LoginForm, exclude=("csrf_token", "remember", "next")),
    "PasswordResetInput": form_schema(ForgotPasswordForm),
    "PasswordChangeInput": form_schema(ApiChangePasswordForm),
    "Token": {"type": "object", "properties": {"id": {"type": "integer"}, "token": STRING, "expires_at": TIMESTAMP}},
    "TokenInfo": {
        "type": "object",
        "description": "One of the caller's tokens; the token itself is never stored, so never shown again.",
        "properties": {"id": {"type": "integer"}, "created_at": TIMESTAMP, "expires_at": TIMESTAMP,
                       "current": {"type": "boolean", "description": "The token this request was made with."}},
    },
    "Verification": {
        "type": "object",
        "properties": {"organisation": _ref("Organisation"), "published_postings": {"type": "integer"}},
    },
    "Revocation": {
        "type": "object",
        "properties": {"organisation": _ref("Organisation"), "withdrawn_postings": {"type": "integer"}},
    },
    "Field": {"type": "object", "properties": {"code": STRING, "name_zh": STRING, "name_en": STRING}},
    "OfferInput": form_schema(OfferForm, enums=_VOCABULARY_ENUMS, extra=_POSTING_INPUT_EXTRA,
                              description="Either `asking_price_wan` or `price_negotiable: true`. On PATCH every key "
                                          "is optional. A vocabulary value may also be given by its Chinese label."),
    "NeedInput": form_schema(NeedForm, enums=_VOCABULARY_ENUMS, extra=_POSTING_INPUT_EXTRA,
                             description="On PATCH every key is optional. A vocabulary value may also be given by "
                                         "its Chinese label."),
    "Offer": {
        "type": "object",
        "description": "contact_* appear only for the offering organisation and admins.",
        "properties": {**POSTING_COMMON, **OFFER_ONLY},
    },
    "Need": {"type": "object", "properties": {**POSTING_COMMON, **NEED_ONLY}},
    **EVENT_SCHEMAS,
}


def _page_schema(item: str) -> dict:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": _ref(item)},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema or STRING}


PAGE_PARAMETER = _query("page", "Page number, from 1 to 1,000,000 (a 422 otherwise).",
                        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE})


MATCH_EXPLANATION = {
    "type": "object",
    "properties": {
        "reason": {"type": "string", "description": "One sentence in the reader's language: shared field, the "
                   "strongest shared terms, the rules met."},
        "shared_terms": {**STRINGS, "maxItems": 8, "description": "Up to 8 key terms in both texts, strongest first, "
                         "without stopwords, filler or units; '激光 / laser' across languages."},
        "caveats": {**STRINGS, "description": "Clauses in which the offer of the pair says what it does not do and "
                    "which the other side asks for; they counted against the match."},
        "field_match": _nullable({"type": "boolean"}),
        "scores": {
            "type": "object",
            "properties": {name: NUMBER for name in ("dense", "lexical", "bridge", "caveat", "fused")},
            "description": "dense: cosine; lexical: BM25 on Chinese-aware terms; bridge: BM25 through the "
            "CC-CEDICT bilingual lexicon; caveat: BM25 of the need against the offer's stated limits (subtracted); "
            "fused: the ranking score (see README, Matching).",
        },
        "model": _nullable({"type": "string", "description": "The embedding model whose vectors ranked this match."}),
        "rules": {"type": "array", "items": {"type": "object", "properties": {
            "rule": {"type": "string", "enum": ["same_field", "maturity", "budget"]},
            "passed": {"type": "boolean"}}}},
    },
}


STRENGTH = {"type": "integer", "minimum": 0, "maximum": 100,
            "description": "The pair's calibrated strength: the share of dev-set pairs scoring as high that experts "
                           "judged relevant, in percent. The same for a pair in every list."}


def _matches_schema(key: str, model: str) -> dict:
    return {"type": "object", "properties": {"items": {"type": "array", "items": {
        "type": "object",
        "properties": {
            key: _ref(model),
            "score": {**NUMBER, "description": "The raw fused score that ordered this list (z-score sum; compare only "
                      "within one list)."},
            "strength": STRENGTH,
            "band": {"type": "string", "enum": ["strong", "medium", "weak"],
                     "description": "strong from strength 60, medium from 25, weak below."},
            "explanation": MATCH_EXPLANATION,
        },
    }}}}


def _matches_path(kind: str, plural: str) -> dict:
    other = "offer" if kind == "need" else "need"
    return {
        f"/api/v1/{plural}/{{posting_id}}/matches": {
            "get": {
                "operationId": f"{kind}_matches",
                "summary": f"The {other}s that best match this {kind}, best first, with explanations.",
                "security": [{}, *BEARER],
                "parameters": [
                    {"name": "posting_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    _query("limit", "How many, 1–100 (default 20).", {"type": "integer", "minimum": 1, "maximum": 100}),
                    _query("field", "Only this field code."),
                    _query("region", "Only this province."),
                ],
                "responses": {
                    "200": _ok("Ranked matches.", _matches_schema(other, other.capitalize())),
                    **_errors("401", "404", "422"),
                },
            }
        }
    }


SORT_DESCRIPTIONS = {
    "offer": "The order: `newest` (published most recently first, the default) or `price` (lowest asking price "
             "first, negotiable prices last). Any other value is a 422.",
    "need": "The order: `newest` (published most recently first, the default), `deadline` (open deadlines soonest "
            "first, then passed ones, latest first, then needs without one) or `budget` (largest budget first: its "
            "upper bound, else its lower one; needs without one last). Any other value is a 422.",
}


def _posting_paths(kind: str, plural: str) -> dict:
    """The four operations of one kind; offers and needs share their shape."""
    model, body = kind.capitalize(), f"{kind.capitalize()}Input"
    id_param = {"name": "posting_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    return {
        f"/api/v1/{plural}": {
            "get": {
                "operationId": f"list_{plural}",
                "summary": f"Search the {plural} the caller may see, newest first unless `sort` says otherwise, "
                           "20 per page.",
                "security": [{}, *BEARER],
                "parameters": [
                    _query("q", "Words that must all appear in title, description or keywords (the first 32 words "
                                "are used); they filter, they do not rank."),
                    _query("field", "A field code."),
                    _query("region", "A province."),
                    _query("maturity", "A maturity code."),
                    _query("org_kind", "An organisation kind."),
                    _query("sort", SORT_DESCRIPTIONS[kind], {"type": "string", "enum": list(SORTS[kind])}),
                    PAGE_PARAMETER,
                ],
                "responses": {"200": _ok(f"One page of {plural}.", _page_schema(model)), **_errors("401", "422")},
            },
            "post": {
                "operationId": f"create_{kind}",
                "summary": f"Create a {kind}: published if the organisation is verified, else pending.",
                "security": BEARER,
                "requestBody": {"required": True, **_json(_ref(body))},
                "responses": {
                    "201": _ok(f"The new {kind}.", _ref(model)),
                    **_errors("400", "401", "403", "413", "422"),
                },
            },
        },
        f"/api/v1/{plural}/{{posting_id}}": {
            "parameters": [id_param],
            "get": {
                "operationId": f"get_{kind}",
                "summary": f"One {kind}.",
                "security": [{}, *BEARER],
                "responses": {"200": _ok(f"The {kind}.", _ref(model)), **_errors("401", "404")},
            },
            "patch": {
                "operationId": f"update_{kind}",
                "summary": f"Change some fields of one of your organisation's {plural}.",
                "security": BEARER,
                "requestBody": {"required": True, **_json(_ref(body))},
                "responses": {
                    "200": _ok(f"The updated {kind}.", _ref(model)),
                    **_errors("400", "401", "403", "404", "413", "422"),
                },
            },
        },
    }


def _id_params(*names: str) -> list[dict]:
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "integer"}} for name in names]


def _items(schema: dict, **extra: dict) -> dict:
    return {"type": "object", "properties": {"items": {"type": "array", "items": schema}, **extra}}


def _post(operation: str, summary: str, status: str, description: str, schema: dict, errors: tuple[str, ...],
          body: str | None = None, body_required: bool = True) -> dict:
    """A bearer-authenticated POST operation."""
    spec = {"operationId": operation, "summary": summary, "security": BEARER,
            "responses": {status: _ok(description, schema), **_errors(*errors)}}
    if body is not None:
        spec["requestBody"] = {"required": body_required, **_json(_ref(body))}
    return {"post": spec}


def _get(operation: str, summary: str, description: str, schema: dict, errors: tuple[str, ...],
         security: list | None = None) -> dict:
    return {"get": {"operationId": operation, "summary": summary, "security": security or BEARER,
                    "responses": {"200": _ok(description, schema), **_errors(*errors)}}}



FINANCE_ORG = {"type": "object", "properties": {"id": INTEGER, "name": STRING, "kind": _enum(OrgKind)}}
RULE_CHECK = {"type": "object", "required": ["rule", "passed"], "properties": {
    "rule": {"type": "string", "enum": list(FINANCE_RULES)}, "passed": {"type": "boolean"},
    "required": {"description": "What the product (or investor profile) asks: codes, numbers or null."},
    "offered": {"description": "What the financing need offers."}}}
FINANCE_EXPLANATION = {"type": "object", "required": ["rules", "failed"], "properties": {
    "rules": {"type": "array", "items": RULE_CHECK}, "failed": STRINGS,
    "similarity": {"type": "number", "description": "Cosine of the two texts' sentence vectors."},
    "shared_terms": {**STRINGS, "description": "The strongest words both texts use."},
    "field_named": {"type": "boolean", "description": "The product lists the need's field (rather than taking "
                                                      "every field)."}}}
FINANCE_SCHEMAS = {
    "FinancialProductInput": form_schema(
        ProductForm, enums={"kind": [k.value for k in FinanceKind], "regions": PROVINCES,
                            "qualifications": [q.value for q in Qualification]},
        extra={"kind": {"description": "A kind code, or its Chinese label (科技贷, 知识产权质押贷, 投贷联动, 股权投资, "
                                       "担保)."},
               "fields": {"description": "Field codes or Chinese names; empty: every field."}},
        description="A product of the caller's bank or investor organisation; empty eligibility lists mean no "
                    "restriction, and every listed qualification is required."),
    "FinancialProduct": {"type": "object", "properties": {
        "id": INTEGER, "kind": _enum(FinanceKind), "title": STRING, "description": STRING, "organisation": FINANCE_ORG,
        "amount_min_wan": NUMBER, "amount_max_wan": NUMBER, "term_months": _nullable(INTEGER),
        "rate_percent": _nullable(NUMBER), "fields": STRINGS, "regions": STRINGS, "qualifications": STRINGS,
        "min_revenue_wan": _nullable(NUMBER), "patent_collateral": {"type": "boolean"}, "active": {"type": "boolean"},
        "created_at": TIMESTAMP}},
    "FinancingNeedInput": form_schema(
        FinancingNeedForm, enums={"stage": [s.value for s in FinancingStage], "region": PROVINCES,
                                  "collateral": [c.value for c in Collateral]},
        extra={"qualifications": {"type": "array", "maxItems": len(Qualification), "items": {"anyOf": [
            {"type": "string", "enum": [q.value for q in Qualification]},
            {"type": "object", "required": ["code"], "properties": {
                "code": {"type": "string", "enum": [q.value for q in Qualification]},
                "certificate_no": {"type": "string", "maxLength": 60}}}]},
            "description": "Qualification codes (or labels), each optionally with its certificate number."},
            "field": {"description": "A field code or Chinese name."}},
        description="An enterprise's financing need; private to it, the financial organisations it matches and "
                    "admins."),
    "FinancingNeed": {"type": "object", "properties": {
        "id": INTEGER, "title": STRING, "purpose": STRING, "amount_wan": NUMBER, "stage": _enum(FinancingStage),
        "field": STRING, "region": STRING, "organisation": FINANCE_ORG,
        "qualifications": {"type": "array", "items": {"type": "object", "properties": {
            "code": _enum(Qualification), "certificate_no": STRING}}},
        "patent_numbers": STRINGS, "revenue_wan": NUMBER, "collateral": _enum(Collateral),
        "status": _enum(FinancingStatus), "created_at": TIMESTAMP}},
    "FinancingDecisionInput": form_schema(
        DecisionForm, enums={"outcome": [o.value for o in DecisionOutcome],
                             "reason": ["", *[r.value for r in DeclineReason]]},
        description="`amount_wan` is required when approved (at most the product's maximum), `reason` when declined."),
    "FinancingDecision": {"type": "object", "properties": {
        "id": INTEGER, "need_id": INTEGER, "product_id": INTEGER, "organisation": FINANCE_ORG,
        "outcome": _enum(DecisionOutcome), "amount_wan": _nullable(NUMBER), "reason": _nullable(_enum(DeclineReason)),
        "note": STRING, "decided_on": {"type": "string", "format": "date"}, "created_at": TIMESTAMP}},
    "FinancingInterestInput": form_schema(InterestForm),
}


def _finance_matches(key: str, subject: dict) -> dict:
    return {"type": "object", "required": [key, "score", "eligible", "explanation"], "properties": {
        key: subject, "score": {"type": "integer", "minimum": 0, "maximum": 100}, "eligible": {"type": "boolean"},
        "explanation": FINANCE_EXPLANATION, "product_id": _nullable(INTEGER)}}


INCLUDE_INELIGIBLE = _query("include_ineligible", "true: add the pairs that fail a rule after the eligible ones, "
                            "each naming the rules it failed (score 0).", {"type": "string",
                                                                            "enum": ["true", "false", "1", "0"]})
FINANCE_PATHS = {
    "/api/v1/financial-products": {
        **_post("create_financial_product", "Publish a financial product (members of banks and investors).", "201",
                "The product.", _ref("FinancialProduct"), ("400", "401", "403", "413", "422"),
                body="FinancialProductInput"),
        "get": {"operationId": "list_financial_products", "summary": "Active products, newest first.",
                "security": [{}, *BEARER],
                "parameters": [_query("kind", "A kind code or label.", STRING),
                               _query("organisation_id", "One organisation's products (its members also see the "
                                      "withdrawn ones).", INTEGER), PAGE_PARAMETER],
                "responses": {"200": _ok("One page of products.", _items(_ref("FinancialProduct"), page=INTEGER,
                                                                           pages=INTEGER, total=INTEGER)),
                              **_errors("401", "422")}},
    },
    "/api/v1/financial-products/{product_id}": {
        "parameters": _id_params("product_id"),
        **_get("get_financial_product", "One product; a withdrawn one only for its organisation and admins.",
               "The product.", _ref("FinancialProduct"), ("401", "404"), security=[{}, *BEARER]),
    },
    "/api/v1/financial-products/{product_id}/withdrawal": {
        "parameters": _id_params("product_id"),
        **_post("withdraw_financial_product", "Take a product off the market (its organisation, admins).", "200",
                "The product.", _ref("FinancialProduct"), ("401", "403", "404")),
    },
    "/api/v1/financial-products/{product_id}/matches": {
        "parameters": _id_params("product_id"),
        "get": {"operationId": "financial_product_matches", "summary": "Open financing needs that pass every rule "
                "of the product, best first (its organisation and admins).", "security": BEARER,
                "parameters": [INCLUDE_INELIGIBLE],
                "responses": {"200": _ok("Matching needs.", _items(_finance_matches("financing_need",
                                                                                   _ref("FinancingNeed")))),
                              **_errors("401", "403", "404", "422")}},
    },
    "/api/v1/financing-needs": {
        **_post("create_financing_need", "Post a financing need (members of enterprises).", "201", "The need.",
                _ref("FinancingNeed"), ("400", "401", "403", "413", "422"), body="FinancingNeedInput"),
        "get": {"operationId": "list_financing_needs", "summary": "The caller's organisation's financing needs "
                "(admins: all), newest first.", "security": BEARER, "parameters": [PAGE_PARAMETER],
                "responses": {"200": _ok("One page of needs.", _items(_ref("FinancingNeed"), page=INTEGER,
                                                                        pages=INTEGER, total=INTEGER)),
                              **_errors("401", "422")}},
    },
    "/api/v1/financing-needs/queue": {
        **_get("financing_queue", "A financial organisation's best-matching open needs, each under its best "
               "product (`product_id`) or its investor focus profile (`product_id` null).", "The queue.",
               _items(_finance_matches("financing_need", _ref("FinancingNeed"))), ("401", "403")),
    },
    "/api/v1/financing-needs/{need_id}": {
        "parameters": _id_params("need_id"),
        **_get("get_financing_need", "One financing need: for its enterprise, admins and the financial "
               "organisations it matches (404 for everyone else).", "The need.", _ref("FinancingNeed"),
               ("401", "404")),
    },
    "/api/v1/financing-needs/{need_id}/closure": {
        "parameters": _id_params("need_id"),
        **_post("close_financing_need", "The enterprise stops looking: the need leaves every queue.", "200",
                "The need.", _ref("FinancingNeed"), ("401", "403", "404", "409")),
    },
    "/api/v1/financing-needs/{need_id}/matches": {
        "parameters": _id_params("need_id"),
        "get": {"operationId": "financing_need_matches", "summary": "Products the need passes, best first, and "
                "investors whose focus profile takes it (the enterprise and admins).", "security": BEARER,
                "parameters": [INCLUDE_INELIGIBLE],
                "responses": {"200": _ok("Matching products and investors.", {
                    "type": "object", "properties": {
                        "items": {"type": "array", "items": _finance_matches("product", _ref("FinancialProduct"))},
                        "investors": {"type": "array", "items": _finance_matches("investor", {
                            "type": "object", "properties": {"organisation": FINANCE_ORG, "thesis": STRING}})}}}),
                    **_errors("401", "403", "404", "422")}},
    },
    "/api/v1/financing-needs/{need_id}/interest": {
        "parameters": _id_params("need_id"),
        **_post("express_financing_interest", "A financial organisation takes the need up under one of its "
                "products that it passes: a brokerage case opens with the introduction proposed and the financial "
                "side's acceptance; the enterprise's acceptance exchanges contacts.", "201", "The case.",
                {"type": "object", "properties": {"case_id": INTEGER, "stage": _enum(CaseStage)}},
                ("400", "401", "403", "404", "409", "413", "422"), body="FinancingInterestInput"),
    },
    "/api/v1/financing-needs/{need_id}/decisions": {
        "parameters": _id_params("need_id"),
        **_post("record_financing_decision", "Record a product's decision on the need: approved with an amount, "
                "or declined with a reason (one per product: a second is a 409).", "201", "The decision.",
                _ref("FinancingDecision"), ("400", "401", "403", "404", "409", "413", "422"),
                body="FinancingDecisionInput"),
        **_get("list_financing_decisions", "Decisions on the need: all for the enterprise and admins, its own for "
               "a financial organisation.", "The decisions.", _items(_ref("FinancingDecision")), ("401", "404")),
    },
}


OPEN_CALL_STATUS = {"type": "string", "enum": [s.value for s in OpenCallStatus]}
OPEN_CALL_SCHEMAS = {
    "OpenCallInput": {
        "type": "object",
        "required": ["need_id", "reward_wan", "submission_deadline", "delivery_deadline", "milestones"],
        "description": "A draft call on one of the caller's needs (organisers: any need). Deadlines are ISO 8601; "
        "one without an offset is Beijing time; the submission deadline must be ahead and the delivery deadline "
        "after it.",
        "properties": {
            **form_schema(ApiOpenCallForm)["properties"],
            "milestones": {"type": "array", "minItems": 1, "maxItems": 12,
                           "description": "Shares are percent of the reward and sum to 100.",
                           "items": {"type": "object", "required": ["title", "share"],
                                     "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 200},
                                                    "share": {"type": "number", "exclusiveMinimum": 0,
                                                              "maximum": 100},
                                                    "due_on": {"type": "string", "format": "date",
                                                               "description": "Optional: reported after this "
                                                               "day (Beijing), the milestone is late; without it, "
                                                               "after the delivery deadline."}}}},
            "criteria": {"type": "object", "minProperties": 1, "maxProperties": 10,
                         "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 100},
                         "description": "Criterion name → weight; weights sum to 100. Default: 技术先进性 25, 可行性 "
                         "25, 团队能力 20, 经费合理性 15, 进度安排 15."},
            "max_awards": {"type": "integer", "minimum": 1, "maximum": 10, "default": 1,
                           "description": "How many proposals may be awarded (they share the reward)."},
            "eligible_org_kinds": {"type": "array", "items": {"type": "string", "enum": [k.value for k in OrgKind]},
                                   "description": "Organisation kinds that may apply; empty: any."},
            "eligible_regions": {"type": "array", "items": {"type": "string", "enum": list(PROVINCES)},
                                 "description": "Provinces that may apply; empty: any."},
            "qualifications": {"type": "array", "maxItems": 10,
                               "items": {"type": "string", "minLength": 1, "maxLength": 100}},
        },
    },
    "OpenCall": {
        "type": "object",
        "properties": {
            "id": INTEGER, "status": OPEN_CALL_STATUS,
            "need": {"type": "object", "properties": {
                "id": INTEGER, "title": STRING, "field": _nullable(STRING),
                "organisation": {"type": "object", "properties": {"id": INTEGER, "name": STRING}}}},
            "reward_wan": NUMBER, "submission_deadline": TIMESTAMP, "delivery_deadline": TIMESTAMP,
            "criteria": {"type": "array", "items": {"type": "object",
                                                    "properties": {"name": STRING, "weight": INTEGER}}},
            "milestones": {"type": "array", "items": {"type": "object",
                                                      "properties": {"id": INTEGER, "title": STRING,
                                                                     "share": NUMBER,
                                                                     "due_on": _nullable(STRING)}}},
            "blind": {"type": "boolean"}, "max_awards": INTEGER,
            "eligible_org_kinds": STRINGS, "eligible_regions": STRINGS, "qualifications": STRINGS,
            "published_at": _nullable(TIMESTAMP), "closed_at": _nullable(TIMESTAMP),
            "awarded_at": _nullable(TIMESTAMP), "created_at": TIMESTAMP,
            "award_reason": {"type": "string", "description": "In the award's answer only."},
            "case_ids": {"type": "array", "items": INTEGER, "description": "In the award's answer only: the "
                         "winners' brokerage cases, at negotiating."},
        },
    },
    "DeadlinesInput": {
        "type": "object",
        "description": "Either or both; ISO 8601, one without an offset is Beijing time.",
        "properties": form_schema(ApiDeadlinesForm)["properties"],
    },
    "CancellationInput": {
        "type": "object", "required": ["reason"],
        "properties": {"reason": {"type": "string", "minLength": 1, "maxLength": 1000}},
    },
    "ProposalInput": {
        "type": "object",
        "required": ["approach", "team", "budget_wan", "plan"],
        "description": "A proposal as JSON; as multipart/form-data the same keys (`team` as JSON text) and `files`.",
        "properties": {
            "approach": {"type": "string", "minLength": 1, "maxLength": 20000, "description": "The technical approach."},
            "team": {"type": "array", "minItems": 1, "maxItems": 30, "items": {
                "type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "title": {"type": "string", "maxLength": 100}, "role": {"type": "string", "maxLength": 100}}}},
            "budget_wan": {"type": "number", "minimum": 0, "maximum": 1000000},
            "plan": {"type": "string", "minLength": 1, "maxLength": 10000,
                     "description": "The plan against the call's milestones."},
        },
    },
    "Proposal": {
        "type": "object",
        "description": "Seen by its organisation, the call's managers, cleared experts (blind calls: without "
        "`organisation` and team names) and admins.",
        "properties": {
            "id": INTEGER, "call_id": INTEGER,
            "organisation": _nullable({"type": "object", "properties": {"id": INTEGER, "name": STRING,
                                                                        "kind": _nullable(STRING)}}),
            "approach": STRING, "budget_wan": NUMBER, "plan": STRING,
            "team": {"type": "array", "items": {"type": "object", "properties": {
                "name": _nullable(STRING), "title": STRING, "role": STRING}}},
            "attachments": {"type": "array", "items": {"type": "object", "properties": {
                "id": INTEGER, "filename": STRING, "content_type": STRING, "size": INTEGER, "url": STRING}}},
            "awarded": {"type": "boolean"}, "case_id": _nullable(INTEGER),
            "created_at": TIMESTAMP, "updated_at": TIMESTAMP,
            "my_score": _ref("Score"),
        },
    },
    "ScoreInput": {
        "type": "object", "required": ["criteria"],
        "properties": {"criteria": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0,
                                                                               "maximum": 100},
                                    "description": "Every criterion of the call's rubric → 0–100."},
                       "comment": {"type": "string", "maxLength": 5000}},
    },
    "Score": {
        "type": "object",
        "description": "An expert's own scores; nobody else's are ever shown to an expert.",
        "properties": {"proposal_id": INTEGER, "criteria": {"type": "object",
                                                            "additionalProperties": {"type": "integer"}},
                       "total": NUMBER, "comment": STRING, "updated_at": TIMESTAMP},
    },
    "ExpertSeat": {
        "type": "object",
        "properties": {"id": INTEGER, "name": STRING, "declared": {"type": "boolean"},
                       "conflict": {"type": "boolean"}, "assigned_at": TIMESTAMP},
    },
    "ExpertsInput": {
        "type": "object", "required": ["user_ids"],
        "properties": {"user_ids": {"type": "array", "maxItems": 15, "items": {"type": "integer", "minimum": 1},
                                    "description": "The whole panel: users with the expert role."}},
    },
    "DeclarationInput": {
        "type": "object", "required": ["conflict"],
        "properties": {"conflict": {"type": "boolean", "description": "true withdraws the expert from the call."}},
    },
    "Ranking": {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"type": "object", "properties": {
                "proposal_id": INTEGER, "organisation": STRING, "score": NUMBER, "spread": NUMBER,
                "disagreement": {"type": "boolean"}, "totals": {"type": "array", "items": NUMBER},
                "comments": STRINGS}}},
            "disagreement_spread": NUMBER,
        },
    },
    "AwardInput": {
        "type": "object", "required": ["proposal_ids", "reason"],
        "properties": {"proposal_ids": {"type": "array", "minItems": 1, "items": INTEGER},
                       "reason": {"type": "string", "minLength": 1, "maxLength": 1000}},
    },
    "MilestoneReportInput": {
        "type": "object", "required": ["report"],
        "properties": {"report": {"type": "string", "minLength": 1, "maxLength": 5000},
                       "proposal_id": {"type": "integer", "description": "Needed only when the call has several "
                                       "winners and the caller manages it."}},
    },
    "MilestoneAcceptanceInput": {
        "type": "object", "required": ["accepted"],
        "properties": {"accepted": {"type": "boolean"},
                       "note": {"type": "string", "maxLength": 1000, "description": "Required when rejecting."},
                       "proposal_id": {"type": "integer", "description": "Needed when the call has several "
                                       "winners."}},
    },
    "MilestoneDelivery": {
        "type": "object",
        "properties": {"proposal_id": INTEGER, "status": {"type": "string",
                                                          "enum": ["reported", "accepted", "rejected"]},
                       "report": STRING, "reported_at": TIMESTAMP, "decided_at": _nullable(TIMESTAMP),
                       "note": STRING, "paid_wan": _nullable(NUMBER), "late": {"type": "boolean"}},
    },
}
_PROPOSAL_BODY = {"required": True, "content": {
    "application/json": {"schema": _ref("ProposalInput")},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "approach": STRING, "team": {"type": "string", "description": "The team as JSON text."},
        "budget_wan": STRING, "plan": STRING,
        "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                  "description": "PDF or Office files (pdf, doc, docx, xls, xlsx, ppt, pptx), 20 MB each, 10 "
                  "at most; checked by content."}}}}}}
_UPLOAD_ERRORS = {"413": _error("A file is larger than 20 MB, or the body larger than allowed."),
                  "422": _error("Invalid input, or a file whose content is not the PDF or Office type its name "
                                "says; `error.fields` names each offending field.")}
OPEN_CALL_PATHS = {
    "/api/v1/open-calls": {
        **_post("create_open_call", "Turn a need into a draft 揭榜挂帅 call: reward, deadlines, milestones, rubric.",
                "201", "The draft call.", _ref("OpenCall"), ("400", "401", "403", "404", "409", "413", "422"),
                body="OpenCallInput"),
        "get": {"operationId": "list_open_calls", "summary": "Calls the caller may read (drafts only their "
                "owners'), open ones first by deadline.", "security": [{}, *BEARER],
                "parameters": [_query("field", "A field code or Chinese name."),
                               _query("status", "Only this status.", OPEN_CALL_STATUS), PAGE_PARAMETER],
                "responses": {"200": _ok("One page of calls.", _items(_ref("OpenCall"), page=INTEGER,
                                                                        pages=INTEGER, total=INTEGER)),
                              **_errors("401", "422")}},
    },
    "/api/v1/open-calls/{call_id}": {
        "parameters": _id_params("call_id"),
        **_get("get_open_call", "One call; a draft only for its owners.", "The call.", _ref("OpenCall"),
               ("401", "404"), security=[{}, *BEARER]),
    },
    "/api/v1/open-calls/{call_id}/publication": {
        "parameters": _id_params("call_id"),
        **_post("publish_open_call", "Publish a draft call (draft → open); its need must be published.", "200",
                "The open call.", _ref("OpenCall"), ("401", "403", "404", "409")),
    },
    "/api/v1/open-calls/{call_id}/deadlines": {
        "parameters": _id_params("call_id"),
        "put": {"operationId": "change_open_call_deadlines", "summary": "Move the deadlines of a call that still "
                "takes proposals (managers); the submission deadline stays ahead, the delivery deadline after it "
                "and after every milestone's due day.", "security": BEARER,
                "requestBody": {"required": True, **_json(_ref("DeadlinesInput"))},
                "responses": {"200": _ok("The call.", _ref("OpenCall")),
                              **_errors("400", "401", "403", "404", "409", "413", "422")}},
    },
    "/api/v1/open-calls/{call_id}/cancellation": {
        "parameters": _id_params("call_id"),
        **_post("cancel_open_call", "Withdraw the call before its award (撤榜), with a reason every applicant is "
                "told.", "200", "The cancelled call.", _ref("OpenCall"),
                ("400", "401", "403", "404", "409", "413", "422"), body="CancellationInput"),
    },
    "/api/v1/open-calls/{call_id}/closing": {
        "parameters": _id_params("call_id"),
        **_post("close_open_call", "The owner closes submissions before the deadline (open → reviewing); scoring "
                "opens. A call past its deadline moves to reviewing by itself.", "200", "The call.",
                _ref("OpenCall"), ("401", "403", "404", "409")),
    },
    "/api/v1/open-calls/{call_id}/proposals": {
        "parameters": _id_params("call_id"),
        "post": {"operationId": "submit_proposal", "summary": "Submit the caller's organisation's proposal (one "
                 "per organisation) before the deadline, if eligible; JSON, or multipart with `files`.",
                 "security": BEARER, "requestBody": _PROPOSAL_BODY,
                 "responses": {"201": _ok("The proposal.", _ref("Proposal")),
                               **_errors("400", "401", "403", "404", "409"), **_UPLOAD_ERRORS}},
        **_get("list_proposals", "The proposals the caller may read: managers and experts who declared no "
               "conflict all, applicants their own, anyone else none.", "Proposals.", _items(_ref("Proposal")),
               ("401", "404"), security=[{}, *BEARER]),
    },
    "/api/v1/open-calls/{call_id}/proposals/{proposal_id}": {
        "parameters": _id_params("call_id", "proposal_id"),
        **_get("get_proposal", "One proposal the caller may read.", "The proposal.", _ref("Proposal"),
               ("401", "404"), security=[{}, *BEARER]),
        "put": {"operationId": "update_proposal", "summary": "The applicant replaces its proposal's content (and "
                "adds `files`) until the deadline; 409 after it.", "security": BEARER,
                "requestBody": _PROPOSAL_BODY,
                "responses": {"200": _ok("The proposal.", _ref("Proposal")),
                              **_errors("400", "401", "403", "404", "409"), **_UPLOAD_ERRORS}},
    },
    "/api/v1/open-calls/{call_id}/proposals/{proposal_id}/attachments/{attachment_id}": {
        "parameters": _id_params("call_id", "proposal_id", "attachment_id"),
        "get": {"operationId": "get_proposal_attachment", "summary": "The file, always as a download "
                "(Content-Disposition: attachment), for those who may read the proposal.",
                "security": [{}, *BEARER],
                "responses": {"200": {"description": "The file.", "content": {"application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}}}}, **_errors("401", "404")}},
        "delete": {"operationId": "delete_proposal_attachment", "summary": "The applicant removes a file until "
                   "the deadline.", "security": BEARER,
                   "responses": {"204": {"description": "Removed."}, **_errors("401", "403", "404", "409")}},
    },
    "/api/v1/open-calls/{call_id}/experts": {
        "parameters": _id_params("call_id"),
        **_get("list_call_experts", "Managers: the panel and experts suggested by field without a conflict. An "
               "assigned expert: their own seat.", "The panel.",
               _items(_ref("ExpertSeat"), suggestions={"type": "array", "items": {"type": "object", "properties": {
                   "id": INTEGER, "name": STRING, "affiliation": _nullable(STRING), "fields": STRINGS}}}),
               ("401", "404")),
        "put": {"operationId": "assign_call_experts", "summary": "Set the panel (managers). 409 naming the "
                "conflict when an expert works for the owner or an applicant; experts leaving take their scores.",
                "security": BEARER, "requestBody": {"required": True, **_json(_ref("ExpertsInput"))},
                "responses": {"200": _ok("The panel.", _items(_ref("ExpertSeat"))),
                              **_errors("400", "401", "403", "404", "409", "413", "422")}},
    },
    "/api/v1/open-calls/{call_id}/declaration": {
        "parameters": _id_params("call_id"),
        **_post("declare_conflict", "An assigned expert declares whether they have a conflict of interest, before "
                "reading proposals; a conflict withdraws them.", "200", "The expert's seat.", _ref("ExpertSeat"),
                ("400", "401", "403", "404", "409", "413", "422"), body="DeclarationInput"),
    },
    "/api/v1/open-calls/{call_id}/proposals/{proposal_id}/scores": {
        "parameters": _id_params("call_id", "proposal_id"),
        **_post("score_proposal", "An assigned expert who declared no conflict scores a proposal on the rubric "
                "while the call is reviewing (again: replaces). 403 before the declaration.", "201",
                "The expert's score.", _ref("Score"), ("400", "401", "403", "404", "409", "413", "422"),
                body="ScoreInput"),
    },
    "/api/v1/open-calls/{call_id}/ranking": {
        "parameters": _id_params("call_id"),
        **_get("call_ranking", "Managers, once every score is in (409 before): proposals by the mean of the "
               "experts' weighted totals, flagged where the totals spread by more than `disagreement_spread`.",
               "The ranking.", _ref("Ranking"), ("401", "403", "404", "409")),
    },
    "/api/v1/open-calls/{call_id}/award": {
        "parameters": _id_params("call_id"),
        **_post("award_open_call", "Award proposals (up to the call's max_awards) with a reason, once every score "
                "is in; each winner gets a brokerage case at negotiating and every applicant is told.", "200",
                "The awarded call with `case_ids`.", _ref("OpenCall"),
                ("400", "401", "403", "404", "409", "413", "422"), body="AwardInput"),
    },
    "/api/v1/open-calls/{call_id}/milestones/{milestone_id}/report": {
        "parameters": _id_params("call_id", "milestone_id"),
        **_post("report_milestone", "The winning team reports a milestone done (again after a rejection).", "200",
                "The delivery.", _ref("MilestoneDelivery"), ("400", "401", "403", "404", "409", "413", "422"),
                body="MilestoneReportInput"),
    },
    "/api/v1/open-calls/{call_id}/milestones/{milestone_id}/acceptance": {
        "parameters": _id_params("call_id", "milestone_id"),
        **_post("accept_milestone", "The owner accepts a reported milestone (its share of the winner's part of "
                "the reward is recorded as paid) or rejects it with a note.", "200", "The delivery.",
                _ref("MilestoneDelivery"), ("400", "401", "403", "404", "409", "413", "422"),
                body="MilestoneAcceptanceInput"),
    },
}

EVENT_PATHS = {
    "/api/v1/events": _post(
        "create_event", "Create a draft event of the caller's organisation (or, for a caller without one, of the "
        "government organisation `organisation_id`), cut into meeting slots (organisers and admins).",
        "201", "The new event, status draft, with its slots.", _ref("Event"),
        ("400", "401", "403", "413", "422"), body="EventInput"),
    "/api/v1/events/{event_id}": {
        "parameters": _id_params("event_id"),
        **_get("get_event", "One event; drafts only for its managers. A registered caller counts as having "
               "opened it.", "The event.", _ref("Event"), ("401", "404"), security=[{}, *BEARER]),
    },
    "/api/v1/events/{event_id}/status": {
        "parameters": _id_params("event_id"),
        **_post("set_event_status", "Move the event along its statuses (managers).", "200", "The event.",
                _ref("Event"), ("400", "401", "403", "404", "409", "413", "422"), body="EventStatusInput"),
    },
    "/api/v1/events/{event_id}/registrations": {
        "parameters": _id_params("event_id"),
        **_post("register", "Register for the event (members of verified organisations); after registration "
                "closes the registration waits for admission. The event's own organisers cannot (409).", "201",
                "The registration.",
                _ref("Registration"), ("400", "401", "403", "404", "409", "413", "422"), body="RegistrationInput"),
        **_get("list_registrations", "Managers: every registration. Participants: the others still registered, "
               "whom they may ask to meet.", "Registrations.",
               _items({"anyOf": [_ref("Registration"), _ref("OtherParticipant")]}), ("401", "403", "404")),
    },
    "/api/v1/events/{event_id}/registrations/{registration_id}": {
        "parameters": _id_params("event_id", "registration_id"),
        "delete": {
            "operationId": "withdraw",
            "summary": "Withdraw a registration (its participant or a manager); its requests and meetings are "
            "cancelled.",
            "security": BEARER,
            "responses": {"200": _ok("The withdrawn registration.", _ref("Registration")),
                          **_errors("401", "403", "404")},
        },
    },
    "/api/v1/events/{event_id}/meeting-requests": {
        "parameters": _id_params("event_id"),
        **_post("request_meeting", "Ask another participant for a 1:1 meeting.", "201", "The request.",
                _ref("MeetingRequest"), ("400", "401", "403", "404", "409", "413", "422"),
                body="MeetingRequestInput"),
        **_get("list_meeting_requests", "Managers: every request. Participants: those they sent or received.",
               "Requests.", _items(_ref("MeetingRequest")), ("401", "403", "404")),
    },
    **{
        f"/api/v1/events/{{event_id}}/meeting-requests/{{request_id}}/{answer}": {
            "parameters": _id_params("event_id", "request_id"),
            **_post(f"{answer}_meeting_request", f"The recipient {answer}s a pending request.", "200",
                    "The request.", _ref("MeetingRequest"), ("401", "403", "404", "409")),
        }
        for answer in ("accept", "decline")
    },
    "/api/v1/events/{event_id}/schedule": {
        "parameters": _id_params("event_id"),
        "post": {
            "operationId": "run_scheduler",
            "summary": "Start a run of the scheduler, which places the accepted requests into slots and tables "
            "maximising total weight (managers; status scheduling or published). It works in the background: poll "
            "the run (Location). 409 while another run of the event is queued or running.",
            "security": BEARER,
            "requestBody": {"required": False, **_json(_ref("ScheduleInput"))},
            "responses": {
                "202": {"description": "The run, queued (or already ended where work runs inline).",
                        "headers": {"Location": {"schema": STRING}}, **_json(_ref("ScheduleRun"))},
                **_errors("400", "401", "403", "404", "409", "413", "422"),
            },
        },
    },
    "/api/v1/events/{event_id}/schedule/runs/{run_id}": {
        "parameters": _id_params("event_id", "run_id"),
        **_get("get_schedule_run", "A scheduler run's status and progress, and once written what changed "
               "(managers).", "The run.", _ref("ScheduleRun"), ("401", "403", "404")),
    },
    "/api/v1/events/{event_id}/schedule/runs/{run_id}/cancel": {
        "parameters": _id_params("event_id", "run_id"),
        **_post("cancel_schedule_run", "Cancel a queued or running run (managers): no meeting changes; a running "
                "run stops within a second. 409 once it has ended.", "200", "The run.", _ref("ScheduleRun"),
                ("401", "403", "404", "409")),
    },
    "/api/v1/events/{event_id}/schedule/publish": {
        "parameters": _id_params("event_id"),
        **_post("publish_schedule", "Publish the schedule to the participants (managers).", "200", "The event.",
                _ref("Event"), ("401", "403", "404", "409")),
    },
    "/api/v1/events/{event_id}/meetings": {
        "parameters": _id_params("event_id"),
        **_get("list_meetings", "Managers: every scheduled meeting. Participants: their own, once the schedule is "
               "published (an empty list before).", "Meetings.",
               _items(_ref("Meeting"), published={"type": "boolean"}), ("401", "403", "404")),
    },
    "/api/v1/events/{event_id}/registrations/{registration_id}/agenda.ics": {
        "parameters": _id_params("event_id", "registration_id"),
        "get": {
            "operationId": "agenda_ics",
            "summary": "The participant's published meetings as iCalendar invitations (its own participant or a "
            "manager; anyone else gets 404).",
            "security": BEARER,
            "parameters": [_query("method", "request (default): METHOD:REQUEST with the scheduled meetings; "
                                  "cancel: METHOD:CANCEL with the cancelled ones.",
                                  {"type": "string", "enum": ["request", "cancel"]})],
            "responses": {
                "200": {"description": "An RFC 5545 calendar; UIDs are stable per meeting, SEQUENCE grows with "
                        "each change.", "content": {"text/calendar": {"schema": STRING}}},
                **_errors("401", "404", "422"),
            },
        },
    },
}


POSTING_REF = {
    "type": "object",
    "description": "A posting named in a case or queue item; never its contacts.",
    "properties": {"id": INTEGER, "kind": {"type": "string", "enum": ["offer", "need"]}, "title": STRING,
                   "field": _nullable(STRING), "region": STRING, "status": _enum(PostingStatus),
                   "organisation": {"type": "object", "properties": {"id": INTEGER, "name": STRING,
                                                                      "kind": _enum(OrgKind)}}},
}
ORG_REF = {"type": "object", "properties": {"id": INTEGER, "name": STRING, "kind": _enum(OrgKind)}}
SIDE_CONTACT = {
    "type": "object",
    "properties": {"organisation": STRING, "name": STRING, "phone": STRING, "email": STRING},
}

BROKERAGE_SCHEMAS = {
    "InterestInput": {
        "type": "object",
        "required": ["message"],
        "description": "Offers take interest from members of enterprises and investors; needs from universities "
        "and institutes (揭榜挂帅). The message may not contain a phone number or e-mail address: contacts are "
        "exchanged only through an accepted introduction.",
        "properties": {
            "message": {"type": "string", "minLength": 1, "maxLength": 500},
            "offer_id": {**INTEGER, "description": "Needs only: the caller's organisation's published offer that "
                         "answers the need (optional)."},
        },
    },
    "Interest": {
        "type": "object",
        "properties": {"id": INTEGER, "organisation": ORG_REF, "offer": _nullable(POSTING_REF),
                       "need": _nullable(POSTING_REF), "message": STRING, "case_id": _nullable(INTEGER),
                       "created_at": TIMESTAMP},
    },
    "QueueItem": {
        "type": "object",
        "description": "An interest nobody has taken up, or a need × offer match. priority = score × 0.5^(age in "
        "days / 30); an interest has score 1.",
        "properties": {
            "key": STRING,
            "kind": {"type": "string", "enum": ["interest", "match"]},
            "priority": NUMBER,
            "score": {**NUMBER, "description": "The priority's base: strength / 100 for a match, 1 for an interest."},
            "strength": {**_nullable(STRENGTH), "description": "A match's strength, 0–100; null for an interest."},
            "arrived_at": TIMESTAMP,
            "offer": _nullable(POSTING_REF),
            "need": _nullable(POSTING_REF),
            "organisation": {**_nullable(ORG_REF), "description": "The interested organisation."},
            "interest": _nullable(_ref("Interest")),
            "claim": {"type": "object", "description": "The body that claims this item through POST /api/v1/cases."},
        },
    },
    "CaseInput": {
        "type": "object",
        "description": "Either `interest_id` (claim an interest; for an answer to a need without a named offer, "
        "`offer_id` picks the responder's offer, else its best-matching one is used), or `offer_id` with exactly "
        "one of `need_id` and `organisation_id` (the demand side).",
        "properties": {
            "offer_id": INTEGER,
            "need_id": INTEGER,
            "organisation_id": INTEGER,
            "interest_id": INTEGER,
            "source": {"type": "string", "enum": ["broker", "match"], "default": "broker",
                       "description": "Where the pair came from; a pair with an open interest is always `interest`."},
            "note": {"type": "string", "maxLength": 1000},
        },
    },
    "TransitionInput": {
        "type": "object",
        "required": ["to"],
        "description": "One stage on: suggested → contacted, introduced → meeting, meeting → negotiating; or "
        "`closed` from any open stage with a `reason`. contacted → introduced happens when both sides accept the "
        "introduction, negotiating → signed by recording the contract; every other move is a 409.",
        "properties": {
            "to": _enum(CaseStage),
            "reason": {**_enum(CloseReason), "description": "Required when closing."},
            "note": {"type": "string", "maxLength": 1000},
        },
    },
    "IntroductionInput": {"type": "object", "properties": {"note": {"type": "string", "maxLength": 1000}}},
    "ContractInput": {
        "type": "object",
        "required": ["type", "amount_wan", "signed_on"],
        "properties": {
            "type": _enum(ContractType),
            "amount_wan": {"type": "number", "exclusiveMinimum": 0, "description": "Contract amount in 万元."},
            "signed_on": {"type": "string", "format": "date", "description": "Not later than today."},
            "registration_no": {"type": "string", "maxLength": 60,
                                "description": "技术合同登记 number: 6–60 digits, letters or hyphens."},
            "transfer_offer": {"type": "boolean", "default": True, "description": "Mark the offer transferred."},
            "transfer_need": {"type": "boolean", "default": True, "description": "Mark the need transferred."},
        },
    },
    "Contract": {
        "type": "object",
        "properties": {"id": INTEGER, "type": _enum(ContractType), "amount_wan": NUMBER,
                       "signed_on": {"type": "string", "format": "date"}, "registration_no": STRING,
                       "created_at": TIMESTAMP},
    },
    "CaseStep": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "action": {"type": "string", "enum": ["opened", "transition", "introduction_proposed",
                                                  "introduction_accepted_offer", "introduction_accepted_demand"]},
            "from": _nullable(_enum(CaseStage)),
            "to": _nullable(_enum(CaseStage)),
            "reason": _nullable(_enum(CloseReason)),
            "note": STRING,
            "actor": {"type": "object", "description": "A side's people are named only to their own side, the "
                      "broker and admins.",
                      "properties": {"role": {"type": "string", "enum": ["broker", "admin", "offer_side",
                                                                         "demand_side", "system"]},
                                     "name": _nullable(STRING)}},
            "at": TIMESTAMP,
        },
    },
    "Case": {
        "type": "object",
        "properties": {
            "id": INTEGER,
            "stage": _enum(CaseStage),
            "source": _enum(CaseSource),
            "match_score": _nullable(NUMBER),
            "close_reason": _nullable(_enum(CloseReason)),
            "offer": {**_nullable(POSTING_REF), "description": "null only on a financing case (source `finance`)."},
            "need": _nullable(POSTING_REF),
            "financial_product": {**_nullable({"type": "object", "properties": {
                "id": INTEGER, "title": STRING, "kind": _enum(FinanceKind), "organisation": ORG_REF}}),
                "description": "A financing case's offer side: the product a financial organisation took the need "
                               "up under."},
            "financing_need": {**_nullable({"type": "object", "properties": {
                "id": INTEGER, "title": STRING, "organisation": ORG_REF}}),
                "description": "A financing case's demand side."},
            "organisation": {**_nullable(ORG_REF), "description": "The demand side when there is no need."},
            "broker": _nullable({"type": "object", "properties": {"id": INTEGER, "display_name": STRING}}),
            "introduction": {"type": "object", "properties": {
                "proposed_at": _nullable(TIMESTAMP), "offer_side_accepted_at": _nullable(TIMESTAMP),
                "demand_side_accepted_at": _nullable(TIMESTAMP), "introduced": {"type": "boolean"}}},
            "contract": _nullable(_ref("Contract")),
            "contacts": {**_nullable({"type": "object", "properties": {"offer_side": SIDE_CONTACT,
                                                                        "demand_side": SIDE_CONTACT}}),
                         "description": "null until both sides accepted the introduction. Then: the offer's "
                         "contact fields, and the demand side's accepting user's name, phone and e-mail."},
            "history": {"type": "array", "items": _ref("CaseStep")},
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
        },
    },
    "CaseMessageInput": {
        "type": "object",
        "required": ["to", "body"],
        "description": "The case's broker writes to `offer_side` or `need_side`; a member of either side writes to "
        "`broker` only (addressing the other side is a 422 on `to`). The body may not contain a phone number, an e-mail "
        "address or a WeChat or QQ id (422 on `body`).",
        "properties": {
            "to": {"type": "string", "enum": ["offer_side", "need_side", "broker"]},
            "body": {"type": "string", "minLength": 1, "maxLength": 2000},
        },
    },
    "CaseMessage": {
        "type": "object",
        "description": "A message in one of the case's two threads: the offer side with the broker, or the need side "
        "with the broker. A side reads only its own thread; the first message of a thread may be the interest that "
        "opened the case (`interest_id`).",
        "properties": {
            "id": INTEGER,
            "thread": {"type": "string", "enum": ["offer_side", "need_side"]},
            "from": {"type": "object", "properties": {
                "role": {"type": "string", "enum": ["broker", "offer_side", "need_side"]},
                "name": _nullable(STRING)}},
            "to": {"type": "string", "enum": ["broker", "offer_side", "need_side"]},
            "body": STRING,
            "interest_id": _nullable(INTEGER),
            "created_at": TIMESTAMP,
        },
    },
}

_CASE_ERRORS = ("400", "401", "403", "404", "409", "413", "422")
BROKERAGE_PATHS = {
    **{
        f"/api/v1/{plural}/{{posting_id}}/interests": {
            "parameters": _id_params("posting_id"),
            **_post(f"create_{kind}_interest", f"Express the caller's organisation's interest in a published {kind}; "
                    "its organisation is notified; no contact details change hands. One per organisation and "
                    f"{kind} (409 on repeat).", "201", "The interest.", _ref("Interest"),
                    ("400", "401", "403", "404", "409", "413", "422"), body="InterestInput"),
        }
        for kind, plural in (("offer", "offers"), ("need", "needs"))
    },
    "/api/v1/broker/queue": {
        "get": {
            "operationId": "broker_queue",
            "summary": "Brokers: new interests and strong fresh matches within their fields and regions, highest "
            "priority first, 20 per page.",
            "security": BEARER,
            "parameters": [PAGE_PARAMETER],
            "responses": {"200": _ok("One page of the queue.", _page_schema("QueueItem")), **_errors("401", "403")},
        }
    },
    "/api/v1/cases": _post("create_case", "Brokers: open a case (claim an interest or a pair); 409 when a broker "
                           "already has the pair.", "201", "The case.", _ref("Case"), _CASE_ERRORS, body="CaseInput"),
    "/api/v1/cases/{case_id}": {
        "parameters": _id_params("case_id"),
        **_get("get_case", "A case with its history (its two sides, its broker and admins; 404 for anyone else); "
               "contacts once both sides accepted the introduction.", "The case.", _ref("Case"), ("401", "404")),
    },
    "/api/v1/cases/{case_id}/transitions": {
        "parameters": _id_params("case_id"),
        **_post("transition_case", "The broker moves the case along its pipeline or closes it; an illegal move is "
                "a 409 and changes nothing.", "200", "The case.", _ref("Case"), _CASE_ERRORS, body="TransitionInput"),
    },
    "/api/v1/cases/{case_id}/introduction": {
        "parameters": _id_params("case_id"),
        **_post("propose_introduction", "The broker proposes an introduction (stage contacted, once); both sides "
                "are notified.", "200", "The case.", _ref("Case"), _CASE_ERRORS, body="IntroductionInput",
                body_required=False),
    },
    "/api/v1/cases/{case_id}/introduction/accept": {
        "parameters": _id_params("case_id"),
        **_post("accept_introduction", "A member of either side accepts the proposed introduction; when both "
                "sides have, the case becomes introduced and contacts are exchanged.", "200", "The case.",
                _ref("Case"), ("401", "403", "404", "409")),
    },
    "/api/v1/cases/{case_id}/messages": {
        "parameters": _id_params("case_id"),
        **_get("list_case_messages", "The case's messages the caller may read, oldest first: a side reads its own "
               "thread with the broker only, never the other side's; the broker and admins read both threads.",
               "The messages.", _items(_ref("CaseMessage")), ("401", "404")),
        **_post("post_case_message", "Write in a case: its broker to either side, a side to the broker (admins only "
                "read: 403). The recipients are notified in the app and by e-mail; a closed case, or a case without "
                "a broker, takes no messages (409).", "201", "The message.", _ref("CaseMessage"), _CASE_ERRORS,
                body="CaseMessageInput"),
    },
    "/api/v1/cases/{case_id}/contract": {
        "parameters": _id_params("case_id"),
        **_post("record_contract", "The broker records the technology contract of a case in negotiation; the "
                "case becomes signed and its postings may be marked transferred.", "201", "The signed case.",
                _ref("Case"), _CASE_ERRORS, body="ContractInput"),
    },
}


SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Matchmaker API",
        "version": "1.0.0",
        "description": "Technology offers and needs of a regional technology market, and its events. Errors "
        "always have the `Error` shape.",
    },
    "servers": [{"url": "/"}],
    "paths": {
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "security": [{}],
                "responses": {"200": _ok("The OpenAPI document.", {"type": "object"})},
            }
        },
        "/api/v1/accounts": {
            "post": {
                "operationId": "create_account",
                "summary": "Register, founding an organisation or joining one with an invitation code.",
                "security": [{}],
                "requestBody": {"required": True, **_json(_ref("AccountInput"))},
                "responses": {"201": _ok("The new account.", _ref("Account")), **_errors("400", "413", "422")},
            }
        },
        "/api/v1/tokens": {
            "post": {
                "operationId": "create_token",
                "summary": "Exchange email and password for a bearer token (valid 30 days).",
                "security": [{}],
                "requestBody": {"required": True, **_json(_ref("TokenInput"))},
                "responses": {"201": _ok("A new token.", _ref("Token")), **_errors("400", "401", "413", "422")},
            },
            "get": {
                "operationId": "list_tokens",
                "summary": "The caller's unexpired tokens, newest first.",
                "security": BEARER,
                "responses": {"200": _ok("The tokens.", _items(_ref("TokenInfo"))), **_errors("401")},
            },
        },
        "/api/v1/password-resets": {
            "post": {
                "operationId": "request_password_reset",
                "summary": "Mail a one-hour reset link to the address if it has an account. The answer is the same "
                           "whether or not it has one.",
                "security": [{}],
                "requestBody": {"required": True, **_json(_ref("PasswordResetInput"))},
                "responses": {"202": _ok("Sent, if the address has an account.",
                                         {"type": "object", "properties": {"status": {"const": "sent"}}}),
                              **_errors("400", "413", "422")},
            }
        },
        "/api/v1/me/password": {
            "put": {
                "operationId": "change_password",
                "summary": "Change the caller's password. Every session and token of the caller ends, this one too.",
                "security": BEARER,
                "requestBody": {"required": True, **_json(_ref("PasswordChangeInput"))},
                "responses": {"204": {"description": "Changed; sign in again."},
                              **_errors("400", "401", "413", "422")},
            }
        },
        "/api/v1/tokens/current": {
            "delete": {
                "operationId": "revoke_current_token",
                "summary": "Revoke the token this request is made with.",
                "security": BEARER,
                "responses": {"204": {"description": "Revoked."}, **_errors("401")},
            }
        },
        "/api/v1/tokens/{token_id}": {
            "parameters": _id_params("token_id"),
            "get": {
                "operationId": "get_token",
                "summary": "One of the caller's tokens.",
                "security": BEARER,
                "responses": {"200": _ok("The token.", _ref("TokenInfo")), **_errors("401", "404")},
            },
            "delete": {
                "operationId": "revoke_token",
                "summary": "Revoke one of the caller's tokens; it is refused (401) from then on.",
                "security": BEARER,
                "responses": {"204": {"description": "Revoked."}, **_errors("401", "404")},
            },
        },
        "/api/v1/admin/organisations/{org_id}/verification": {
            "post": {
                "operationId": "verify_organisation",
                "summary": "Verify an organisation and publish its pending postings (admins only).",
                "security": BEARER,
                "parameters": [{"name": "org_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": _ok("The verified organisation.", _ref("Verification")),
                    **_errors("401", "403", "404"),
                },
            },
            "delete": {
                "operationId": "revoke_verification",
                "summary": "Withdraw an organisation's verification; its published postings go back to pending (admins "
                           "only).",
                "security": BEARER,
                "parameters": [{"name": "org_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": _ok("The organisation, no longer verified.", _ref("Revocation")),
                    **_errors("401", "403", "404"),
                },
            },
        },
        **_posting_paths("offer", "offers"),
        **_posting_paths("need", "needs"),
        **_matches_path("need", "needs"),
        **_matches_path("offer", "offers"),
        "/api/v1/search": {
            "get": {
                "operationId": "search",
                "summary": "Rank offers or needs for free text with the matching engine (both languages).",
                "security": [{}, *BEARER],
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": STRING},
                    _query("type", "offer (default) or need.", {"type": "string", "enum": ["offer", "need"]}),
                    _query("limit", "How many, 1–100 (default 20).", {"type": "integer", "minimum": 1, "maximum": 100}),
                    _query("field", "Only this field code."),
                    _query("region", "Only this province."),
                ],
                "responses": {
                    "200": _ok("Ranked postings; each item's key is its type.", {"type": "object"}),
                    **_errors("401", "422"),
                },
            }
        },
        **EVENT_PATHS,
        **BROKERAGE_PATHS,
        **OPEN_CALL_PATHS,
        **FINANCE_PATHS,
        **STATS_PATHS,
        **TARGET_PATHS,
        **ADMIN_PATHS,
        **IMPORT_PATHS,
        **ME_PATHS,
    },
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        "schemas": {**SCHEMAS, **BROKERAGE_SCHEMAS, **OPEN_CALL_SCHEMAS, **FINANCE_SCHEMAS, **ADMIN_SCHEMAS, **IMPORT_SCHEMAS,
                    **ME_SCHEMAS, **TARGET_SCHEMAS},
    },
}


def _with_common_answers(spec: dict) -> dict:
    """Every operation may answer 400 (the request guards run before any view) and 429 (a rate limit)."""
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                operation["responses"].setdefault("400", ERRORS["400"])
                operation["responses"].setdefault("429", ERRORS["429"])
    return spec


_with_common_answers(SPEC)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI document of this API."""
    return jsonify(SPEC)
