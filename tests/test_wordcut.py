"""kg/extract/wordcut.py: jieba's accurate cut without HMM, from a compact per-machine copy of
its dictionary — the same words as jieba on real reports, on made-up texts full of ties, and
a cache that is made once, survives damage and a folder it cannot write."""
from __future__ import annotations

import pickle
import random
from collections import Counter
from pathlib import Path

import pytest

from kg.batch import sample_corpus
from kg.extract import subjects, wordcut
from kg.pipeline import process_file

KINDS = Path(__file__).resolve().parent / "data" / "kinds"


def _real_texts() -> list[str]:
    texts = []
    for path in [*sample_corpus(), *sorted(KINDS.glob("*.txt"))]:
        doc = process_file(path)
        texts += [doc.normalized.text[a.start:a.end] for a in doc.acts]
        texts += [doc.normalized.text, doc.source.text]  # page furniture, Latin, digits …
    return texts


def test_key_term_candidates_are_jiebas_on_real_reports():
    texts = _real_texts()
    assert sum(map(len, texts)) > 400_000
    for text in texts:
        assert subjects._candidate_counts(text) == subjects._candidate_counts_by_jieba(text)


def test_key_terms_weigh_words_by_jiebas_idf():
    """The IDF each candidate gets from the compact copy is jieba's own (idf.txt), or the
    median for a name jieba's table does not know."""
    segmenter = subjects._segmenter()
    index = subjects._index()
    words = set()
    for text in _real_texts():
        words |= set(subjects._candidate_counts_by_jieba(text))
    known = [w for w in words if w in segmenter.idf]
    assert len(known) > 500 and len(words) > len(known)  # both kinds occur in real reports
    for word in words:
        assert index.cut.idf_of(word, index.median_idf) \
            == segmenter.idf.get(word, segmenter.median_idf), word


# a dictionary over a few characters, with equal frequencies so that paths tie: 甲乙+丙 and
# 甲+乙丙 weigh exactly alike, and so do 子丑+寅卯辰 and 子丑寅+卯辰 (jieba takes the longer
# first word)
_WORDS = {"甲乙": 3, "乙丙": 3, "丙丁": 2, "丁甲": 6, "甲": 3, "乙": 1, "丙": 3, "乙丙丁戊": 18,
          "丁": 2, "a1": 4, "甲a": 2, "戊己": 5, "己庚己": 7,
          "子丑": 3, "子丑寅": 3, "寅卯辰": 5, "卯辰": 5, "辰": 1}
_PIECES = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "甲乙丙", "子丑寅卯辰", "子", "丑", "寅", "卯",
           "辰", "a", "1", "b", "-", ",", "。", " ", "\n", "㐀"]


def _jieba(tmp_path: Path):
    import jieba

    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("".join(f"{w} {f} n\n" for w, f in _WORDS.items()), encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(dictionary))
    tokenizer.tmp_dir = str(tmp_path)
    tokenizer.initialize()
    return tokenizer


def _chinese(word: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in word)


def test_the_same_path_as_jieba_where_paths_tie(tmp_path):
    tokenizer = _jieba(tmp_path)
    cut = wordcut.WordCut(tokenizer.FREQ.items(), tokenizer.total, _chinese)
    assert list(tokenizer.cut("甲乙丙", HMM=False)) == ["甲乙", "丙"]
    assert cut.counts("甲乙丙") == Counter({"甲乙": 1})
    assert list(tokenizer.cut("子丑寅卯辰", HMM=False)) == ["子丑寅", "卯辰"]
    assert cut.counts("子丑寅卯辰") == Counter({"子丑寅": 1, "卯辰": 1})
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        expected = Counter(w for w in tokenizer.cut(text, HMM=False) if len(w) > 1 and _chinese(w))
        assert cut.counts(text) == expected, text


def _tiny_cut() -> wordcut.WordCut:
    return wordcut.WordCut([("国际合作", 5), ("国际", 9), ("合作", 9)], 100, lambda w: True,
                           {"合作": 2.5})


def test_made_once_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    made = []

    def build():
        made.append(1)
        return _tiny_cut()

    first = wordcut.cached("t", b"key", build)
    second = wordcut.cached("t", b"key", build)
    assert made == [1]
    assert second.counts("加强国际合作") == first.counts("加强国际合作") == Counter({"国际合作": 1})
    assert second.idf_of("合作", 9.0) == 2.5 and second.idf_of("国际", 9.0) == 9.0
    wordcut.cached("t", b"another key", build)  # another version of its inputs: made again
    assert made == [1, 1]


def test_a_damaged_cache_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    wordcut.cached("t", b"key", _tiny_cut)
    (copy,) = tmp_path.glob("t-*.pickle")
    copy.write_bytes(b"not a pickle")
    assert wordcut.cached("t", b"key", _tiny_cut).counts("国际合作") == Counter({"国际合作": 1})
    assert pickle.loads(copy.read_bytes()).counts("合作") == Counter({"合作": 1})  # replaced


def test_a_cache_folder_that_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "kg"))
    assert wordcut.cached("t", b"key", _tiny_cut).counts("合作") == Counter({"合作": 1})


def test_old_copies_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    for k in range(wordcut.KEEP + 3):
        wordcut.cached("t", b"version %d" % k, _tiny_cut)
    assert len(list(tmp_path.glob("t-*.pickle"))) == wordcut.KEEP


@pytest.mark.parametrize("word", ["x" * 200])
def test_a_word_too_long_to_pack_is_refused(word):
    with pytest.raises(ValueError, match="too long"):
        wordcut.WordCut([(word, 1)], 10, lambda w: True)
