"""extract.citations: which earlier acts each adopted act cites, typed by the verb.

The verb is the nearest citation verb (verbs.tsv) before the mention inside its paragraph,
ignoring words inside quoted titles ("题为“…”"). A mention in a footnote belongs to the act
holding the footnote's mark and is a plain ``cites``.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..facts import ActMention, Citation
from ..lexicon import body_alias_pattern, verb_form_index, verb_pattern, verbs, words
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
    for candidate in verb_pattern().finditer(window):
        if not _in_relative_clause(window, candidate):
            last = candidate
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


# a relative clause before the act ends with its verb and 的: "委员会根据《1988年公约》第12条作出的
# …第64/1号决定", "秘书处依照…提出的…"; "该报告所依据的第77/238号决议" (所 + verb + 的)
_CLAUSE_CLOSER = re.compile(r"(?:作出|通过|提出|所作|发表|核准|批准|核可|编写|制定)的")
# what may stand between a verb and the closer when the act is the verb's object after all: the
# date and subject of the act's own adoption ("根据大会2009年12月18日通过的第64/179号决议")
_TRIVIAL = re.compile(r"[\d年月日其在于\s]*")


# after the clause's 的, a list goes on to another object: the clause modified an earlier one
# ("回顾国际法院…发表的咨询意见以及大会ES-10/15号决议")
_NEXT_OBJECT = re.compile(r"以及|、")


def _in_relative_clause(window: str, verb: re.Match) -> bool:
    """Is the citation verb inside a relative clause that modifies the act (so it governs
    something else)? "欢迎委员会根据…第12条作出的…第64/1号决定": 根据 governs the article, 欢迎
    the decision; "注意到…所依据的第77/238号决议": 依据 is the report's. Not when what stands
    between the verb and the clause's 的 is the act's own adoption: its body or its date
    ("根据大会通过的第64/179号决议", "根据其2009年通过的…"), nor when the clause modifies an
    earlier object of a list."""
    if window.endswith("所", 0, verb.start()) and window.startswith("的", verb.end()):
        return True
    closer = _CLAUSE_CLOSER.search(window, verb.end())
    if closer is None or _NEXT_OBJECT.search(window, closer.end()):
        return False
    stretch = window[verb.end():closer.start()]
    if _TRIVIAL.fullmatch(stretch) or stretch.startswith("关于"):
        return False
    return body_alias_pattern().search(stretch) is None


def _with_adverb(window: str, pos: int, form: str) -> str:
    """The verb as printed, with a leading 还/又/并 when there is one (还回顾)."""
    for adverb in words("adverb/citation"):
        if window[:pos].endswith(adverb):
            return adverb + form
    return form
