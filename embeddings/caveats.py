"""What an offer says it does not do, told apart from what it claims.

Offers often bound their own scope: "本技术不涉及还原工序能耗", "it does not supply insulation materials",
"仅适用于燃气锅炉". Those clauses name exactly the problems the offer leaves unsolved, so counting their words
as evidence for a match ranks an adjacent technology above the one that solves the need. The ranker indexes
claims and caveats apart: claims count for a match, caveats the need runs into count against it, and the
explanation quotes them.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Clause boundaries: Chinese sentence and clause punctuation, English sentence ends, semicolons and line breaks.
# English commas are not boundaries: "Limitations: A, B and C." is one caveat.
_CLAUSE_END = re.compile(r"(?<=[。；;！？!?，\n])|(?<=\.)\s+(?=[A-Z0-9(\"“])")

# Cues that a clause bounds the offer's scope. Plain negation is not enough: "完全不含镝、铽" and "no chemical
# residue" are claims, so only verbs of scope, capability and applicability count.
_ZH_CUES = (
    "不涉及", "不适用", "不适合", "不承担", "不提供", "不包含", "不包括", "不具备", "不负责", "不识别", "不解决",
    "不能", "无法", "不可用于", "仅适用", "只适用", "仅限于", "仅在", "只能用于", "不属于",
)
# "不改变/不降低/不减少" name a limit only when the offer itself is what does not change ("不改变电芯本身的低温
# 放电能力"); "不降低混凝土强度" and "改造不改变原有工艺" are benefits.
_ZH_WEAK_CUES = ("不改变", "不降低", "不减少")
_SELF = re.compile(r"本身|本技术|本系统|本产品|本服务|本方案|本工艺|该技术|该系统|该产品|该服务")
# English: a negated verb of scope or capability ("does not supply", "do not provide"); "does not overheat" and
# "retrofits do not interrupt production" are benefits.
_SCOPE_VERBS = (r"provide|supply|include|cover|address|replace|remove|identify|separate|treat|solve|handle|support"
                r"|detect|measure|work|apply|deal|offer|deliver|protect|extend|fit|suit|change|reduce")
_EN_CUES = (
    rf"\b(?:does|do|did)(?: not|n't)(?: itself| themselves)? (?:{_SCOPE_VERBS})", r"\bcannot\b", r"\bcan't\b",
    r"\bcan not\b", r"\b(?:is|are) not (?:suited|suitable|designed|intended|meant|applicable)\b",
    r"\bnot (?:suited|suitable|applicable) (?:to|for)\b", r"\bno effect on\b", r"\bonly (?:works|applies)\b",
)
# A clause the author labels as a limitation is one, whatever else it says.
_LABEL = re.compile(r"\blimitations?\s*:|局限性?[:：]|不足之处[:：]|限制条件[:：]", re.IGNORECASE)
_CUE = re.compile("|".join([*map(re.escape, _ZH_CUES), *_EN_CUES]), re.IGNORECASE)
_WEAK_CUE = re.compile("|".join(map(re.escape, _ZH_WEAK_CUES)))
_BENEFIT = re.compile(r"不影响|无需|不需要|不会|前提下")
# "传统钻孔水道无法到达": a clause whose subject is the conventional method describes the problem the offer solves.
# Only a conventional-method word before the cue counts ("不适用于普通碳钢" is the offer's own limit).
_STATUS_QUO = re.compile(r"传统|常规|现有|普通|以往|conventional|traditional|existing|ordinary|usual", re.IGNORECASE)


def clauses(text: str) -> list[str]:
    """A text cut at clause boundaries, blank pieces dropped."""
    return [c.strip() for c in _CLAUSE_END.split(text or "") if c and c.strip()]


def is_caveat(clause: str) -> bool:
    """Whether a clause states a limit of scope or applicability."""
    if _LABEL.search(clause):
        return True
    cue = _CUE.search(clause)
    if cue is None:
        weak = _WEAK_CUE.search(clause)
        cue = weak if weak is not None and _SELF.search(clause) else None
    if cue is None or _BENEFIT.search(clause):
        return False
    before = _STATUS_QUO.search(clause, 0, cue.start())
    return before is None


@lru_cache(maxsize=4096)
def split_caveats(text: str) -> tuple[str, str]:
    """(claims, caveats): the text without its scope-limiting clauses, and those clauses."""
    claims, caveats = [], []
    for clause in clauses(text):
        (caveats if is_caveat(clause) else claims).append(clause)
    return "".join(_spaced(claims)), "".join(_spaced(caveats))


def _spaced(parts: list[str]) -> list[str]:
    # Chinese clauses keep their own punctuation; Latin ones need a space to stay separate words.
    return [p if p[-1] in "。；;！？!?，" else p + " " for p in parts]


def embedded_text(kind: str, text: str) -> str:
    """What the encoder reads for a posting: an offer's claims without its caveats, a need as written."""
    return split_caveats(text)[0] if kind == "offer" else text


def caveats_touching(caveats: str, other_terms: set[str], view) -> list[str]:
    """The caveat clauses that share a term with the other side (`view` turns a clause into comparable terms)."""
    return [clause for clause in clauses(caveats) if set(view(clause)) & other_terms]
