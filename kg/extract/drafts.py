"""extract.drafts: draft resolutions/decisions (L. documents), who sponsored them, what they became.

Read from the narrative of a report, after the symbols, States and organizations are found:
- "…通过了一份修订决议草案(CTOC/COP/2010/L.7/Rev.1),该草案的提案国为比利时(代表联合国会员国
  中的欧洲联盟成员)、智利…和瑞士。(案文见第一章,A节,第5/1号决议)";
- "…决议修订草案(L.8/Rev.2),提案国有:安道尔、…和美国(案文见…第11/5号决议。", 提案方有:, 提案国是;
- "由扩大主席团提交、由77国集团和中国作为提案国的一份决定草案(L.10)";
- "巴西提交的题为“…”的决定修订草案(L.6/Rev.1)", "澳大利亚、巴西…和南非提交的一份决定草案(L.10)",
  "国际合作工作组主席提交的决议草案(L.4)" (a chair or a working group: kept as surface text);
- the list of documents: "L.2 对…的修正:芬兰(代表…)提交的决定草案 L.3 …".
A list of sponsors (提案国…) makes those the sponsors and whoever "submitted" (提交) the draft
its submitter; without a list the submitter is the sponsor. "(代表…)" after a sponsor says on
whose behalf it acted, and States or groups inside it are not sponsors.
``became`` is the act in "(案文见…第5/1号决议)" after the draft, in the same paragraph and
before the next draft.

Sponsors are the ``StateMention``s (key ISO 3166 alpha-3) and ``OrganizationMention``s (key a
canonical id) found before, and the ``BodyMention``s of subsidiary bodies.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from ..facts import BodyMention, Draft, OrganizationMention, Sponsor, StateMention, SymbolMention
from ..models import ActKey, Document
from ..patterns import CN_COUNT_CHARS
from ..segment import TEXT_SEE, referenced_act

DRAFT_WORDS_LOOKBACK = 200  # "…提交的决议草案(" stands within this window before the symbol
SPONSOR_LIST_SPAN = 80  # "提案国为…" starts within this many characters after the draft
SPONSOR_LIST_MAX = 400  # … and ends (at 。 or "(见") within this many
BECAME_SPAN = 400  # "(案文见…第5/1号决议)" follows the draft within this window
BECAME_ACT_SPAN = 60  # … the act's mention this close after "(案文见"
TABLE_ROW_MAX = 400  # a row of the list of documents is at most this long
MAX_SUBMITTER = 40  # a submitter kept as written ("国际合作工作组主席") is at most this long


@dataclass
class _Draft:
    """A draft while the report is read: its sponsors grow with each mention."""

    symbol: str
    start: int
    end: int
    sponsors: list[Sponsor] = field(default_factory=list)
    became: tuple[ActKey, int, int] | None = None

    def add(self, sponsors: list[Sponsor]) -> None:
        for sp in sponsors:
            if sp.kind == "other" and any(x.kind == "other" and x.role == sp.role for x in self.sponsors):
                continue  # the same chair or group written two ways (narrative, list of documents)
            if not any((x.key, x.role) == (sp.key, sp.role) for x in self.sponsors):
                self.sponsors.append(sp)

    def finish(self) -> Draft:
        """A sponsor named in a list elsewhere outranks the same one as a mere submitter; with
        no list anywhere, whoever submitted it sponsors it."""
        sponsors = {x.key for x in self.sponsors if x.role == "sponsor"}
        listed_any = any(x.role == "sponsor" and x.kind != "other" for x in self.sponsors)
        kept = [x for x in self.sponsors if not (x.role == "submitter" and x.key in sponsors)]
        if not listed_any:
            kept = [replace(x, role="sponsor") for x in kept]
        if any(x.kind == "body" for x in kept):
            # the same body also written loosely elsewhere ("不限成员名额工作组")
            kept = [x for x in kept if x.kind != "other"]
        became, became_start, became_end = self.became or (None, 0, 0)
        return Draft(self.symbol, self.start, self.end, tuple(kept), became, became_start, became_end)


_DRAFT_BEFORE = re.compile(r"(?:草案|提案|提议)\($")
_DRAFT_BEFORE_BARE = re.compile(r"(?<!提交的)(?<!提交的订正)(?<!提交的修订)(?:决议|决定)草案$")
_DRAFT_AFTER_BARE = re.compile(r"(?:修订|订正|经修订的)?(?:决议|决定)(?:修订)?草案")
_LIST = re.compile(r"提案(?:国|方)(?:为|有|是)[::]?")
# the next sentence names the sponsors of the draft just mentioned
_THE_DRAFTS_SPONSORS = re.compile(r"该(?:项|份)?(?:订正|修订)?(?:决议|决定)?(?:修订)?草案的?提案(?:国|方)")
_LIST_END = re.compile(r"""
    。                # the end of the sentence
  | \((?:案文)?见     # "(案文见…)": what the draft became
  | ;                 # the next clause
""", re.X)
_BY = re.compile(r"由(?P<who>[^,。;由]{1,80}?)作为提案(?:国|方)")
# the last word before a submitter's name: punctuation, or the verb of the sentence
_SUBMIT_START = re.compile(r"""
    .*(?:[。,;:]                          # punctuation
        | 通过了|核准了|审议了|收到了|反映在   # "adopted / approved / considered / received / reflected in"
        | 由|在)                           # "by", "in"
""", re.S | re.X)
_TABLE_SUBMIT = re.compile(r"""
    :(?P<who>[^:。]{1,120}?)提交的      # ":<who> submitted"
    (?:订正|修订)?(?:决定|决议)?          # (revised) decision / resolution
    (?:草案|提案)$                       # draft / proposal
""", re.X)
_BECAME = re.compile(rf"\((?:案文)?见第[{CN_COUNT_CHARS}]+章")  # "(案文见第一章…)"
_NEXT_PARAGRAPH = re.compile(r"。\d{1,3}\.(?!\d)")
_BEHALF = re.compile(r"\((?:也)?代表(?P<who>[^()]*)\)")
_OTHER_SUBMITTER = re.compile(r"(?:主席|工作组|秘书处|主席团|委员会|执行主任|秘书长)$")


def extract(doc: Document) -> list[Draft]:
    reader = _DraftReader(doc)
    for symbol in reader.mentions:
        reader.read(symbol)
    return [d.finish() for d in reader.drafts.values()]


class _DraftReader:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.normalized.text
        self.names = sorted([*doc.facts.of(StateMention), *doc.facts.of(OrganizationMention)],
                            key=lambda e: e.start)
        self.name_starts = [e.start for e in self.names]
        self.bodies = [b for b in doc.facts.of(BodyMention) if not b.anaphor]
        symbols = sorted((s for s in doc.facts.of(SymbolMention) if "/L." in s.key), key=lambda s: s.start)
        # one mention per written symbol (an expanded "和Add.1-3" is not a draft)
        self.mentions = [s for s in symbols if not s.expanded_from]
        self.positions = sorted({s.start for s in self.mentions})
        self.drafts: dict[str, _Draft] = {}

    def names_in(self, start: int, end: int, role: str, other: bool = False) -> list[Sponsor]:
        return _names_in(self.text, self.names, self.name_starts, start, end, role, other=other,
                         bodies=self.bodies if other else ())

    def read(self, s: SymbolMention) -> None:
        text = self.text
        nxt = self.positions[bisect_left(self.positions, s.end):]
        next_symbol = nxt[0] if nxt else len(text)
        sent_start = text.rfind("。", 0, s.start) + 1
        before = text[max(sent_start, s.start - DRAFT_WORDS_LOOKBACK):s.start]
        became = _became(self.doc, text, s.end, next_symbol)
        table = _table_submitter(text, s.end, next_symbol)
        if not (_DRAFT_BEFORE.search(before) or _DRAFT_BEFORE_BARE.search(before)
                or _DRAFT_AFTER_BARE.match(text, s.end) or became or table):
            return
        d = self.drafts.setdefault(s.key, _Draft(s.key, s.start, s.end))
        if became and d.became is None:
            d.became = became
        listed = self.listed(s, next_symbol, sent_start)
        submitted: list[Sponsor] = []
        if _DRAFT_BEFORE.search(before):
            submitted = _submitter(text, sent_start, s.start, self)
        if table:
            submitted += self.names_in(table[0], table[1], "sponsor", other=True)
        d.add(listed + [replace(sp, role="submitter" if listed else "sponsor") for sp in submitted])

    def listed(self, s: SymbolMention, next_symbol: int, sent_start: int) -> list[Sponsor]:
        """Sponsors listed after the draft (提案国为/有/是 …) or before it (由…作为提案国)."""
        text = self.text
        after_paren = s.end + 1 if text.startswith(")", s.end) else s.end
        sent_end = text.find("。", s.end)
        sent_end = len(text) if sent_end < 0 else sent_end
        listed: list[Sponsor] = []
        limit = min(next_symbol, sent_end + 1, after_paren + SPONSOR_LIST_SPAN)
        if _THE_DRAFTS_SPONSORS.match(text, sent_end + 1):  # "…(案文见…)。该决议草案的提案国为：…"
            next_end = text.find("。", sent_end + 1)
            limit = min(next_symbol, len(text) if next_end < 0 else next_end + 1)
        lm = _LIST.search(text, after_paren, limit)
        if lm:
            end = _LIST_END.search(text, lm.end())
            end = end.start() if end else min(len(text), lm.end() + SPONSOR_LIST_MAX)
            listed += self.names_in(lm.end(), min(end, next_symbol), "sponsor")
        for bm in _BY.finditer(text, sent_start, s.start):
            listed += self.names_in(bm.start("who"), bm.end("who"), "sponsor")
        return listed


def _became(doc: Document, text: str, pos: int, next_symbol: int):
    limit = min(next_symbol, pos + BECAME_SPAN)
    para = _NEXT_PARAGRAPH.search(text, pos, limit)
    if para:
        limit = para.start() + 1
    m = _BECAME.search(text, pos, limit)
    if not m:
        return None
    for mention in doc.mentions:
        if m.start() <= mention.start < m.start() + BECAME_ACT_SPAN:
            return mention.key, m.start(), mention.end
    # a draft of chapter I a commission recommends: "(案文见第一章,A节,决议草案一)"
    ref = TEXT_SEE.match(text, m.start() + 1)
    act = referenced_act(doc.acts, ref) if ref else None
    return (act.key, m.start(), ref.end()) if act is not None else None


def _table_submitter(text: str, pos: int, next_symbol: int):
    """A row of the list of documents: '<symbol><title>:<who>提交的决定草案<next symbol>'."""
    if next_symbol - pos > TABLE_ROW_MAX:
        return None
    row = text[pos:next_symbol]
    if "。" in row or row.startswith(")"):
        return None
    m = _TABLE_SUBMIT.search(row)
    if not m:
        return None
    return pos + m.start("who"), pos + m.end("who")


def _submitter(text, sent_start: int, pos: int, reader: _DraftReader) -> list[Sponsor]:
    """'X提交的…草案(' : X, from the clause start to 提交."""
    window = text[sent_start:pos]
    k = window.rfind("提交")
    if k < 0:
        return []
    head = _SUBMIT_START.match(window, 0, k)
    start = sent_start + (head.end() if head else 0)
    end = sent_start + k
    if end <= start:
        return []
    return reader.names_in(start, end, "submitter", other=True)


def _names_in(text, names, name_starts, start: int, end: int, role: str,
              other: bool = False, bodies=()) -> list[Sponsor]:
    """States and organizations named in [start, end), minus those inside '(代表…)'; with
    ``other``, when none is named: a subsidiary body, else a chair or the like as written."""
    out = _named(text, names, name_starts, start, end, role)
    if not out and other:
        out = _body_in(text, bodies, start, end, role) or _written_submitter(text, start, end, role)
    return out


def _named(text, names, name_starts, start: int, end: int, role: str) -> list[Sponsor]:
    behalf = [(m.start(), m.end(), m.group("who")) for m in _BEHALF.finditer(text, start, end)]
    out: list[Sponsor] = []
    i = bisect_left(name_starts, start)
    while i < len(names) and names[i].start < end:
        e = names[i]
        i += 1
        if e.end > end or any(bs <= e.start < be for bs, be, _ in behalf) or (out and out[-1].key == e.key):
            continue
        on_behalf = next(((bs, be, who) for bs, be, who in behalf if bs == e.end), None)
        if on_behalf:
            # "比利时(代表…欧洲联盟成员)": the group it speaks for sponsors through it
            out += _groups_in(text, names, name_starts, on_behalf[0], on_behalf[1], role, out)
        kind = "state" if isinstance(e, StateMention) else "organization"
        out.append(Sponsor(kind, e.key, text[e.start:e.end], e.start, e.end, role,
                           on_behalf[2] if on_behalf else None))
    out.sort(key=lambda sp: sp.start)
    return out


def _groups_in(text, names, name_starts, start: int, end: int, role: str,
               already: list[Sponsor]) -> list[Sponsor]:
    """The organizations named in [start, end) that are not sponsors yet."""
    out: list[Sponsor] = []
    j = bisect_left(name_starts, start)
    while j < len(names) and names[j].start < end:
        g = names[j]
        j += 1
        if isinstance(g, OrganizationMention) and not any(x.key == g.key for x in already + out):
            out.append(Sponsor("organization", g.key, text[g.start:g.end], g.start, g.end, role, None))
    return out


def _body_in(text, bodies, start: int, end: int, role: str) -> list[Sponsor]:
    """A working group or other subsidiary body that submitted it (a group's chair is not the
    group: "…工作组主席提交的" stays as written)."""
    for b in bodies:
        if start <= b.start and b.end <= end and not text.startswith("主席", b.end):
            return [Sponsor("body", b.key, text[b.start:b.end], b.start, b.end, role)]
    return []


def _written_submitter(text, start: int, end: int, role: str) -> list[Sponsor]:
    """"国际合作工作组主席", "秘书处": a submitter kept as written."""
    surface = text[start:end].strip("、,的 ")
    surface = re.sub(r"^(?:一份|一项)", "", surface)
    if 0 < len(surface) <= MAX_SUBMITTER and _OTHER_SUBMITTER.search(surface):
        return [Sponsor("other", surface, surface, start, end, role)]
    return []
