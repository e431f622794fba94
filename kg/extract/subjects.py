"""subjects: what a document and its acts are about.

- The UNBIS subject headings that the UN's word-segmented texts print on their first line
  (``%%%TRANSNATIONAL CRIME|ORGANIZED CRIME|…|``): one ``SubjectHeading`` each, on the document.
- The key terms of each adopted act: TF-IDF over the act's text, the IDF jieba's own (made
  from general Chinese text) times one over the acts of the same document, so a document's
  facts depend on it alone. Words are cut by jieba with the gazetteers' names as a user
  dictionary, so that a name (联合国毒品和犯罪问题办公室, a working group) stays one term; only
  nouns are kept, never the procedural words of the gazetteers (acting bodies, addressees,
  verbs) and of ``keyword_stopwords.tsv``, numbers or ordinals.

Words are cut as ``jieba.Tokenizer.cut(text, HMM=False)`` cuts them (with the names added),
by ``wordcut.WordCut``: a compact copy of that tokenizer's dictionary with each candidate word
marked, made with jieba once per machine (~2 s) and loaded by each process that meets a
document with adopted acts (~0.05 s; jieba's own load takes ~0.8 s and ~120 MB per process).
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..facts import KeyTerm, SubjectHeading
from ..lexicon import (
    addressees,
    bodies,
    instruments,
    keyword_stopwords,
    mandate_verbs,
    organizations,
    preamble_verbs,
    states,
    subsidiary_bodies,
    verbs,
)
from ..models import Document
from . import wordcut

# the first line of the file: "%%%" then the headings, "|"-separated (a BOM or spaces before)
HEADINGS_LINE = re.compile(r"\A\ufeff?[ \t]*%%%(?P<headings>[^\r\n]*)")
KEY_TERMS_PER_ACT = 8
# parts of speech of a subject: nouns (common, proper, of organizations, of places) and
# verbal nouns (合作 "cooperation", 引渡 "extradition"), as jieba's dictionary tags them; the
# gazetteers' names count as nouns
SUBJECT_POS = ("n", "nz", "nt", "ns", "vn")
# a term with a digit, or opening with 第 (第四届, 第32条), is a number or an ordinal
NUMBER_OR_ORDINAL = re.compile(r"[0-9０-９]|^第")
CJK = re.compile(r"[\u3400-\u9fff]")


def extract(doc: Document) -> list:
    return [*headings(doc), *key_terms(doc)]


def headings(doc: Document) -> list[SubjectHeading]:
    """The UNBIS headings of the ``%%%`` line, each at its place in the normalized text."""
    line = HEADINGS_LINE.match(doc.source.text)
    text = doc.normalized.text
    cursor = text.find("%%%")
    if line is None or cursor < 0:
        return []
    found = []
    for raw in line.group("headings").split("|"):
        label = " ".join(raw.split())
        if not label:
            continue
        start = text.find(label, cursor)
        if start < 0:
            doc.warnings.append(f"subject heading {label!r} not found in the normalized text")
            continue
        found.append(SubjectHeading(label, start, start + len(label)))
        cursor = start + len(label)
    return found


def key_terms(doc: Document) -> list[KeyTerm]:
    """The heaviest terms of each adopted act: term frequency in the act × jieba's IDF ×
    the IDF over the acts of this document (a term every act of the report uses, such as the
    convention's name, says nothing about one of them)."""
    if not doc.acts:
        return []
    texts = [doc.normalized.text[act.start:act.end] for act in doc.acts]
    counts = [_candidate_counts(text) for text in texts]
    document_frequency = Counter(term for terms in counts for term in terms)
    index = _index()
    general_idf = {term: index.cut.idf_of(term, index.median_idf) for term in document_frequency}
    found = []
    acts = len(doc.acts)
    for act, text, terms in zip(doc.acts, texts, counts):
        total = sum(terms.values()) or 1
        weights = {term: n / total * general_idf[term]
                   * math.log((acts + 1) / (document_frequency[term] + 0.5))
                   for term, n in terms.items()}
        ranked = sorted(weights, key=lambda term: (-weights[term], term))
        for rank, term in enumerate(ranked[:KEY_TERMS_PER_ACT], 1):
            offset = text.find(term)
            found.append(KeyTerm(act.key, term, rank, act.start + offset,
                                 act.start + offset + len(term)))
    return found


def _candidate_counts(text: str) -> Counter:
    """How often each word of ``text`` that may be a subject occurs in it (jieba's cut, no
    guessing of unknown words)."""
    return _index().cut.counts(text)


def _candidate_counts_by_jieba(text: str) -> Counter:
    """The same with jieba itself (what ``_index`` is made from and tested against)."""
    segmenter = _segmenter()
    counts: Counter = Counter()
    for term in segmenter.tokenizer.cut(text, HMM=False):
        if term in segmenter.nouns and _may_be_subject(term):
            counts[term] += 1
    return counts


def _may_be_subject(word: str) -> bool:
    """A word of jieba's nouns (or a name) that may be a subject: not procedural, not a
    number or an ordinal, of two or more characters, Chinese."""
    return len(word) > 1 and word not in _procedural_words() and bool(CJK.search(word)) \
        and not NUMBER_OR_ORDINAL.search(word)


def _names() -> set[str]:
    """Every name of the gazetteers: kept whole by the segmenter."""
    names: set[str] = set()
    for state in states().values():
        names.update((state.label_zh, *state.aliases_zh))
    for organization in organizations().values():
        names.update(organization.labels_zh)
    for body in subsidiary_bodies():
        names.update(body.forms_zh)
    for instrument in instruments().values():
        names.update(instrument.names_zh)
    return names | _procedural_words()


@lru_cache(maxsize=1)
def _procedural_words() -> frozenset[str]:
    """Words that say how an act acts, not what it is about."""
    words = set(keyword_stopwords()) | set(addressees()) | set(preamble_verbs())
    for body in bodies().values():
        words.update(body.labels_zh)
    for verb in (*verbs().values(), *mandate_verbs().values()):
        words.update(verb.forms_zh)
    return frozenset(words)


@dataclass(frozen=True)
class KeyTermIndex:
    cut: wordcut.WordCut  # jieba's cut with the gazetteers' names, subjects marked, their IDF
    median_idf: float  # for a noun jieba's IDF does not know (a gazetteer name)


@lru_cache(maxsize=1)
def _index() -> KeyTermIndex:
    """The segmenter as a ``WordCut``, from this machine's cache (made with jieba on a miss)."""
    return wordcut.cached("key-terms", _index_key(), _make_index)


def _make_index() -> KeyTermIndex:
    segmenter = _segmenter()
    nouns = segmenter.nouns
    cut = wordcut.WordCut(segmenter.tokenizer.FREQ.items(), segmenter.tokenizer.total,
                          lambda word: word in nouns and _may_be_subject(word), segmenter.idf)
    return KeyTermIndex(cut, segmenter.median_idf)


def _index_key() -> bytes:
    """Everything the index depends on: jieba's version and files, the names added to it, the
    procedural words, and this code."""
    from importlib import metadata

    jieba_folder = Path(importlib.util.find_spec("jieba").submodule_search_locations[0])
    parts = [metadata.version("jieba")]
    for path in (jieba_folder / "dict.txt", jieba_folder / "analyse" / "idf.txt"):
        stat = path.stat()
        parts.append(f"{path.name} {stat.st_size} {stat.st_mtime_ns}")
    parts += sorted(_names()) + ["--"] + sorted(_procedural_words())
    code = b"".join(Path(m.__file__).read_bytes() for m in (wordcut, _this_module()))
    return "\n".join(parts).encode("utf-8") + hashlib.sha256(code).digest()


def _this_module():
    import sys

    return sys.modules[__name__]


@dataclass(frozen=True)
class Segmenter:
    tokenizer: object  # a jieba.Tokenizer with the gazetteers' names added
    nouns: frozenset[str]  # words whose part of speech is one of SUBJECT_POS
    idf: dict[str, float]  # jieba's IDF of those nouns
    median_idf: float  # for a noun jieba's IDF does not know (a gazetteer name)


@lru_cache(maxsize=1)
def _segmenter() -> Segmenter:
    """jieba's tokenizer, with the nouns of its dictionary and their IDF.

    Only ``jieba`` itself is imported: ``jieba.analyse`` loads its IDF table twice and
    ``jieba.posseg`` its HMM tables (~200 MB together); the parts of speech and the IDF are
    read here from jieba's own files, nouns only (~60 MB less again)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every build
    tokenizer = jieba.Tokenizer()
    names = sorted(n for n in _names() if len(n) > 1 and not re.search(r"\s", n))
    for name in names:
        tokenizer.add_word(name)
    nouns = set(names)
    with open(tokenizer.get_dict_file().name, encoding="utf-8") as dictionary:
        for line in dictionary:  # "word frequency tag"
            parts = line.split()
            if len(parts) == 3 and parts[2] in SUBJECT_POS:
                nouns.add(parts[0])
    idf, every_idf = {}, []
    with open(Path(jieba.__file__).parent / "analyse" / "idf.txt", encoding="utf-8") as table:
        for line in table:  # "word idf"
            word, _, value = line.rstrip("\n").rpartition(" ")
            every_idf.append(float(value))
            if word in nouns:
                idf[word] = float(value)
    every_idf.sort()
    return Segmenter(tokenizer, frozenset(nouns), idf, every_idf[len(every_idf) // 2])
