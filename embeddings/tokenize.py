"""Chinese-aware terms for BM25: jieba words, character bigrams and stemmed English words."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import snowballstemmer

jieba.setLogLevel(logging.WARNING)
_stemmer = snowballstemmer.stemmer("english")

HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")

EN_STOPWORDS = frozenset(
    """a an the and or of to in on for with by from at as is are was were be been being this that these those it its
    we our us you your they their them he she his her i my me not no can could will would should may might must do does
    did done have has had having than then so such into over under up down out about above below between through during
    before after very more most less least also only other any some all each both few many much own same just too per
    via etc which who whom whose what when where why how there here if but because while within without need needs
    want wants looking seek seeking find provide provides use used using based""".split()
)
# Function words and the boilerplate every posting shares (我们/希望/技术…); they carry no topic.
ZH_STOPWORDS = frozenset(
    """的 了 和 与 及 或 是 在 有 我们 我 你 他 她 它 等 对 也 都 就 而 并 但 被 把 为 以 于 其 之 中 个 这 那 要 能 可
    可以 希望 需要 一个 一种 进行 通过 目前 现在 采用 使用 已 已经 没有 不 很 较 更 最 还 又 上 下 里 后 前 时 年 月 万元
    元 找到 寻找 方案 技术 问题 公司 企业 我司""".split()
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a lower-cased English word."""
    return _stemmer.stemWord(word)


# A readable form for each stem seen, so explanations can show "battery" rather than "batteri".
SURFACE_OF_STEM: dict[str, str] = {}


def english_terms(text: str) -> list[str]:
    """Stemmed English content words."""
    out = []
    for word in LATIN_WORD.findall(text):
        low = word.lower()
        if len(low) > 1 and low not in EN_STOPWORDS:
            stemmed = stem(low)
            if stemmed not in SURFACE_OF_STEM and len(SURFACE_OF_STEM) < 500_000:
                SURFACE_OF_STEM[stemmed] = word
            out.append(stemmed)
    return out


def chinese_words(text: str, hmm: bool = True) -> list[str]:
    """jieba's words for each run of Chinese characters, in reading order (stopwords kept)."""
    return [w for run in HAN_RUN.findall(text) for w in jieba.lcut(run, HMM=hmm)]


def chinese_terms(text: str) -> list[str]:
    """jieba search-mode words plus character bigrams, so words jieba does not know still match."""
    out = []
    for run in HAN_RUN.findall(text):
        out.extend(w for w in jieba.lcut_for_search(run) if len(w) > 1 and w not in ZH_STOPWORDS)
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def native_terms(text: str) -> list[str]:
    """The lexical channel's terms: Chinese words and bigrams plus English stems."""
    return chinese_terms(text) + english_terms(text)
