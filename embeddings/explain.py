"""Why two postings matched: the key terms they share, within a language and across Chinese and English."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from embeddings.lexicon import Lexicon
from embeddings.stopwords import explains_nothing
from embeddings.tokenize import EN_STOPWORDS, HAN_RUN, LATIN_WORD, SURFACE_OF_STEM, ZH_STOPWORDS, chinese_words, stem

MAX_SHARED_TERMS = 8
# An English reading shared by more dictionary words than this (pass: 259, system: 269) links a Chinese word to
# an English one too loosely to show: 攻关 reads "storm a strategic pass", which says nothing of rolling passes.
AMBIGUOUS_READING = 200
# A term in more than this share of the collection (a field name, 技术, 提高…) explains nothing.
COMMON_SHARE = 0.2


# Parts of speech (jieba's dictionary tags) that name no subject: verbs, adjectives, adverbs, pronouns, numbers…
_NOT_KEY_TAGS = ("v", "a", "d", "r", "c", "p", "m", "t", "f", "u", "q", "z", "b", "y", "e", "o")
_KEEP_TAGS = ("vn", "an")


def _is_key_word(word: str) -> bool:
    """Chinese nouns and words jieba does not know (often technical terms) explain a match; verbs do not."""
    import jieba.posseg

    tag = jieba.posseg.dt.word_tag_tab.get(word)
    return tag is None or tag in _KEEP_TAGS or not tag.startswith(_NOT_KEY_TAGS)


@dataclass
class Surface:
    """The words of one text as written, with the key each is compared on."""

    chinese: dict[str, str] = field(default_factory=dict)  # key word -> word
    # Every content word, verbs included: across languages a shared verb (回收 / recycling) is real evidence.
    chinese_any: dict[str, str] = field(default_factory=dict)
    english: dict[str, str] = field(default_factory=dict)  # stem -> first surface form
    _readings: tuple | None = field(default=None, repr=False, compare=False)

    def readings(self, lexicon: Lexicon) -> list[tuple[str, frozenset[str]]]:
        """The Chinese words that have English readings, with them; kept, as a query meets 20 candidates or more."""
        if self._readings is None or self._readings[0] is not lexicon:
            pairs = [(word, found) for word in self.chinese_any if (found := lexicon.translations(word))]
            self._readings = (lexicon, pairs)
        return self._readings[1]


@lru_cache(maxsize=8192)
def surface(text: str) -> Surface:
    """Content words of a text, keyed for comparison."""
    out = Surface()
    # No HMM guessing of unknown words: explanations only quote dictionary words, and this is 35% faster.
    for word in chinese_words(text, hmm=False):
        if len(word) > 1 and word not in ZH_STOPWORDS:
            out.chinese_any.setdefault(word, word)
            if _is_key_word(word):
                out.chinese.setdefault(word, word)
    for word in LATIN_WORD.findall(text):
        low = word.lower()
        if len(low) > 1 and low not in EN_STOPWORDS:
            out.english.setdefault(stem(low), word)
    return out


def surface_from_terms(terms: Iterable[str]) -> Surface:
    """A surface rebuilt from an indexed document's lexical terms, without segmenting its text again."""
    import jieba

    frequencies = jieba.dt.FREQ
    out = Surface()
    for term in terms:
        if HAN_RUN.fullmatch(term):
            if len(term) > 1 and term not in ZH_STOPWORDS and frequencies.get(term):
                out.chinese_any[term] = term
                if _is_key_word(term):
                    out.chinese[term] = term
        elif term[:1].isalpha():
            out.english.setdefault(term, SURFACE_OF_STEM.get(term, term))
    return out


def query_reach(query: Surface, lexicon: Lexicon | None) -> frozenset[str]:
    """Every English key a candidate could share with the query: its own words and its Chinese words' readings."""
    reach = set(query.english)
    if lexicon is not None:
        for word in query.chinese_any:
            reach |= lexicon.translations(word)
    return frozenset(reach)


