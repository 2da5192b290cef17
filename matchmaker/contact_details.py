"""Whether a message carries contact details, written plainly or disguised.

Interest messages and meeting requests go to strangers before any introduction; contacts are exchanged by the
platform once both sides agree. People who want to go around that write "138 0013 8000", "一三八〇〇一三八〇〇〇",
"li at tyut dot edu dot cn" or "加微信 tyut_li": each is caught here.
"""
from __future__ import annotations

import re

_DIGIT_WORDS = str.maketrans({
    **{c: str(n) for n, c in enumerate("〇一二三四五六七八九")},
    **{c: str(n) for n, c in enumerate("零壹贰叁肆伍陆柒捌玖")},
    "两": "2", "幺": "1",
    **{chr(0xFF10 + n): str(n) for n in range(10)},  # full-width digits
})
# Between the digits of one number people put spaces, dashes, dots and brackets.
_DIGIT_SEPARATORS = re.compile(r"(?<=\d)[\s\-‐–—－.·・．()（）_/]+(?=\d)")
_EMAIL = re.compile(r"[\w.+-]+\s*[@＠]\s*[\w-]+(\s*[.。]\s*[\w-]+)+")
_SPELLED_EMAIL = re.compile(
    r"[a-z0-9_.+-]+\s*(?:\(at\)|\[at\]|\{at\}|\bat\b|艾特|圈a)\s*[a-z0-9-]+"
    r"(?:\s*(?:\(dot\)|\[dot\]|\{dot\}|\bdot\b|点|[.。])\s*[a-z0-9-]+)+",
    re.IGNORECASE,
)
_MOBILE = re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)")
_LONG_NUMBER = re.compile(r"\d{8,}")  # landlines with area code, and most other contact numbers
_MESSENGER_ID = re.compile(
    r"(?:微信|威信|薇信|v信|(?<![a-z])(?:vx|wx|wechat|weixin|qq)(?![a-z])|扣扣|企鹅)\s*(?:号|号码|id)?\s*[:：是为]?\s*"
    r"[a-z0-9][a-z0-9_-]{4,19}",
    re.IGNORECASE,
)


def _digits_joined(text: str) -> str:
    """The text with numerals as ASCII digits and the separators inside numbers removed."""
    return _DIGIT_SEPARATORS.sub("", text.translate(_DIGIT_WORDS))


def holds_contact_details(text: str) -> bool:
    """Whether `text` gives an e-mail address, a phone number, or a WeChat or QQ id, however it is written."""
    if _EMAIL.search(text) or _SPELLED_EMAIL.search(text):
        return True
    joined = _digits_joined(text)
    if _MOBILE.search(joined) or _LONG_NUMBER.search(joined):
        return True
    return bool(_MESSENGER_ID.search(joined))
