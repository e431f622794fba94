"""wordcut: jieba's accurate cut without HMM, word for word, from a compact copy of its
dictionary made once per machine.

``jieba.Tokenizer.cut(text, HMM=False)`` cuts each run of characters of its class
(``[\\u4E00-\\u9FD5a-zA-Z0-9+#&._%-]``) along the most probable path through the dictionary's
words: each word weighs ``log(freq) - log(total)``, a character no word starts at weighs
``-log(total)``, and at each position the heaviest continuation wins (on a tie, the longer
word). jieba holds its dictionary as a Python dict of every word and every prefix (~500,000
entries: ~0.5 s to load from its cache and ~120 MB in every process) and walks it in pure
Python (~0.6 MB/s).

``WordCut`` answers the same from a compact form, built from a jieba ``Tokenizer`` (after
whatever words were added to it) and pickled into a per-machine cache (``cached``), so a new
process loads it in ~0.05 s:

- the words of two or more characters in a pyahocorasick automaton, reversed, so that one pass
  over the reversed text yields every word of the text by decreasing start — the order in
  which the path is computed (from the end of the text to its start);
- the weight of the one-character step of every character of the class.

Each word carries a mark chosen by the caller (``marked``: the words it wants counted) and an
optional IDF; ``counts(text)`` returns how often each marked word lies on the path.
``tests/test_subjects.py`` checks the counts equal jieba's on real reports.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from math import log
from pathlib import Path
from typing import TypeVar

import ahocorasick

# the characters jieba cuts into words (jieba.re_han_default); any other is cut alone
WORD_CHARACTERS = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]")
_CLASS = [chr(c) for c in range(0x4E00, 0x9FD6)] + list(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._%-")
FORMAT = 1  # of the pickled form: a change makes every cached copy stale
T = TypeVar("T")

# a word's value in the automaton (a C int): its number, its length and the caller's mark
_LENGTH_BITS = 7
_NUMBER_SHIFT = _LENGTH_BITS + 1
_NO_IDF = -1.0


class WordCut:
    def __init__(self, words: Iterable[tuple[str, int]], total: int, marked: Callable[[str], bool],
                 idf: dict[str, float] | None = None):
        """``words``: (word, frequency) of the dictionary (prefix entries of frequency 0 are
        skipped); ``total``: the sum of frequencies jieba divides by; ``marked``: whether
        ``counts`` counts a word; ``idf``: the IDF of words, for ``idf_of``."""
        idf = idf or {}
        self.logtotal = log(total)
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.weights = array("d")  # by word number: log(freq) - log(total), as jieba weighs it
        self.idf = array("d")  # by word number, or _NO_IDF
        frequency = {word: freq for word, freq in words if freq}
        # the most frequent words first: pyahocorasick looks a node's children up in the order
        # they were added, so common characters are found sooner (~15 % faster passes)
        for word, freq in sorted(frequency.items(), key=lambda item: -item[1]):
            if len(word) < 2 or not all(WORD_CHARACTERS.match(c) for c in word):
                continue  # one character: a step of its own; others never fall inside a run
            if len(word) >= 1 << _LENGTH_BITS:
                raise ValueError(f"a word of {len(word)} characters is too long for WordCut")
            number = len(self.weights)
            self.weights.append(log(freq) - self.logtotal)
            self.idf.append(idf.get(word, _NO_IDF))
            self.automaton.add_word(word[::-1], number << _NUMBER_SHIFT | len(word) << 1
                                    | bool(marked(word)))
        if len(self.weights) >= 1 << (31 - _NUMBER_SHIFT):
            raise ValueError(f"{len(self.weights)} words are too many for WordCut")
        self.automaton.make_automaton()
        # the one-character step: log(freq or 1) - log(total), as jieba weighs it
        self.step = {c: log(frequency.get(c) or 1) - self.logtotal for c in _CLASS}
        self.one_character_words = frozenset(c for c in _CLASS if frequency.get(c))

    def counts(self, text: str) -> Counter:
        """How often each marked word lies on jieba's path through ``text``."""
        chosen = self._path_words(text)
        counts: Counter = Counter()
        mask = (1 << _LENGTH_BITS) - 1
        following = 0
        for start, value in reversed(chosen):
            if start < following:  # inside a longer word of the path
                continue
            length = value >> 1 & mask
            if value & 1:
                counts[text[start:start + length]] += 1
            following = start + length
        return counts

    def idf_of(self, word: str, default: float) -> float:
        """The IDF given for ``word`` (of two or more characters), else ``default``."""
        value = self.automaton.get(word[::-1], None)
        idf = _NO_IDF if value is None else self.idf[value >> _NUMBER_SHIFT]
        return default if idf == _NO_IDF else idf

    def _path_words(self, text: str) -> list[tuple[int, int]]:
        """(start, value) of each position where the best path from there starts with a word
        of two or more characters, by decreasing start. The path's weight from each position
        (``best``) is computed from the end of the text to its start, as jieba does per run;
        a character outside the class ends a run (the weight after it is 0)."""
        n = len(text)
        step = list(map(self.step.get, text))  # None: a character outside the class
        one_character_words = self.one_character_words
        weights = self.weights
        mask = (1 << _LENGTH_BITS) - 1
        best = [0.0] * (n + 1)
        chosen: list[tuple[int, int]] = []
        here = n  # the position whose words are being weighed
        here_best = here_length = here_value = 0
        for last, value in self.automaton.iter(text[::-1]):
            start = n - 1 - last
            length = value >> 1 & mask
            if start == here:  # another word starting here
                weight = weights[value >> _NUMBER_SHIFT] + best[start + length]
                if weight > here_best or (weight == here_best and length > here_length):
                    here_best, here_length, here_value = weight, length, value
                continue
            if here < n:  # every word starting at ``here`` has been weighed
                best[here] = here_best
                if here_value:
                    chosen.append((here, here_value))
            for q in range(here - 1, start, -1):  # positions no longer word starts at
                w = step[q]
                best[q] = 0.0 if w is None else w + best[q + 1]
            here, here_length, here_value = start, length, value
            here_best = weights[value >> _NUMBER_SHIFT] + best[start + length]
            if text[start] in one_character_words:  # the character alone is a word too
                alone = step[start] + best[start + 1]
                if alone > here_best:
                    here_best, here_length, here_value = alone, 1, 0
        if here < n:
            best[here] = here_best
            if here_value:
                chosen.append((here, here_value))
        return chosen


