"""The one place that decides what text a posting is matched on."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def posting_text(title: str, description: str, field: str | None = None, keywords: Iterable[str] = ()) -> str:
    """Join a posting's matchable parts; the title is repeated because it is the densest statement of intent."""
    parts = [title, title, description]
    if field:
        parts.append(field)
    parts.extend(k for k in keywords if k)
    return "\n".join(p.strip() for p in parts if p and p.strip())


def text_hash(text: str) -> str:
    """Stable fingerprint of an embedded text, stored next to its vector."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def detect_lang(text: str) -> str:
    """'zh' when Chinese characters carry the text, else 'en'."""
    cjk = len(_CJK.findall(text))
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if cjk and cjk >= latin_words else "en"
