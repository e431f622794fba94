"""extract.citations: which earlier acts each adopted act cites, typed by the verb.

The verb is the nearest citation verb (verbs.tsv) before the mention inside its paragraph,
ignoring words inside quoted titles ("题为“…”"). A mention in a footnote belongs to the act
holding the footnote's mark and is a plain ``cites``.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..facts import ActMention, Citation
from ..lexicon import verb_form_index, verb_pattern, verbs, words
from ..models import AdoptedAct, Document, NormalizedText, Paragraph

_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"")  # a quoted title: its words are no verbs
_QUOTE_MASK = "\u25a1"
# A clause ends at ; or 。 and a lettered sub-paragraph starts a new one; a verb before
# that does not govern the mention.
_CLAUSE_BREAK = re.compile(r"[;。]|\([a-z]{1,3}\)")
MAX_EVIDENCE = 300  # the quoted evidence of a citation starts at most this far before the act
# ",这…" / ",此…" opens a clause with its own subject (not "这些", "此类", "这项", "这种")
_NEW_SUBJECT = re.compile(r",(?:这|此)(?!些|类|项|种)")
_SEE = re.compile(r"\((?:参)?见")  # "(见…)" / "(参见…)": a plain reference


def extract(doc: Document) -> list[Citation]:
    return find_citations(doc.normalized, doc.acts, list(doc.mentions))


def find_citations(nt: NormalizedText, acts: list[AdoptedAct],
                   mentions: list[ActMention]) -> list[Citation]:
    text = nt.text
    starts = [a.start for a in acts]
    citations: list[Citation] = []
    seen: set[tuple] = set()
    for mention in mentions:
        if mention.start >= nt.footnotes_start:
            act = _act_of_footnote(nt, acts, starts, mention.start)
            paragraph, verb_key, verb_zh, evidence = None, None, "", mention.start
        else:
            act = _act_at(acts, starts, mention.start)
            if act is None or mention.start < act.heading_end:
                continue
            paragraph = _paragraph_at(act.paragraphs, mention.start)
            window_start = paragraph.start if paragraph else act.heading_end
            verb_key, verb_zh, evidence = _governing_verb(text, window_start, mention.start)
        if act is None or mention.key == act.key:
            continue
        relation = verbs()[verb_key].cito if verb_key else "cites"
        identity = (act.key, mention.key, relation)
        if identity in seen:
            continue
        seen.add(identity)
        evidence = max(evidence, mention.start - MAX_EVIDENCE)
        citations.append(
            Citation(act.key, mention, relation, verb_key, verb_zh, paragraph, evidence)
        )
    return citations


def _act_at(acts: list[AdoptedAct], starts: list[int], pos: int) -> AdoptedAct | None:
    i = bisect_right(starts, pos) - 1
    if i >= 0 and acts[i].start <= pos < acts[i].end:
        return acts[i]
    return None


def _paragraph_at(paragraphs: list[Paragraph], pos: int) -> Paragraph | None:
    for p in paragraphs:
        if p.start <= pos < p.end:
            return p
    return None


def _act_of_footnote(nt: NormalizedText, acts, starts, pos: int) -> AdoptedAct | None:
    """The act holding the footnote's mark: the last mark with its number printed before the
    footnote itself (footnotes sit at the foot of the page of their mark; numbering may
    restart, and page numbers look like marks but come after the footnotes)."""
    note = next(((n, s) for n, s, e in nt.footnote_texts if s <= pos < e), None)
    if note is None:
        return None
    number, note_start = note
    note_origin = nt.offsets[note_start]
    best = None
    for n, mark in nt.footnote_marks:
        if n == number and mark < len(nt.offsets) and nt.offsets[mark] < note_origin:
            best = mark
    if best is None:  # footnotes collected at the end of the file
        best = next((mark for n, mark in nt.footnote_marks if n == number), None)
    return _act_at(acts, starts, best) if best is not None else None


def _governing_verb(text: str, start: int, end: int) -> tuple[str | None, str, int]:
    """(verb key, verb as printed, its position) of the verb governing text[end]."""
    window = _QUOTED.sub(lambda m: _QUOTE_MASK * len(m.group()), text[start:end])
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        start += breaks[-1].end()
        window = window[breaks[-1].end():]
    last = None
    for last in verb_pattern().finditer(window):
        pass
    see = None
    for see in _SEE.finditer(window):
        pass
    if see is not None and (last is None or see.start() > last.start()):
        return None, "见", start + see.start() + 1  # "(见…)": a plain reference
    if last is None:
        return None, "", end
    if _NEW_SUBJECT.search(window, last.end()):
        # "注意到…,这在第4/2号决定中已予以指出": a clause with its own subject; the act is
        # not the verb's object
        return None, "", end
    form = last.group()
    printed = _with_adverb(window, last.start(), form)
    return verb_form_index()[form], printed, start + last.end() - len(printed)


def _with_adverb(window: str, pos: int, form: str) -> str:
    """The verb as printed, with a leading 还/又/并 when there is one (还回顾)."""
    for adverb in words("adverb/citation"):
        if window[:pos].endswith(adverb):
            return adverb + form
    return form