def cache_folder() -> Path:
    """Where per-machine caches go: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else
    ``~/.cache/kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"


def cached(name: str, key: bytes, build: Callable[[], T]) -> T:
    """What ``build()`` returns (a ``WordCut``, or an object holding one), pickled under
    ``name`` and the digest of ``key`` (everything the result depends on) in
    ``cache_folder()``: built once per machine, saved for the next process when the folder
    can be written."""
    digest = hashlib.sha256(b"wordcut %d\n" % FORMAT + key).hexdigest()[:20]
    folder = cache_folder()
    path = folder / f"{name}-{digest}.pickle"
    try:
        with open(path, "rb") as f:
            found = pickle.load(f)
        with contextlib.suppress(OSError):
            os.utime(path)  # used: the newest copies are the ones kept
        return found
    except FileNotFoundError:
        pass
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
            TypeError) as e:  # a damaged or foreign file: built again, and replaced
        logging.getLogger(__name__).warning("%s: unreadable (%s); building it again", path, e)
    cut = build()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(cut, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # whole or not at all, whoever writes it at the same time
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _forget_old(folder, name, keep=KEEP)
    except OSError:
        pass  # a read-only home: every process builds its own
    return cut


KEEP = 4  # copies of one name kept (kg versions used side by side on the machine)


def _forget_old(folder: Path, name: str, keep: int) -> None:
    """Remove all but the ``keep`` newest copies of ``name`` (made for other versions)."""
    copies = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[keep:]:
        old.unlink(missing_ok=True)
