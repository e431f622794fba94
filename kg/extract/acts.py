"""extract.acts: every mention of a resolution or decision, with its body, number and date.

Forms handled (after normalization), with the number grammar of ``kg/patterns.py``: 第5/1号决议,
5/1号决定, lists 第1/2、1/3和2/5号决定 and 第822(1993)号、第853(1993)号和第874(1993)号决议 (with a
date before any item), 大会2009年12月18日第64/179号决议, 其第2/2号决定 (the acting body),
大会在其…第55/25号决议, 经济及社会理事会第1147(XLI)号决议, 安全理事会第2133(2014)号决议,
第2204(2015)决议 (no 号), 大会S-26/2号决议 (no 第), 第1/CP.21号决定, 第58.3号决议, and a date,
"关于…的" topic or a quoted title between the body and the number.

Whose act a number is, in this order (the first that settles it):
1. the body written before it (a proper name, or 理事会 / 本委员会 / 执行局 … meaning the acting
   body when it calls itself so); 其 ("its"): the body speaking there (an enacting formula
   "大会，…" before it, else the document's acting body);
2. the body of the item before it in a list (第61/144、61/180号决议);
3. a number form only one body uses: a year in brackets on a resolution (the Security
   Council), ES-10/2 (the General Assembly), 1/CP.21 (the UNFCCC COP), 58.3 with the WHA or WHO
   named in its sentence;
4. the nearest body named before it in its sentence whose numbering the number follows
   (依照大会第1696(XVI)号决议…根据第845(IX)号决议: the General Assembly's), or, for a heading,
   the body whose enacting formula follows its title (an annexed act: "J (70)号决定 … 欧洲经济
   委员会，");
5. the acting body, when the number follows its numbering (in a session report, only its own
   earlier sessions);
6. year-numbered 2006/27: the Economic and Social Council; session-numbered acts of session 40
   or later: the General Assembly.
Otherwise the mention is an ``UnresolvedActMention`` with a warning — never the acting body by
default. An ECOSOC act numbered 2xx or more within a year is a decision (ECOSOC numbers its
decisions from 201), whatever kind is printed; a kind misprinted for an act of the same session
("第3/3号决议" when the session adopted decision 3/3 and no resolution 3/3) is read as the adopted
act. Both with a warning.

Every pattern here runs in time linear in the text: a list of numbers is matched once whether or
not a kind follows it, and what stands before a number is read in bounded windows.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from ..facts import ActMention, UnresolvedActMention
from ..lexicon import (bodies, body_alias_index, body_alias_pattern, body_generic_index,
                       body_of_name, preamble_verb_pattern, word_pattern)
from ..models import ActKey, Document
from ..patterns import ACT_KIND, ACT_NUMBER, ActNumber, chinese_numeral, iso_date, read_act_numbers

LOOKBACK_FOR_BODY = 60  # a body's name stands this close before the number (after a title …)
TITLE_MAX = 400  # a quoted title between the body and the number is at most this long
TOPIC_MAX = 60  # "大会关于<topic>的第64/179号决议": a topic phrase is at most this long
DATE_SPAN = 12  # "2009年12月18日" is at most this long
HEADING_TITLE_MAX = 200  # an act's heading and title stand this close before its enacting formula
LIST_CONTINUATION_MAX = 450  # a mention this close after the previous one may continue its list
MAX_BODY_ALIAS = 60  # no body's name is longer
WHO_CONTEXT = ("WHA", "世界卫生")  # a dotted number is the World Health Assembly's beside these
# ECOSOC numbers its decisions of a year from 201 on, its resolutions from 1 (since 1978)
ECOSOC_FIRST_DECISION = 200
# session-numbered acts of a session this late, with no body written, are the General Assembly's
FIRST_GA_SESSION_NUMBER = 40
# the decisions of the UNFCCC's conferences carry their series in the number
COP_SERIES = {"CP": "UNFCCC-COP", "CMP": "UNFCCC-CMP", "CMA": "UNFCCC-CMA", "COP": "UNCCD-COP"}

_LIST_SEPARATOR = r"(?:以及|、|,|和|及|与|或)"
_DATE_TEXT = r"\d{4}年\d{1,2}月\d{1,2}日"
ACT_MENTION = re.compile(rf"""
    (?=[第\s\dA-LS])                         # what a mention can start with: a fast reject
    (?<![A-Za-z0-9/.\-])                    # not inside a symbol (A/54/7号决议, WHA58/2005)
    (?<![A-Za-z]\.\s)                        # … nor after "Add. " (a symbol wrapped at a line end)
    (?P<di>第)?\s?
    (?P<nums>{ACT_NUMBER}                    # one number …
        (?:\s?号?\s?{_LIST_SEPARATOR}\s?     # … or a list: 第1/2、1/3和2/5号, 第822(1993)号、…
           (?:{_DATE_TEXT})?第?\s?{ACT_NUMBER})*)
    (?:\s?号?\s?(?P<kind>决议|决定))?          # the kind; a list without one is no mention, but
                                             # it is consumed whole (linear time)
