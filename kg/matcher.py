"""matcher: every name of a gazetteer found in one pass over the text (Aho-Corasick).

The extractors find gazetteer names (States, organizations, bodies…) with a zero-width regex
per position (``patterns.lookahead_pattern``: a trie of 400 names tried at each character that
can start one) and ``patterns.overlapping_longest``. ``Gazetteer`` gives the same answer from
an Aho-Corasick automaton (pyahocorasick, C): one pass over the text for all names at once,
whatever their number. Adopting it is a one-line change in an extractor:

    overlapping_longest(_pattern(), text, start, end)
    -> state_gazetteer().overlapping_longest(text, start, end)

(``bench/bench.py --matchers`` measures both on the corpus and checks they agree.)
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import ahocorasick

from .lexicon import organization_alias_index, state_alias_index, words


class Gazetteer:
    """A set of names, matched in one pass."""

    def __init__(self, names: Iterable[str]):
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for name in set(names):
            if name:
                self.automaton.add_word(name)
        self.automaton.make_automaton()

    def longest_at_each_start(self, text: str, start: int = 0, end: int | None = None
                              ) -> dict[int, int]:
        """start -> end of the longest name starting there (what the lookahead pattern finds)."""
        end = len(text) if end is None else end
        longest: dict[int, int] = {}
        if end <= start or not len(self.automaton):
            return longest
        for last, length in self.automaton.iter(text, start, end - 1):
            s, e = last + 1 - length, last + 1
            if s >= start and e > longest.get(s, -1):
                longest[s] = e
        return longest

    def overlapping_longest(self, text: str, start: int = 0, end: int | None = None
                            ) -> list[tuple[int, int]]:
        """All (start, end) of names, the longest winning where two overlap (then the first),
        in text order: ``patterns.overlapping_longest`` over the same names."""
        cands = sorted(self.longest_at_each_start(text, start, end).items(),
                       key=lambda c: (c[0] - c[1], c[0]))
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
