"""matcher: the gazetteers' names found in a text by one Aho-Corasick pass (ahocorasick_rs).

The extractors look for names of several gazetteers in the same text: States (with the
organization names and blocker words that, being longer, keep a State's name inside them from
being read), organizations, UN organs, the openers of organizations' names, executive boards.
A lookahead regex per gazetteer (``patterns.lookahead_pattern``: a trie of the names tried at
each character that can start one) scans the text once per gazetteer; ``NameSets`` holds every
name of every gazetteer in one automaton, each name marked with the kinds (bits) it belongs to,
and ``found_in`` scans a text once for all of them (kept for the last few texts, so each
extractor asking about the same document reuses the pass). From those matches:

- ``overlapping_longest(text, kinds, start, end)`` is ``patterns.overlapping_longest`` over a
  lookahead pattern of the names of ``kinds``: the longest name at each position, the longest
  winning where two overlap (then the first), in text order;
- ``leftmost_longest(text, kinds)`` is ``finditer`` of a trie regex of those names: from left
  to right, the longest name at the first position where one starts, then after its end.

``Gazetteer`` is the same for a single set of names (``state_gazetteer``,
``organization_gazetteer``); ``tests/test_scale.py`` checks both against the lookahead patterns.

The automaton is ``ahocorasick_rs``'s (the Rust ``aho-corasick`` crate): it returns every match
of a text in one call, and walks a text ~7× faster than pyahocorasick, whose node looks a
character up among its children one by one — at the root, among the first characters of every
name, for nearly every character of a report (a report's scan took ~0.13 µs a character, 2-3 %
of the map step).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from functools import lru_cache

import ahocorasick_rs

from .lexicon import (bodies, organization_alias_index, state_alias_index, un_organ_index,
                      words)

# the kinds of names of ``extractor_names`` (one bit each)
STATE = 1
ORGANIZATION = 2
STATE_BLOCKER = 4  # words.tsv state/blocker: longer words holding a State's name
UN_ORGAN = 8
ORGANIZATION_OPENER = 16  # words.tsv organization/opener (国际, 全球 …)
EXECUTIVE_BOARD = 32  # the executive boards' names
BOARD_GENERIC = 64  # the word a board calls itself by in its own documents (执行局)

_MASK_BITS = 16  # the kinds of a name, one bit each


class NameSets:
    """Names of several kinds in one automaton."""

    def __init__(self, kinds: Mapping[int, Iterable[str]]):
        masks: dict[str, int] = {}
        for bit, names in kinds.items():
            if not 0 < bit < 1 << _MASK_BITS:
                raise ValueError(f"kind {bit} does not fit")
            for name in names:
                if name:
                    masks[name] = masks.get(name, 0) | bit
        names = list(masks)
        self.masks = [masks[name] for name in names]  # by the name's number in the automaton
        self.automaton = ahocorasick_rs.AhoCorasick(names) if names else None

    def scan(self, text: str) -> Found:
        """Every occurrence of every name in ``text``."""
        if self.automaton is None:
            return Found([])
        masks = self.masks
        found = [(start, end, masks[number]) for number, start, end
                 in self.automaton.find_matches_as_indexes(text, overlapping=True)]
        found.sort()
        return Found(found)


class Found:
    """The occurrences of names in one text: (start, end, kinds), by start then end."""

    def __init__(self, matches: list[tuple[int, int, int]]):
        self.matches = matches
        self.starts = [s for s, _, _ in matches]

    def longest_at_each_start(self, text: str, kinds: int, start: int = 0, end: int | None = None,
                              also: frozenset[str] = frozenset()) -> dict[int, int]:
        """start -> end of the longest name of ``kinds`` (or of ``also``) starting there, inside
        [start, end)."""
        end = len(text) if end is None else end
        longest: dict[int, int] = {}
        matches = self.matches
        for i in range(bisect_left(self.starts, start), len(matches)):
            s, e, mask = matches[i]
            if s >= end:
                break
            if e <= end and (mask & kinds or (also and text[s:e] in also)):
                longest[s] = e  # the matches of one start come by increasing end
        return longest


def overlapping_longest(text: str, kinds: int, start: int = 0, end: int | None = None, *,
                        also: frozenset[str] = frozenset(), names: NameSets | None = None
                        ) -> list[tuple[int, int]]:
    """(start, end) of the names of ``kinds`` (and of ``also``, names of the sets too) in
    [start, end): the longest at each position, the longest winning where two overlap (then
    the first), in text order. ``names``: other sets than ``extractor_names()``, scanned
    afresh (a piece of text rather than a document)."""
    found = found_in(text) if names is None else names.scan(text)
    return _overlapping(found.longest_at_each_start(text, kinds, start, end, also))


def leftmost_longest(text: str, kinds: int) -> list[tuple[int, int]]:
    """(start, end) of the names of ``kinds``, as a trie regex's ``finditer`` finds them: the
    longest name starting at the first position where one starts, then on after its end."""
    out: list[tuple[int, int]] = []
    following = 0
    for s, e in sorted(found_in(text).longest_at_each_start(text, kinds).items()):
        if s >= following:
            out.append((s, e))
            following = e
    return out


def _overlapping(longest: dict[int, int]) -> list[tuple[int, int]]:
    cands = sorted(longest.items(), key=lambda c: (c[0] - c[1], c[0]))
    taken: list[tuple[int, int]] = []
    busy: set[int] = set()
    for s, e in cands:
        span = range(s, e)
        if busy.isdisjoint(span):
            busy.update(span)
            taken.append((s, e))
    taken.sort()
    return taken


@lru_cache(maxsize=1)
def extractor_names() -> NameSets:
    """Every name the extractors of States, organizations and subsidiary bodies look for."""
    boards = [b for b in bodies().values() if b.type == "executive-board"]
    return NameSets({
        STATE: state_alias_index(),
        ORGANIZATION: organization_alias_index(),
        STATE_BLOCKER: words("state/blocker"),
        UN_ORGAN: un_organ_index(),
        ORGANIZATION_OPENER: words("organization/opener"),
        EXECUTIVE_BOARD: [n for b in boards for n in b.labels_zh],
        BOARD_GENERIC: [n for b in boards for n in b.generic_zh],
    })


@lru_cache(maxsize=4)
def found_in(text: str) -> Found:
    """``extractor_names()`` found in a document's text, kept while its extractors run."""
    return extractor_names().scan(text)