""", re.X)
_ONE_NUMBER = re.compile(ACT_NUMBER)
_DATE_AT_END = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日$")
_TOPIC = re.compile(rf"关于[^,;:。“”]{{1,{TOPIC_MAX}}}的")
_SENTENCE_END = re.compile(r"。")
_DATE_IN_LIST = re.compile(_DATE_TEXT)
# "其据以设立妇女地位委员会的…第11(II)号决议", "重申其载有…的第3281(XXIX)号决议": 其 ("its") and a
# relative clause ending in 的 before the number; not 其中 ("among which"), 其他, 其后, 其各,
# nor the 其 of 及其 ("and its"), 尤其, 极其
_ITS_CLAUSE = re.compile(rf"(?<![及和与尤极])其(?![中他后各余])[^,;:。其]{{0,{TOPIC_MAX}}}的$")
# words between a body's name and the number, tried in this order: "大会在其…第55/25号决议";
# 其 ("its") alone refers to the body whose text this is
_FILLERS = ("在其", "其", "在", "于", "通过的", "通过")
_ITS = ("在其", "其")
# What may stand between the previous mention and this one in a list
_BETWEEN_LIST_ITEMS = re.compile(rf"(?:{_DATE_TEXT})?(?:通过的)?(?:题为“[^“”]{{0,{TITLE_MAX}}}”的)?$")
_LIST_JOINER = re.compile(_LIST_SEPARATOR)


def extract(doc: Document) -> list:
    nt = doc.normalized
    # a line of a segmented or clean file is a sentence or a paragraph (not of a wrapped one)
    breaks = nt.line_starts() if nt.shape != "wrapped" else []
    reader = MentionReader(nt.text, doc.acting_body, acting_session(doc), doc.warnings, breaks)
    reader.read_all()
    mentions = correct_same_session_kinds(doc, reader.mentions)
    return own_numbers(doc, mentions) + reader.unresolved


_SESSION_OF = re.compile(r"第([零〇一二三四五六七八九十百\d]+)届会议")


def acting_session(doc: Document) -> int | None:
    """The acting body's latest session: a session report's own, else the latest session of the
    acting body the text names ("缔约方会议第十二届会议"). Its acts bear no later number."""
    if doc.session is not None and doc.session.body == doc.acting_body:
        return doc.session.ordinal
    if doc.acting_body not in bodies():
        return None
    body = bodies()[doc.acting_body]
    names = body.labels_zh + body.generic_zh
    latest = None
    text = doc.normalized.text
    for m in _SESSION_OF.finditer(text):
        if any(text.startswith(n, m.start() - len(n)) for n in names):
            n = chinese_numeral(m.group(1))
            latest = max(latest or 0, n or 0) or None
    return latest


def find_act_mentions(text: str, acting_body: str | None, acting_session: int | None,
                      warnings: list[str] | None = None) -> list[ActMention]:
    """All act mentions in ``text`` whose body is settled, in order."""
    reader = MentionReader(text, acting_body, acting_session, warnings)
    reader.read_all()
    return reader.mentions


def own_numbers(doc: Document, mentions: list[ActMention]) -> list[ActMention]:
    """The document's own numbered acts are mentioned by their heading even when it prints no
    号决议 ("2024/18. 标题", "78/250. 标题")."""
    out = list(mentions)
    for act in doc.acts:
        if not act.key.number or act.key.recommended_by is not None:
            continue
        if any(m.key == act.key and m.start < act.heading_end and act.heading_start < m.end
               for m in mentions):
            continue
        out.append(ActMention(act.key, act.heading_start, act.heading_end, act.date))
    return sorted(out, key=lambda m: m.start)


@dataclass(frozen=True)
class _Lead:
    """What stands before a number: the date printed with it and the body's name, if any."""

    date: str | None
    name: str | None  # the body's name as written ("大会", "理事会"), or 其
    name_start: int


