"""Turn the hand-written catalog into plain demo records: organisations, users, offers and needs.

Pure functions only: no Flask, no database. The same seed always yields the same records, so a demo
database, a screenshot and a test all see identical data.
"""
from __future__ import annotations

import random
from collections import Counter

from stdnum.cn import uscc

from matchmaker.demo import catalog
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

DEMO_PASSWORD = "demo-2026"

# Characters allowed in the organisation-code part of a credit code (GB 32100-2015 excludes I, O, S, V, Z).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

# Registration department + organisation type: '91' registered companies, '12' public institutions.
_USCC_PREFIX: dict[str, str | None] = {
    OrgKind.ENTERPRISE: "91",
    OrgKind.INVESTOR: "91",
    OrgKind.BANK: "91",
    OrgKind.BROKER_AGENCY: "91",
    OrgKind.INCUBATOR: "91",
    OrgKind.UNIVERSITY: "12",
    OrgKind.INSTITUTE: "12",
    OrgKind.GOVERNMENT: None,
}

# Kinds that publish technology offers, with how strongly each is favoured when an offer is handed out.
_OFFER_WEIGHT = {OrgKind.UNIVERSITY: 3.0, OrgKind.INSTITUTE: 3.0, OrgKind.ENTERPRISE: 1.0}

# The market is run from Shanxi, so local organisations post most offers; partners elsewhere post fewer.
_HOME, _HOME_BONUS = "山西省", 1.6

# Asking-price ranges in 万元 grow with maturity: a lab result sells for less than a running process.
_PRICE_RANGE = {
    Maturity.LAB: (30, 120),
    Maturity.SMALL_TRIAL: (50, 200),
    Maturity.PILOT: (100, 400),
    Maturity.SMALL_BATCH: (150, 600),
    Maturity.INDUSTRIAL: (200, 800),
}

# Ways of handing over a result that make sense at each maturity.
_MODE_POOL = {
    Maturity.LAB: [TransferMode.CO_DEVELOPMENT, TransferMode.LICENSE, TransferMode.EQUITY],
    Maturity.SMALL_TRIAL: [TransferMode.CO_DEVELOPMENT, TransferMode.LICENSE, TransferMode.EQUITY],
    Maturity.PILOT: [TransferMode.LICENSE, TransferMode.TRANSFER, TransferMode.CO_DEVELOPMENT,
                     TransferMode.EQUITY],
    Maturity.SMALL_BATCH: [TransferMode.TRANSFER, TransferMode.LICENSE, TransferMode.TECH_SERVICE,
                           TransferMode.EQUITY],
    Maturity.INDUSTRIAL: [TransferMode.TRANSFER, TransferMode.LICENSE, TransferMode.TECH_SERVICE],
}

_MODE_ZH = {
    TransferMode.TRANSFER: "技术转让",
    TransferMode.LICENSE: "技术许可",
    TransferMode.EQUITY: "作价入股",
    TransferMode.CO_DEVELOPMENT: "合作开发",
    TransferMode.TECH_SERVICE: "技术服务",
}
_MODE_EN = {
    TransferMode.TRANSFER: "outright transfer",
    TransferMode.LICENSE: "licensing",
    TransferMode.EQUITY: "technology-for-equity",
    TransferMode.CO_DEVELOPMENT: "joint development",
    TransferMode.TECH_SERVICE: "technical services",
}

# Fields whose results are often devices, where a utility-model patent (实用新型) is plausible.
_DEVICE_FIELDS = {"advanced_equipment", "smart_sensors", "energy_saving", "modern_agriculture"}

# How many verified postings are shown as unfinished or finished, so the demo has every status.
_OFFER_DRAFTS, _OFFER_CLOSED = 6, 3
_NEED_DRAFTS, _NEED_CLOSED = 3, 2


def build_demo(seed: int = 2026) -> dict:
    """Return {"organisations", "users", "offers", "needs"} as lists of dicts, deterministic for a seed."""
    rng = random.Random(seed)
    organisations = _organisations(rng, catalog.ORGANISATIONS)
    users = _users(rng, organisations)
    offers = _offers(rng, organisations, users)
    needs = _needs(rng, organisations)
    _assign_statuses(rng, organisations, offers, needs)
    later = random.Random(seed + 1)
    more = _organisations(later, catalog.LATER_ORGANISATIONS, taken=organisations)
    users += _users(later, more, members=[], taken=users)
    organisations += more
    return {"organisations": organisations, "users": users, "offers": offers, "needs": needs}


