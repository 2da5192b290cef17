"""The one sentence that leads a match's explanation, built from its rules and its strongest shared terms."""
from __future__ import annotations

from flask_babel import gettext as _

from matchmaker.i18n import current_language, field_name

REASON_TERMS = 3


def reason(result) -> str:
    """For example 同为新材料领域；共同关键词：宽幅轧制、车门内板；成熟度满足要求。"""
    zh = current_language() == "zh"
    parts = []
    if result.field_match:
        parts.append(_("同为%(field)s领域", field=field_name(result.posting.field)))
    # In the reader's language where a term has both sides ("激光 / laser"), each word once.
    terms = list(dict.fromkeys(_in_language(term, zh) for term in result.shared_terms))[:REASON_TERMS]
    if terms:
        parts.append(_("共同关键词：%(terms)s", terms=("、" if zh else ", ").join(terms)))
    passed = {rule.rule for rule in result.rules if rule.passed}
    if "maturity" in passed:
        parts.append(_("成熟度满足要求"))
    if "budget" in passed:
        parts.append(_("报价在预算内"))
    if result.caveats:
        parts.append(_("但成果自述的适用范围有限制"))
    if not parts:
        parts.append(_("内容语义相近"))
    return ("；" if zh else "; ").join(parts) + ("。" if zh else ".")


def _in_language(term: str, zh: bool) -> str:
    sides = term.split(" / ")
    if len(sides) == 1:
        return term
    chinese = [side for side in sides if not side.isascii()]
    english = [side for side in sides if side.isascii()]
    return (chinese or sides)[0] if zh else (english or sides)[0]
