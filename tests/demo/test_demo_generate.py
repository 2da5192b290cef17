"""Specification of the demo data set: what a fresh demo market must contain."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from stdnum.cn import uscc

from matchmaker.demo import catalog
from matchmaker.demo.generate import DEMO_PASSWORD, build_demo
from models.choices import (
    DEFAULT_FIELDS,
    PROVINCES,
    CooperationMode,
    IPStatus,
    Maturity,
    OrgKind,
    PostingStatus,
    TransferMode,
)

DEMO = build_demo()
FIELD_CODES = [code for code, _, _ in DEFAULT_FIELDS]
POSTINGS = DEMO["offers"] + DEMO["needs"]


def _orgs() -> dict[str, dict]:
    return {org["key"]: org for org in DEMO["organisations"]}


def test_demo_is_deterministic_for_a_seed():
    assert build_demo(2026) == DEMO
    assert build_demo(7) == build_demo(7)


def test_different_seeds_give_different_demos():
    assert build_demo(7) != DEMO


def test_demo_password_is_a_fixed_constant():
    assert DEMO_PASSWORD == "demo-2026"


def test_demo_counts_meet_the_floor():
    assert len(DEMO["organisations"]) >= 30
    assert len(DEMO["offers"]) == 210
    assert len(DEMO["needs"]) == 90


def test_demo_has_every_organisation_kind():
    kinds = Counter(org["kind"] for org in DEMO["organisations"])
    assert set(kinds) == {kind.value for kind in OrgKind}
    assert kinds["university"] >= 8
    assert kinds["institute"] >= 6
    assert kinds["enterprise"] >= 10
    assert kinds["investor"] >= 2
    assert kinds["bank"] >= 2
    assert kinds["broker_agency"] >= 2
    assert kinds["incubator"] >= 2
    assert kinds["government"] >= 2


def test_the_banks_are_technology_branches():
    banks = [org["name"] for org in DEMO["organisations"] if org["kind"] == "bank"]
    assert banks and all("科创支行" in name or "科技支行" in name for name in banks)


def test_the_market_is_centred_on_shanxi():
    provinces = Counter(org["province"] for org in DEMO["organisations"])
    assert provinces.most_common(1)[0][0] == "山西省"
    assert len(provinces) >= 5


def test_exactly_three_organisations_are_unverified_enterprises_or_institutes():
    unverified = [org for org in DEMO["organisations"] if not org["verified"]]
    assert len(unverified) == 3
    assert {org["kind"] for org in unverified} <= {"enterprise", "institute"}


def test_organisation_keys_are_unique_ascii_slugs():
    keys = [org["key"] for org in DEMO["organisations"]]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", key) for key in keys)


def test_credit_codes_pass_the_gb32100_check():
    codes = [org["credit_code"] for org in DEMO["organisations"] if org["credit_code"] is not None]
    assert all(uscc.is_valid(code) for code in codes)
    assert len(codes) == len(set(codes))


def test_companies_carry_a_company_credit_code():
    companies = {"enterprise", "investor", "bank", "broker_agency", "incubator"}
    for org in DEMO["organisations"]:
        if org["kind"] in companies:
            assert org["credit_code"] is not None and org["credit_code"].startswith("91"), org["key"]
        elif org["credit_code"] is not None:
            assert org["credit_code"].startswith("12"), org["key"]


def test_websites_use_https():
    websites = [org["website"] for org in DEMO["organisations"]]
    assert all(site is None or site.startswith("https://") for site in websites)


def test_every_organisation_has_exactly_one_owner():
    owners = Counter(user["org"] for user in DEMO["users"] if user["org_role"] == "owner")
    assert owners == Counter({org["key"]: 1 for org in DEMO["organisations"]})


def test_users_belong_to_known_organisations_with_known_roles():
    orgs = _orgs()
    for user in DEMO["users"]:
        assert user["org"] in orgs
        assert user["org_role"] in {"owner", "member"}
        assert set(user["roles"]) <= {"broker", "organiser"}


def test_brokers_and_organisers_work_where_the_role_fits():
    orgs = _orgs()
    brokers = [u for u in DEMO["users"] if "broker" in u["roles"]]
    organisers = [u for u in DEMO["users"] if "organiser" in u["roles"]]
    assert len(brokers) >= 3 and len(organisers) >= 2
    assert all(orgs[u["org"]]["kind"] == "broker_agency" for u in brokers)
    assert all(orgs[u["org"]]["kind"] in {"government", "incubator"} for u in organisers)


def test_no_demo_user_is_an_admin():
    assert not any("admin" in user["roles"] for user in DEMO["users"])


def test_emails_are_unique_and_lowercase():
    emails = [user["email"] for user in DEMO["users"]]
    assert len(emails) == len(set(emails))
    assert all(re.fullmatch(r"[a-z.]+@[a-z0-9.-]+\.[a-z]+", email) for email in emails)


def test_emails_use_the_domain_of_their_organisation():
    domains = {org.key: org.domain for org in catalog.ORGANISATIONS + catalog.LATER_ORGANISATIONS}
    assert all(user["email"].endswith("@" + domains[user["org"]]) for user in DEMO["users"])


def test_phones_are_mainland_mobile_numbers():
    phones = [u["phone"] for u in DEMO["users"] if u["phone"]] + [o["contact_phone"] for o in DEMO["offers"]]
    assert all(re.fullmatch(r"1[3-9]\d{9}", phone) for phone in phones)


def test_every_code_is_a_known_choice():
    for offer in DEMO["offers"]:
        assert offer["field"] in FIELD_CODES
        assert offer["maturity"] in {m.value for m in Maturity}
        assert offer["ip_status"] in {s.value for s in IPStatus}
        assert offer["transfer_modes"] and set(offer["transfer_modes"]) <= {m.value for m in TransferMode}
        assert offer["region"] in PROVINCES
    for need in DEMO["needs"]:
        assert need["field"] in FIELD_CODES
        assert need["maturity_required"] in {m.value for m in Maturity} | {None}
        assert need["cooperation_modes"]
        assert set(need["cooperation_modes"]) <= {m.value for m in CooperationMode}
        assert need["region"] in PROVINCES
    assert {p["status"] for p in POSTINGS} <= {s.value for s in PostingStatus}


def test_demo_covers_every_field_with_offers_and_needs():
    offers = Counter(offer["field"] for offer in DEMO["offers"])
    needs = Counter(need["field"] for need in DEMO["needs"])
    assert set(offers) == set(FIELD_CODES) == set(needs)
    assert all(count >= 8 for field, count in offers.items() if field != "other")
    assert offers["other"] >= 3


def test_offers_come_mostly_from_universities_and_institutes():
    orgs = _orgs()
    kinds = Counter(orgs[offer["org"]]["kind"] for offer in DEMO["offers"])
    assert kinds["university"] + kinds["institute"] > 0.7 * len(DEMO["offers"])
    assert set(kinds) <= {"university", "institute", "enterprise"}


def test_needs_come_mostly_from_enterprises():
    orgs = _orgs()
    kinds = Counter(orgs[need["org"]]["kind"] for need in DEMO["needs"])
    assert kinds["enterprise"] > 0.7 * len(DEMO["needs"])


def test_titles_are_unique():
    titles = [p["title"] for p in POSTINGS]
    assert len(titles) == len(set(titles))


def test_descriptions_are_unique_and_substantial():
    descriptions = [p["description"] for p in POSTINGS]
    assert len(descriptions) == len(set(descriptions))
    assert all(len(d) >= 60 for d in descriptions)


def test_keywords_are_three_to_six_short_strings():
    for posting in POSTINGS:
        assert 3 <= len(posting["keywords"]) <= 6
        assert all(0 < len(keyword) <= 40 for keyword in posting["keywords"])


def test_some_postings_are_english():
    share = sum(p["lang"] == "en" for p in POSTINGS) / len(POSTINGS)
    assert 0.10 <= share <= 0.20
    assert {p["lang"] for p in POSTINGS} == {"zh", "en"}


def test_english_postings_are_written_in_english():
    for posting in POSTINGS:
        if posting["lang"] == "en":
            text = posting["title"] + posting["description"] + "".join(posting["keywords"])
            assert not re.search(r"[\u4e00-\u9fff]", text), posting["title"]


def test_published_postings_belong_to_verified_organisations():
    orgs = _orgs()
    for posting in POSTINGS:
        if posting["status"] == "published":
            assert orgs[posting["org"]]["verified"], posting["title"]


def test_postings_of_unverified_organisations_wait_for_review():
    orgs = _orgs()
    pending = [p for p in POSTINGS if not orgs[p["org"]]["verified"]]
    assert pending and all(p["status"] == "pending" for p in pending)


def test_most_postings_are_published_with_a_few_drafts_and_closed():
    statuses = Counter(p["status"] for p in POSTINGS)
    assert statuses["published"] > 0.9 * len(POSTINGS)
    assert statuses["draft"] >= 3
    assert 3 <= statuses["closed"] <= 8


def test_budget_ranges_are_ordered():
    for need in DEMO["needs"]:
        low, high = need["budget_min_wan"], need["budget_max_wan"]
        if low is not None and high is not None:
            assert 0 < low <= high


def test_deadlines_are_dates_in_2027():
    for need in DEMO["needs"]:
        if need["deadline"] is not None:
            assert date.fromisoformat(need["deadline"]).year == 2027


def test_open_calls_are_about_ten_and_always_have_a_deadline():
    calls = [need for need in DEMO["needs"] if "open_call" in need["cooperation_modes"]]
    assert 8 <= len(calls) <= 12
    assert all(call["deadline"] is not None for call in calls)


def test_asking_prices_are_negotiable_or_in_a_plausible_range():
    prices = [offer["asking_price_wan"] for offer in DEMO["offers"]]
    assert any(price is None for price in prices)
    assert all(price is None or 30 <= price <= 800 for price in prices)


def test_patent_numbers_follow_the_ip_status():
    granted = re.compile(r"ZL20\d{2}[12]\d{7}\.[\dX]")
    for offer in DEMO["offers"]:
        if offer["ip_status"] == "granted_patent":
            assert offer["patent_numbers"] and all(granted.fullmatch(n) for n in offer["patent_numbers"])
        elif offer["ip_status"] == "patent_pending":
            assert all(re.fullmatch(r"20\d{2}1\d{7}\.[\dX]", n) for n in offer["patent_numbers"])
        else:
            assert offer["patent_numbers"] == []


def test_offer_contacts_are_people_of_the_posting_organisation():
    people = {(u["org"], u["display_name"], u["email"]) for u in DEMO["users"]}
    for offer in DEMO["offers"]:
        assert (offer["org"], offer["contact_name"], offer["contact_email"]) in people


def test_matching_pairs_are_published_in_the_same_field():
    offers = {offer["title"]: offer for offer in DEMO["offers"]}
    needs = {need["title"]: need for need in DEMO["needs"]}
    assert len(catalog.MATCHING_PAIRS) >= 8
    for need_title, offer_title in catalog.MATCHING_PAIRS:
        need, offer = needs[need_title], offers[offer_title]
        assert need["field"] == offer["field"]
        assert need["status"] == offer["status"] == "published"
        assert need_title != offer_title