def credit_code(rng: random.Random, prefix: str, region_code: str) -> str:
    """Return a random 统一社会信用代码 with a correct GB 32100-2015 check character."""
    if prefix == "91":
        # Codes issued since 2015 carry the 'MA' marker instead of an old organisation code.
        body = "MA" + "".join(rng.choice(_USCC_ALPHABET) for _ in range(7))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(9))
    first17 = prefix + region_code + body
    return first17 + uscc.calc_check_digit(first17)


def patent_number(rng: random.Random, year: int, kind: str) -> str:
    """Return a Chinese patent application number 'YYYYKNNNNNNN.C' with its mod-11 check digit."""
    digits = f"{year}{kind}{rng.randrange(1, 2_000_000):07d}"
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    check = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return f"{digits}.{'X' if check == 10 else check}"


def is_english(title: str) -> bool:
    """Return True when a catalog title marks an English posting (ASCII only)."""
    return title.isascii()


def _organisations(rng: random.Random, orgs: list[catalog.Org], taken: list[dict] = ()) -> list[dict]:
    """Build organisation records with unique, valid credit codes."""
    seen: set[str] = {org["credit_code"] for org in taken if org["credit_code"]}
    records = []
    for org in orgs:
        assert org.province in PROVINCES, org.key
        code = None
        prefix = _USCC_PREFIX[OrgKind(org.kind)]
        if prefix is not None:
            code = credit_code(rng, prefix, org.region_code)
            while code in seen:
                code = credit_code(rng, prefix, org.region_code)
            seen.add(code)
        records.append({
            "key": org.key,
            "kind": OrgKind(org.kind).value,
            "name": org.name,
            "province": org.province,
            "city": org.city,
            "credit_code": code,
            "description": org.description,
            "website": f"https://www.{org.domain}" if org.website else None,
            "verified": org.verified,
        })
    return records


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))


def _users(rng: random.Random, organisations: list[dict], members=catalog.MEMBERS, taken: list[dict] = ()) -> list[dict]:
    """One owner per organisation plus the catalog's members; names and e-mails are unique."""
    domains = {org.key: org.domain for org in catalog.ORGANISATIONS + catalog.LATER_ORGANISATIONS}
    names = [(s + g, f"{sp}.{gp}") for s, sp in catalog.SURNAMES for g, gp in catalog.GIVEN_NAMES]
    rng.shuffle(names)
    used_names: set[str] = {user["display_name"] for user in taken}
    used_emails: set[str] = {user["email"] for user in taken}
    foreign_left = dict(catalog.FOREIGN_NAMES)

    def person(org_key: str, owner: bool) -> tuple[str, str]:
        if not owner and org_key in foreign_left:
            display, local = foreign_left.pop(org_key)
            return display, f"{local}@{domains[org_key]}"
        while True:
            display, local = names.pop()
            email = f"{local}@{domains[org_key]}"
            # Different characters can share a pinyin spelling, so both keys are checked.
            if display not in used_names and email not in used_emails:
                return display, email

    users = []
    plan = [(org["key"], True, catalog.OWNER_ROLES.get(org["key"], ())) for org in organisations]
    plan += [(key, False, roles) for key, roles in members]
    for org_key, owner, roles in plan:
        display, email = person(org_key, owner)
        used_names.add(display)
        used_emails.add(email)
        users.append({
            "email": email.lower(),
            "display_name": display,
            # Owners are the contacts of their postings, so they always leave a number.
            "phone": _phone(rng) if owner or rng.random() < 0.8 else None,
            "org": org_key,
            "org_role": "owner" if owner else "member",
            "roles": list(roles),
        })
    return users


def _pick_org(rng: random.Random, candidates: list[dict], load: Counter) -> dict:
    """Favour local universities and institutes, and spread offers so no organisation hoards a field."""
    weights = [_OFFER_WEIGHT[OrgKind(org["kind"])] * (_HOME_BONUS if org["province"] == _HOME else 1.0)
               / (1 + load[org["key"]]) for org in candidates]
    return rng.choices(candidates, weights=weights)[0]