class MentionReader:
    """Reads the mentions in text order: a list continues the body of the mention before it."""

    def __init__(self, text: str, acting_body: str | None, acting_session: int | None,
                 warnings: list[str] | None, line_starts: list[int] = ()):
        self.text, self.acting_body, self.acting_session = text, acting_body, acting_session
        self.warnings = warnings
        formulas = [(f.start(), body_of_name(f.group(1), acting_body)) for f in enacting_formulas(text)]
        self.formula_starts = [p for p, _ in formulas]
        self.formula_bodies = [b for _, b in formulas]
        names = [(m.start(), m.end(), m.group()) for m in body_alias_pattern().finditer(text)]
        self.name_ends = [e for _, e, _ in names]
        self.names = names
        self.sentence_ends = sorted([m.start() for m in _SENTENCE_END.finditer(text)]
                                    + [p - 1 for p in line_starts])
        self.mentions: list[ActMention] = []
        self.unresolved: list[UnresolvedActMention] = []
        self.previous_end = -1
        self.previous_body: str | None = None
        self._antecedents: dict[str, tuple[list[int], list[str]]] | None = None

    def read_all(self) -> None:
        for m in ACT_MENTION.finditer(self.text):
            if m.group("kind") and not _page_number(m):
                self.read(m)

    def local_body(self, lead: int) -> str | None:
        """The body speaking at ``lead``: the last enacting formula before it, else the text's."""
        k = bisect_right(self.formula_starts, lead) - 1
        return self.formula_bodies[k] if k >= 0 else self.acting_body

    def read(self, m: re.Match) -> None:
        kind = ACT_KIND[m.group("kind")]
        lead = _look_back(self.text, m.start())
        written = self.written_body(lead, m.start())
        joined = lead.name is None and _joined_to_previous(self.text, m.start(), self.previous_end)
        # the numbers of the list, not the digits of a date printed before an item
        nums = _DATE_IN_LIST.sub(lambda d: "#" * len(d.group()), m.group("nums"))
        items = [(nm, number) for nm in _ONE_NUMBER.finditer(nums)
                 for number in read_act_numbers(nm.group())]
        for i, (nm, number) in enumerate(items):
            start = m.start() if i == 0 else m.start("nums") + nm.start()
            end = m.end() if len(items) == 1 else m.start("nums") + nm.end()
            if lead.name is not None:  # written; a generic name of another body: only the form
                body = written or _body_of_form(number, kind, self.sentence(m.start()))
            else:
                body = self.infer(number, kind, m.start(), m.end(), joined or i > 0)
            if body is None:
                self.unresolve(number, kind, start, end, lead)
                self.previous_body = None
                continue
            kind_here = self.conventional_kind(body, number, kind, start)
            self.mentions.append(ActMention(ActKey(body, kind_here, number.text), start, end,
                                            lead.date if i == 0 else None, lead.name is None))
            self.previous_body = body
        self.previous_end = m.end()

    def written_body(self, lead: _Lead, pos: int) -> str | None:
        if lead.name is None:
            return None
        if lead.name in _ITS:
            return self.local_body(pos)
        return body_of_name(lead.name, self.acting_body) or self.named_before(lead.name, lead.name_start)

    def named_before(self, generic: str, pos: int) -> str | None:
        """A generic name (理事会, 缔约方会议) standing for the body named by its proper name
        earlier in the sentence ("经济及社会理事会第1817(LV)号决议和理事会第1998/46号决议"), else
        earlier in the text: the last body so named that calls itself by that word ("联合国打击
        跨国有组织犯罪公约缔约方会议在…第10/6号决议中…。缔约方会议在…第11/3号决议中…")."""
        word = generic[1:] if generic.startswith("本") else generic
        for _start, name in self.names_in_sentence(pos):
            code = body_alias_index().get(name)
            if code and word in bodies()[code].generic_zh:
                return code
        positions, codes = self.antecedents().get(word, ((), ()))
        k = bisect_left(positions, pos) - 1
        return codes[k] if k >= 0 else None

    def antecedents(self) -> dict[str, tuple[list[int], list[str]]]:
        """Generic word -> (starts, bodies) of the proper names of the bodies that call themselves
        by it, in text order (read once per text)."""
        if self._antecedents is None:
            index: dict[str, tuple[list[int], list[str]]] = {}
            for start, _end, name in self.names:
                code = body_alias_index().get(name)
                for word in bodies()[code].generic_zh if code else ():
                    positions, codes = index.setdefault(word, ([], []))
                    positions.append(start)
                    codes.append(code)
            self._antecedents = index
        return self._antecedents

    def names_in_sentence(self, pos: int):
        """(start, name) of the body names before ``pos`` in its sentence, nearest first."""
        k = bisect_left(self.sentence_ends, pos) - 1
        sentence_start = self.sentence_ends[k] + 1 if k >= 0 else 0
        i = bisect_right(self.name_ends, pos) - 1
        while i >= 0 and self.names[i][0] >= sentence_start:
            yield self.names[i][0], self.names[i][2]
            i -= 1

    def infer(self, number: ActNumber, kind: str, pos: int, end: int, continues: bool) -> str | None:
        """The body of a number written without one (rules 2-6 of the module docstring)."""
        if continues and self.previous_body and bodies()[self.previous_body].follows(number):
            return self.previous_body
        return (_body_of_form(number, kind, self.sentence(pos))
                or self.named_in_sentence(number, pos)
                or self.heading_of(number, end)
                or self.acting_body_of(number, pos)
                or _conventional_body(number))

    def heading_of(self, number: ActNumber, end: int) -> str | None:
        """An act's heading, its title, then its body's enacting formula ("J (70)号决定 <title>
        欧洲经济委员会，…": an act annexed in the text of the body that adopted it)."""
        k = bisect_left(self.formula_starts, end)
        if k == len(self.formula_starts) or self.formula_starts[k] - end > HEADING_TITLE_MAX:
            return None
        if self.text.find("。", end, self.formula_starts[k]) >= 0:
            return None
        body = self.formula_bodies[k]
        return body if body is not None and bodies()[body].follows(number) else None

    def sentence(self, pos: int) -> str:
        k = bisect_left(self.sentence_ends, pos) - 1
        return self.text[self.sentence_ends[k] + 1 if k >= 0 else 0:pos]

    def named_in_sentence(self, number: ActNumber, pos: int) -> str | None:
        """The nearest body named before ``pos`` in its sentence whose numbering fits."""
        for _start, name in self.names_in_sentence(pos):
            body = body_of_name(name, self.acting_body)
            if body is not None and bodies()[body].follows(number):
                return body
        return None

    def acting_body_of(self, number: ActNumber, pos: int) -> str | None:
        body = self.local_body(pos)
        if body is None or not bodies()[body].follows(number):
            return None
        if (body == self.acting_body and self.acting_session and number.style == "session"
                and (number.series or 0) > self.acting_session):
            return None  # a later session than the acting body has had: some other body's
        return body

    def conventional_kind(self, body: str, number: ActNumber, kind: str, pos: int) -> str:
        """A kind the numbering contradicts is a misprint: ECOSOC numbers its decisions of a
        year from 201 (2022/355 printed as a resolution is decision 2022/355); 1/CP.21 numbers a
        decision of a conference of the parties."""
        if kind != "resolution":
            return kind
        if number.form == "cop":
            why = "n/CP.x numbers a decision"
        elif body == "ECOSOC" and number.style == "annual" and \
                int(number.text.split("/")[1].split()[0]) > ECOSOC_FIRST_DECISION:
            why = "ECOSOC numbers its decisions from 201"
        else:
            return kind
        if self.warnings is not None:
            self.warnings.append(f"{body} resolution {number.text} at {pos}: {why}; read as a "
                                 "decision (misprint)")
        return "decision"

    def unresolve(self, number: ActNumber, kind: str, start: int, end: int, lead: _Lead) -> None:
        why = (f"{lead.name} does not say which body" if lead.name
               else "no body written, none follows from the text")
        self.unresolved.append(UnresolvedActMention(number.text, kind, start, end, why))
        if self.warnings is not None:
            self.warnings.append(f"act {number.text} ({kind}) at {start}: body unresolved ({why})")