def surface_for_query(terms: set[str], query: Surface, lexicon: Lexicon | None, reach: frozenset[str]) -> Surface:
    """The part of an indexed document's surface that can share a term with `query`.

    `shared_terms(query, surface_for_query(...))` equals `shared_terms(query, surface_from_terms(terms))`, but only
    the terms that can meet the query are looked at: a match list explains 20 documents of a few hundred terms each
    on every request, and most of their terms cannot be shared.
    """
    import jieba

    frequencies = jieba.dt.FREQ
    out = Surface()
    for word in query.chinese.keys() & terms:  # query.chinese words are already long, non-stop key words
        if frequencies.get(word):
            out.chinese[word] = word
            out.chinese_any[word] = word
    for key in reach & terms:
        if key[:1].isalpha() and not HAN_RUN.fullmatch(key):
            out.english[key] = SURFACE_OF_STEM.get(key, key)
    if lexicon is not None and query.english:
        wanted = query.english.keys()
        for term in terms:
            if (term not in out.chinese_any and len(term) > 1 and HAN_RUN.fullmatch(term) and term not in ZH_STOPWORDS
                    and frequencies.get(term) and lexicon.translations(term) & wanted):
                out.chinese_any[term] = term
    return out


@dataclass
class SharedTerms:
    terms: list[str]
    query_words: list[str]
    candidate_words: list[str]


def shared_terms(query: Surface, candidate: Surface, lexicon: Lexicon | None,
                 weight: Callable[[str], float] = lambda term: 1.0) -> SharedTerms:
    """Terms present in both texts, strongest first; a cross-language pair reads '激光 / laser'."""
    found: list[tuple[float, str, str, str]] = []
    both = query.chinese.keys() & candidate.chinese.keys()
    # A word found again in the joined list sits inside a longer one: 电池 adds nothing beside 锂电池.
    joined = "\x00".join(both)
    for word in both:
        if joined.count(word) == 1 and not explains_nothing(word):
            found.append((weight(word), word, word, word))
    for key in query.english.keys() & candidate.english.keys():
        if not (explains_nothing(query.english[key]) or explains_nothing(candidate.english[key])):
            found.append((weight(key), query.english[key], query.english[key], candidate.english[key]))
    if lexicon is not None:
        for zh_side, en_side, zh_is_query in ((query, candidate, True), (candidate, query, False)):
            if not en_side.english:
                continue
            for word, readings in zh_side.readings(lexicon):
                if explains_nothing(word):
                    continue
                for key in readings & en_side.english.keys():
                    english = en_side.english[key]
                    if explains_nothing(english) or lexicon.reading_count(key) > AMBIGUOUS_READING:
                        continue
                    label = f"{word} / {english}" if zh_is_query else f"{english} / {word}"
                    q, c = (word, english) if zh_is_query else (english, word)
                    found.append((weight(key) * 0.9, label, q, c))
                    break
    found.sort(key=lambda item: (-item[0], item[1]))
    seen: set[str] = set()
    result = SharedTerms([], [], [])
    for score, label, q, c in found:
        # One entry per word on each side: "calculation" met in 计算, 计算机 and 计算机软件 is one shared term.
        if score <= 0 or label in seen or q.lower() in seen or c.lower() in seen:
            continue
        seen.update((label, q.lower(), c.lower()))
        result.terms.append(label)
        result.query_words.append(q)
        result.candidate_words.append(c)
        if len(result.terms) == MAX_SHARED_TERMS:
            break
    return result


def idf_weight(document_frequency: Callable[[str], int], total: int) -> Callable[[str], float]:
    """Rarer terms explain more; terms common across the collection weigh nothing and are left out."""
    common = max(COMMON_SHARE * total, 3)
    known: dict[str, float] = {}

    def weight(term: str) -> float:
        value = known.get(term)
        if value is None:
            df = document_frequency(term)
            value = 0.0 if df > common else math.log(1 + (total - df + 0.5) / (df + 0.5))
            known[term] = value
        return value

    return weight