def _ip_status(rng: random.Random, tech: catalog.Tech) -> IPStatus:
    if tech.ip is not None:
        return IPStatus(tech.ip)
    if tech.maturity == Maturity.LAB:
        options, weights = [IPStatus.PATENT_PENDING, IPStatus.GRANTED_PATENT, IPStatus.NONE], [5, 4, 1]
    else:
        options = [IPStatus.GRANTED_PATENT, IPStatus.PATENT_PENDING, IPStatus.TRADE_SECRET, IPStatus.NONE]
        weights = [11, 5, 3, 1]
    return rng.choices(options, weights=weights)[0]


def _patents(rng: random.Random, ip: IPStatus, field: str) -> list[str]:
    if ip == IPStatus.GRANTED_PATENT:
        numbers = []
        for _ in range(rng.randint(1, 3)):
            # Utility models protect devices only, so they appear beside inventions for hardware fields.
            kind = "2" if field in _DEVICE_FIELDS and rng.random() < 0.3 else "1"
            numbers.append("ZL" + patent_number(rng, rng.randint(2016, 2024), kind))
        return sorted(set(numbers))
    if ip == IPStatus.PATENT_PENDING:
        # Pending applications are listed by application number, without the ZL of a granted patent.
        return sorted({patent_number(rng, rng.randint(2024, 2026), "1") for _ in range(rng.randint(1, 2))})
    return []


def _transfer_modes(rng: random.Random, tech: catalog.Tech) -> list[TransferMode]:
    if "服务" in tech.title or "service" in tech.title.lower():
        return [TransferMode.TECH_SERVICE]
    pool = _MODE_POOL[Maturity(tech.maturity)]
    chosen = rng.sample(pool, rng.randint(1, min(3, len(pool))))
    return [mode for mode in pool if mode in chosen]


def _price(rng: random.Random, maturity: Maturity) -> float | None:
    if rng.random() < 0.25:
        return None
    low, high = _PRICE_RANGE[maturity]
    return float(rng.randrange(low, high + 1, 5))


def _offer_tail(lang: str, ip: IPStatus, patents: list[str], modes: list[TransferMode],
                price: float | None) -> str:
    """Close a description with the IP and deal terms, consistent with the record's fields."""
    inventions = sum(1 for number in patents if number.startswith("ZL") and number[6] == "1")
    if lang == "en":
        plural = "s" if len(patents) > 1 else ""
        ip_text = {
            IPStatus.GRANTED_PATENT: f"Protected by {len(patents)} granted Chinese patent{plural}.",
            IPStatus.PATENT_PENDING: f"{len(patents)} Chinese patent application{plural} filed.",
            IPStatus.SOFTWARE_COPYRIGHT: "Software copyright registered.",
            IPStatus.TRADE_SECRET: "Core process know-how is kept as a trade secret.",
            IPStatus.NONE: "",
        }[ip]
        names = [_MODE_EN[m] for m in modes]
        terms = "Open to " + (", ".join(names[:-1]) + " or " if len(names) > 1 else "") + names[-1]
        terms += "; price negotiable." if price is None else (
            f"; indicative price CNY {price / 100:g} million.")
        return " ".join(part for part in (ip_text, terms) if part)
    if ip == IPStatus.GRANTED_PATENT and inventions == len(patents):
        ip_text = f"已获授权发明专利{inventions}项。"
    elif ip == IPStatus.GRANTED_PATENT and inventions == 0:
        ip_text = f"已获授权实用新型专利{len(patents)}项。"
    elif ip == IPStatus.GRANTED_PATENT:
        ip_text = f"已获授权专利{len(patents)}项，其中发明专利{inventions}项。"
    else:
        ip_text = {
            IPStatus.PATENT_PENDING: f"已提交发明专利申请{len(patents)}件。",
            IPStatus.SOFTWARE_COPYRIGHT: "已登记计算机软件著作权。",
            IPStatus.TRADE_SECRET: "核心工艺以技术秘密方式保护。",
            IPStatus.NONE: "",
        }[ip]
    terms = "可采用" + "、".join(_MODE_ZH[m] for m in modes) + "方式合作"
    terms += "，价格面议。" if price is None else f"，参考价格{price:g}万元。"
    return ip_text + terms