class Gazetteer:
    """One set of names, matched in one pass."""

    def __init__(self, names: Iterable[str]):
        self.names = NameSets({1: names})

    def longest_at_each_start(self, text: str, start: int = 0, end: int | None = None
                              ) -> dict[int, int]:
        """start -> end of the longest name starting there (what the lookahead pattern finds)."""
        return self.names.scan(text).longest_at_each_start(text, 1, start, end)

    def overlapping_longest(self, text: str, start: int = 0, end: int | None = None
                            ) -> list[tuple[int, int]]:
        """All (start, end) of names, the longest winning where two overlap (then the first),
        in text order: ``patterns.overlapping_longest`` over the same names."""
        return _overlapping(self.longest_at_each_start(text, start, end))


@lru_cache(maxsize=1)
def state_gazetteer() -> Gazetteer:
    """The names ``extract.states`` looks for: every State name of states.tsv (UN names, short
    and historical forms), and the organization names and blocker words (words.tsv
    ``state/blocker``) that, being longer, keep a State's name inside them from being read."""
    return Gazetteer(set(state_alias_index()) | set(organization_alias_index())
                     | set(words("state/blocker")))


@lru_cache(maxsize=1)
def organization_gazetteer() -> Gazetteer:
    """Every group and organization name of organizations.tsv."""
    return Gazetteer(organization_alias_index())