def _page_number(m: re.Match) -> bool:
    """A plain number printed with neither 第 nor 号 before the kind is no act number: the page
    number of a table of contents before its next heading ("…注意的事项 6 决议 32/1.")."""
    return not m.group("di") and "号" not in m.group() and m.group("nums").strip().isdigit()


def _body_of_form(number: ActNumber, kind: str, sentence: str) -> str | None:
    """A number form only one body uses."""
    if number.form == "dated" and kind == "resolution":
        return "SC"  # only the Security Council numbers its resolutions with the year
    if number.form == "special" and number.text.startswith("ES"):
        return "GA"  # emergency special sessions are the General Assembly's
    if number.form == "cop":
        return COP_SERIES.get(re.search(r"/([A-Z]+)\.", number.text).group(1))
    if number.form == "dotted" and any(w in sentence for w in WHO_CONTEXT):
        return "WHA"
    return None


def _conventional_body(number: ActNumber) -> str | None:
    if number.style == "annual" and bodies()["ECOSOC"].follows(number):
        return "ECOSOC"  # year-numbered resolutions and decisions
    if number.style == "session" and (number.series or 0) >= FIRST_GA_SESSION_NUMBER:
        return "GA"  # session-numbered General Assembly acts
    return None


def enacting_formulas(text: str):
    """'大会，重申…' / '…缔约方会议，注意到…': the body that speaks in the paragraphs after."""
    pattern = re.compile(rf"""
        ({body_alias_pattern().pattern}),                 # the body's name and a comma,
        (?=(?:{word_pattern('adverb/enacting')})?         # then its first verb
           (?:{preamble_verb_pattern()})
         | 1\.)                                           # or its first operative paragraph
    """, re.X)
    return pattern.finditer(text)