def _offers(rng: random.Random, organisations: list[dict], users: list[dict]) -> list[dict]:
    """Hand every catalog offer to a fitting organisation and add patents, terms and a contact."""
    by_key = {org["key"]: org for org in organisations}
    fields_of = {org.key: org.fields for org in catalog.ORGANISATIONS}
    paired = {offer_title for _, offer_title in catalog.MATCHING_PAIRS}
    contacts: dict[str, list[dict]] = {}
    for user in users:
        contacts.setdefault(user["org"], []).append(user)
    load: Counter = Counter()
    offers = []
    for field, _, _ in DEFAULT_FIELDS:
        for tech in catalog.OFFERS.get(field, []):
            if tech.org is not None:
                org = by_key[tech.org]
            else:
                # Unverified organisations only get the offers pinned to them, which keeps their
                # pending queue small and every matching pair publishable.
                candidates = [org for org in organisations
                              if org["kind"] in _OFFER_WEIGHT and org["verified"]
                              and field in fields_of[org["key"]]]
                org = _pick_org(rng, candidates, load)
            assert tech.title not in paired or org["verified"], tech.title
            load[org["key"]] += 1
            lang = "en" if is_english(tech.title) else "zh"
            maturity = Maturity(tech.maturity)
            ip = _ip_status(rng, tech)
            patents = _patents(rng, ip, field)
            modes = _transfer_modes(rng, tech)
            price = _price(rng, maturity)
            contact = rng.choice(contacts[org["key"]])
            offers.append({
                "org": org["key"],
                "lang": lang,
                "title": tech.title,
                "description": tech.text + (" " if lang == "en" else "")
                + _offer_tail(lang, ip, patents, modes, price),
                "field": field,
                "keywords": list(tech.keywords),
                "maturity": maturity.value,
                "ip_status": ip.value,
                "patent_numbers": patents,
                "transfer_modes": [mode.value for mode in modes],
                "asking_price_wan": price,
                "region": org["province"],
                "contact_name": contact["display_name"],
                "contact_phone": contact["phone"] or _phone(rng),
                "contact_email": contact["email"],
                "status": PostingStatus.PUBLISHED.value,
            })
    return offers


def _deadline(rng: random.Random, modes: tuple[str, ...]) -> str | None:
    # An open call (揭榜挂帅) always closes on a date; ordinary needs often stay open.
    if CooperationMode.OPEN_CALL not in modes and rng.random() < 0.3:
        return None
    return f"2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _needs(rng: random.Random, organisations: list[dict]) -> list[dict]:
    """Turn the catalog needs into records posted by the organisations that wrote them."""
    by_key = {org["key"]: org for org in organisations}
    needs = []
    for field, _, _ in DEFAULT_FIELDS:
        for need in catalog.NEEDS.get(field, []):
            org = by_key[need.org]
            low, high = need.budget
            needs.append({
                "org": org["key"],
                "lang": "en" if is_english(need.title) else "zh",
                "title": need.title,
                "description": need.text,
                "field": field,
                "keywords": list(need.keywords),
                "budget_min_wan": None if low is None else float(low),
                "budget_max_wan": None if high is None else float(high),
                "deadline": _deadline(rng, need.modes),
                "cooperation_modes": [CooperationMode(mode).value for mode in need.modes],
                "region": org["province"],
                "maturity_required": None if need.maturity is None else Maturity(need.maturity).value,
                "status": PostingStatus.PUBLISHED.value,
            })
    return needs


def _assign_statuses(rng: random.Random, organisations: list[dict], offers: list[dict],
                     needs: list[dict]) -> None:
    """Unverified organisations wait for review; a few verified postings are drafts or closed."""
    verified = {org["key"] for org in organisations if org["verified"]}
    paired = {title for pair in catalog.MATCHING_PAIRS for title in pair}
    plan = ((offers, _OFFER_DRAFTS, _OFFER_CLOSED), (needs, _NEED_DRAFTS, _NEED_CLOSED))
    for postings, drafts, closed in plan:
        for posting in postings:
            if posting["org"] not in verified:
                posting["status"] = PostingStatus.PENDING.value
        # Matching pairs stay published: they are what the matching demo shows.
        eligible = [p for p in postings if p["org"] in verified and p["title"] not in paired]
        chosen = rng.sample(eligible, drafts + closed)
        for posting in chosen[:drafts]:
            posting["status"] = PostingStatus.DRAFT.value
        for posting in chosen[drafts:]:
            posting["status"] = PostingStatus.CLOSED.value
