"""The reader's words for the eligibility rules (rules.RULES), in one place for every finance page."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

RULE_LABELS = {
    "field": _l("领域"),
    "region": _l("地区"),
    "qualifications": _l("资质"),
    "revenue": _l("营业收入"),
    "collateral": _l("抵质押"),
    "amount": _l("额度"),
}


def rule_label(code: str) -> str:
    """A rule's short name, e.g. 营业收入 for `revenue`; unknown codes as given."""
    return str(RULE_LABELS.get(code, code))