def _look_back(text: str, lead: int) -> _Lead:
    """The date and the body's name just before the number at ``lead``: "<body>[在其][关于…的]
    [date][通过的][题为“…”的]第N号决议". Each step reads a bounded window."""
    p = lead
    if text.startswith("”的", p - 2) or text.startswith('"的', p - 2):
        q = max(text.rfind("题为“", max(0, p - TITLE_MAX), p - 2), text.rfind('题为"', max(0, p - TITLE_MAX), p - 2))
        if q >= 0:
            p = q
    if text.startswith("通过的", p - 3):
        p -= 3
    date = None
    dm = _DATE_AT_END.search(text, max(0, p - DATE_SPAN), p)
    if dm:
        date = iso_date(*dm.groups())
        p = dm.start()
    q = text.rfind("关于", max(0, p - TOPIC_MAX - 3), p)
    if q >= 0 and _TOPIC.fullmatch(text, q, p):
        p = q
    name, at = _name_before(text, p)
    if name is None and text.startswith("第", p - 1):
        name, at = _name_before(text, p - 1)  # a doubled "大会第大会第" style misprint
    if name is None:
        its = _ITS_CLAUSE.search(text, max(0, p - TOPIC_MAX - 2), p)
        if its:
            name, at = "其", its.start()
    return _Lead(date, name, at)


def _name_before(text: str, p: int) -> tuple[str | None, int]:
    """(body name or 其, where it starts) ending at ``p``, past the fillers 在其/在/的/于."""
    for filler in ("",) + _FILLERS:
        if filler and not text.startswith(filler, p - len(filler)):
            continue
        end = p - len(filler)
        name = _name_at_end(text, end)
        if name:
            return name, end - len(name)
        if filler in _ITS:
            return filler, end
        if filler:
            break
    return None, p


def _name_at_end(text: str, end: int) -> str | None:
    """The longest body name (proper or generic) ending at ``end``."""
    names, lengths = body_names()
    for n in lengths:
        if n <= end and text[end - n:end] in names:
            return text[end - n:end]
    return None


@lru_cache(maxsize=None)
def body_names() -> tuple[frozenset[str], tuple[int, ...]]:
    """Every body name and generic word, and their lengths, longest first."""
    names = frozenset(body_alias_index()) | frozenset(body_generic_index())
    return names, tuple(sorted({len(n) for n in names}, reverse=True))


def _joined_to_previous(text: str, lead: int, previous_end: int) -> bool:
    """True when this mention continues a list right after the previous mention."""
    if previous_end < 0 or lead - previous_end > LIST_CONTINUATION_MAX:
        return False
    between = text[previous_end:lead]
    between = _BETWEEN_LIST_ITEMS.sub("", between, count=1)
    return bool(_LIST_JOINER.fullmatch(between))


def correct_same_session_kinds(doc: Document, mentions: list[ActMention]) -> list[ActMention]:
    """A misprinted kind for an act of the same session ("第3/3号决议" when the session
    adopted decision 3/3 and no resolution 3/3) is read as the adopted act, with a warning."""
    adopted = {a.key for a in doc.acts}
    by_number = {(a.key.body, a.key.number): a.key for a in doc.acts if a.key.number}
    corrected = []
    for mention in mentions:
        key = mention.key
        other = None if key in adopted else by_number.get((key.body, key.number))
        if other is not None and other.kind != key.kind:
            doc.warnings.append(
                f"{doc.source.name}: {key.notation} at {doc.source_span(mention.start, mention.end)[0]}"
                f" is not adopted here; read as {other.notation} (misprint)"
            )
            mention = replace(mention, key=other)
        corrected.append(mention)
    return corrected
