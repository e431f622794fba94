"""segment: the structure of a report — its session, the acts it adopts, their paragraphs —
and whose text it is (the acting body, and the convention a bare article belongs to).

Works on normalized text without relying on line breaks (word-segmented files have none),
using the conventions of UN reports instead:
* chapter I opens with "…通过了下列决议/决定：" and each act with a heading "第5/1号决议";
* chapter II starts at a Chinese-numeral heading followed by the next report paragraph number;
* an act's title runs up to the enacting formula ("…缔约方会议，") or its first preambular verb;
* preambular paragraphs open with a preambular verb after a comma, operative paragraphs are
  numbered 1., 2., … or lettered (a), (b), ….
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from .header import OwnAct, enacting_formulas, read_header
from .lexicon import (bodies, body_alias_index, body_generic_index, body_of_name, preamble_verb_pattern,
                      word_pattern)
from .models import ActKey, AdoptedAct, Document, NormalizedText, Paragraph, Session
from .patterns import (ACT_KIND, ACT_NUMBER, CN_COUNT_CHARS, CN_NUMERAL_CHARS, DATE, canonical_number,
                       chinese_numeral, iso_date)

BODY_NAME_LOOKBACK = 60  # the body's name stands this close before the session sentence
MAX_BODY_NAME = 40  # no body's name is longer
REPORT_TITLE_SPAN = 5000  # a report's own title is printed near its beginning
MIN_HEADING_GAP = 4  # two act headings closer than this are one heading printed twice
TITLE_MAX_LENGTH = 300  # an act's title ends within this many characters of its heading
ADOPTION_PARAGRAPH_LOOKBACK = 1500  # the narrative of an adoption starts within this window …
ADOPTION_FALLBACK_LOOKBACK = 600  # … or, when no report paragraph number is found, this one
TOC_KIND_LOOKBACK = 8  # "决议" / "决定" just before a bare number in the table of contents
ENACTING_FORMULA_MAX = 60  # text before the first preambular verb shorter than this opens it

# a place name: no punctuation and no 举行 ("在维也纳举行,共举行了9次会议": the place is 维也纳)
_PLACE = r"(?:(?!举行)[^\s,;:。()、“”]){1,12}?"
_SESSION = re.compile(rf"""
    {DATE}                                        # the first day: 2010年10月18日
    (?:至|-|—)                                    # to
    (?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日  # the last day (year, month when they differ)
    (?:在|于)({_PLACE})举行(?:的|了)                # held in <place>
    (?P<between>.{{0,40}}?)                        # the body's name and the like
    第(?P<ord>[{CN_NUMERAL_CHARS}\d]+)届会议          # the ordinal of the session
""", re.X)
# "预防犯罪和刑事司法委员会第三十二届会议于2023年5月15日至19日在维也纳举行": the body and the
# session first, then the dates and the place (the session sentence of a commission's report)
_SESSION_HELD = re.compile(rf"""
    第(?P<ord>[{CN_NUMERAL_CHARS}\d]+)届会议(?:续会)?   # the ordinal of the session
    (?:于|在)?{DATE}                              # the first day
    (?:至|-|—)(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日  # the last day
    (?:在|于)(?P<place>{_PLACE})举行                # held in <place>
""", re.X)
# the dates printed under a report's title: "(2022年12月9日和2023年5月15日至19日)"
_TITLE_DATES = re.compile(r"""
    \((?P<dates>(?:(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:和|、|至|-|—|及)?){1,8})\)
""", re.X)
_DAY = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
# a report symbol printed as a page header, on a line of its own
# (a joint symbol too: a commission's report to ECOSOC is "E/2023/30-E/CN.15/2023/13"), or in the
# masthead's right-hand column after "联合国"
_SYMBOL_LINE = re.compile(r"""
    ^\s*(?:联合国\s{2,})?
    ([A-Z]{1,8}(?:/[A-Z0-9.]{1,12}){2,6}(?:-[A-Z]{1,8}(?:/[A-Z0-9.]{1,12}){2,6})?)\s*$
""", re.M | re.X)
_NOT_REPORT_SYMBOL = re.compile(r"/(?:L|CRP|INF)\.?")  # drafts, conference room and info papers
_CHAPTER_ONE = re.compile(r"""
    通过了?(?:下列|以下|如下)(?:各项)?     # adopted the following
    (?:决议|决定)(?:和(?:决议|决定))?[:]  # resolutions / decisions:
""", re.X)
_REPORT_TITLE = re.compile(rf"第(?P<ord>[{CN_NUMERAL_CHARS}]+)届会议(?:的)?(?:工作)?报告")
_HEADING = re.compile(rf"(?<=[:。;)」])第?(?P<num>{ACT_NUMBER})号(?P<kind>决议|决定)")
_CHAPTER_HEADING = re.compile(rf"(?<![第{CN_NUMERAL_CHARS}])(?P<num>[{CN_NUMERAL_CHARS}]+)\.(?P<rest>.{{0,60}})")
# the report paragraph numbers before chapter I's "…通过了下列…"
_INTRO_PARAGRAPH = re.compile(r"(?:^|[:。.])(\d{1,2})\.(?=\S{0,80}通过了?(?:下列|以下|如下))")
_OPERATIVE_NUMBER = re.compile(r"(?:(?<=[,;:。)\]])|^)(\d{1,2})\.(?=[^\d])")
_LETTER = re.compile(r"(?<=[,;:。\-])\(([a-z])\)")
_ANNEX = re.compile(rf"(?<=[。;:])附件[{CN_NUMERAL_CHARS}]*")
_FIRST_OPERATIVE = re.compile(r"""
    (?:^|[^\d])1\.(?=[^\d])    # operative paragraph 1.
  | \(a\)                     # or item (a)
""", re.X)
# what follows the acting body's name in an enacting formula: a comma or the first verb
_ENACTING_FOLLOW = r"""(?x:
    [,:]                                            # "…缔约方会议，"
  | 根据|回顾|在|于|决定|核准|核可|注意到|重申|欢迎      # "…缔约方会议根据…", "…回顾…"
  | 铭记|认识到|确认|强调|考虑到|通过
)"""
# the table of contents: "第5/1号决议.标题" or, under a "决议" heading, "11/1.标题"
_TOC_ENTRY = re.compile(rf"""
    (?:第?(?P<num>{ACT_NUMBER})号(?P<kind>决议|决定)   # 第5/1号决议
      | (?<![\d/])(?P<bare>\d{{1,2}}/\d{{1,3}})        # 11/1
    )\.
""", re.X)
_TOC_TITLE_END = re.compile(r"""
    \d+(?=\s|$|第|\d{1,2}/)   # its page number (before the next entry)
  | \.{3,}                   # or dot leaders
""", re.X)
# the narrative of an adoption: "…通过了…(案文见第一章…第5/1号决议)"
TEXT_SEE = re.compile(rf"""
    案文见[^()]{{0,40}}?(?:
        第?(?P<num>{ACT_NUMBER})号(?P<kind>决议|决定)             # "(案文见第一章,D节,第32/1号决议)"
      | (?P<section>[A-H])节(?:,?(?P<draft>(?:决议|决定)草案[{CN_COUNT_CHARS}]*))?(?=\))
    )                                                # "(案文见第一章,A节,决议草案一)", "(案文见第一章,B节)"
""", re.X)
_REPORT_PARAGRAPH = re.compile(r"(?:^|[。)])\d{1,3}\.(?=\D)")
_MEETING_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MEETING = re.compile(r"第(\d{1,3})次(?:全体)?会议")
# (?=\d): a date starts with a digit (a fast reject of every other position)
_DATED_MEETING = re.compile(r"(?=\d)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:举行的)?第(\d{1,3})次(?:全体)?会议")
_SAME_MEETING = re.compile(r"同一次会议|这次会议|同次会议")


def segment(nt: NormalizedText) -> Document:
    """The Document of a normalized text: its kind, session, adopted acts, acting body; no facts
    yet. The acting body is what the text says (the session's body, the adoption line's, the
    enacting formula's, the heading's) or None: never a default."""
    warnings: list[str] = []
    session = find_session(nt)
    acts = find_adopted_acts(nt, session)
    header = read_header(nt, session is not None, bool(acts))
    if header.kind in ("resolution", "decision"):
        session, acts = None, standalone_acts(nt, header)
    elif header.kind == "working-group-report":
        session = None  # a group's meeting, not a session of its parent
    if header.kind == "session-report" and session is not None:
        acting_body = session.body
    else:
        acting_body = header.acting_body
    if header.kind == "other":
        acts = drafts_in(nt, None, 0, nt.footnotes_start)
    if acting_body is None:
        warnings.append(f"{nt.source.path}: the text does not say whose it is (no session sentence, "
                        f"adoption line or enacting formula; read as {header.kind})")
    # a bare 第N条 is an article of the Conference's own convention, and only in its documents
    instrument = (bodies()[acting_body].convention or None) if acting_body in bodies() else None
    return Document(nt, session, acts, acting_body, instrument, warnings, kind=header.kind)


def find_session(nt: NormalizedText) -> Session | None:
    """The session the report is of: its title ("预防犯罪和刑事司法委员会⏎第三十二届会议报告⏎
    (2022年12月9日和2023年5月15日至19日)") and its session sentence ("…于2010年10月18日至22日在
    维也纳举行的第五届会议", "…第三十二届会议于2023年5月15日至19日在维也纳举行"). The title
    names the body and the whole extent of the session (a commission's session opens months
    before its main meetings); the sentence gives the place, and the dates when the title
    prints none."""
    text = nt.text[: nt.footnotes_start]
    title = _report_title(nt, text)
    sentence = _session_sentence(text, title[1] if title else None)
    if sentence is None:
        if title is None:
            return None
        body, ordinal, start, end, dates = title
        return Session(body=body, ordinal=ordinal, start_date=dates[0] if dates else None,
                       end_date=dates[1] if dates else None, place_zh=None,
                       symbol=_report_symbol(nt.source.text), start=start, end=end)
    body, ordinal, start_date, end_date, place, start, end = sentence
    if title is not None and title[1] == ordinal:
        body = body or title[0]
        if title[4]:
            start_date, end_date = title[4]
    return Session(body=body, ordinal=ordinal, start_date=start_date, end_date=end_date,
                   place_zh=place, symbol=_report_symbol(nt.source.text), start=start, end=end)


def _session_sentence(text: str, ordinal: int | None):
    """(body, ordinal, start date, end date, place, start, end) of the first session sentence
    (of the session ``ordinal`` when the title names one), or None."""
    found = []
    m = _SESSION.search(text)
    if m:
        y1, m1, d1, y2, m2, d2, place = m.groups()[:7]
        window = text[max(0, m.start() - BODY_NAME_LOOKBACK) : m.end()]
        found.append((_body_in(window), chinese_numeral(m.group("ord")), iso_date(y1, m1, d1),
                      iso_date(y2 or y1, m2 or m1, d2), place, m.start(), m.end()))
    for h in _SESSION_HELD.finditer(text):
        y1, m1, d1, y2, m2, d2 = h.groups()[1:7]
        found.append((_body_before(text, h.start()), chinese_numeral(h.group("ord")), iso_date(y1, m1, d1),
                      iso_date(y2 or y1, m2 or m1, d2), h.group("place"), h.start(), h.end()))
        break
    if not found:
        return None
    found.sort(key=lambda f: (ordinal is not None and f[1] != ordinal, f[5]))
    return found[0]


def _report_title(nt: NormalizedText, text: str):
    """(body, ordinal, start, end, (first day, last day) or None) of the report's own title: a
    "第N届会议(的)报告" that ends its line or stands before the dates of the session, near the
    start of the text ("…向委员会第三十二届会议报告该决议的执行情况" is no title)."""
    for t in _REPORT_TITLE.finditer(text, 0, REPORT_TITLE_SPAN):
        after = _TITLE_DATES.match(text, t.end())
        if not (after or t.end() == len(text) or nt.line_starts(t.end(), t.end() + 1)):
            continue
        window = text[max(0, t.start() - BODY_NAME_LOOKBACK) : t.end()]
        body = _body_before(text, t.start()) or _body_in(window)
        return body, chinese_numeral(t.group("ord")), t.start(), t.end(), _title_dates(after)
    return None


def _title_dates(m: re.Match | None) -> tuple[str, str] | None:
    """The first and last day of "(2022年12月9日和2023年5月15日至19日)": a day without its
    year or month takes the last one printed."""
    if m is None:
        return None
    year = month = None
    days = []
    for d in _DAY.finditer(m.group("dates")):
        year, month = d.group(1) or year, d.group(2) or month
        day = iso_date(year, month, d.group(3)) if year and month else None
        if day is None:
            return None
        days.append(day)
    return (days[0], days[-1]) if days and days[0] <= days[-1] else None


def _body_before(text: str, pos: int) -> str | None:
    """The body whose name ends right at ``pos`` ("预防犯罪和刑事司法委员会|第三十二届会议"): a
    proper name, or a generic one when only one body calls itself so."""
    for m in _names_ending().finditer(text, max(0, pos - MAX_BODY_NAME), pos):
        if m.end() == pos:
            name = m.group()
            return body_alias_index().get(name) or _only_claimant(name)
    return None


def _only_claimant(generic: str) -> str | None:
    claimants = body_generic_index().get(generic, ())
    return claimants[0] if len(claimants) == 1 else None


@lru_cache(maxsize=None)
def _names_ending() -> re.Pattern:
    """A body's name (proper or generic), the longest one ending at the end of the window."""
    names = sorted(set(body_alias_index()) | set(body_generic_index()), key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, names))})$")


def _body_in(window: str) -> str | None:
    """The body whose longest name is written in ``window`` (a proper name, or a generic one
    like 缔约方会议 when only one body calls itself so)."""
    best = None
    for body in bodies().values():
        names = body.labels_zh + tuple(g for g in body.generic_zh if len(body_generic_index()[g]) == 1)
        for alias in names:
            if alias in window and (best is None or len(alias) > len(best[1])):
                best = (body.code, alias)
    return best[0] if best else None


def _report_symbol(original: str) -> str | None:
    """The report's own symbol, printed as a page header on a line of its own."""
    counts = Counter(s for s in _SYMBOL_LINE.findall(original) if not _NOT_REPORT_SYMBOL.search(s))
    return counts.most_common(1)[0][0] if counts else None


def find_adopted_acts(nt: NormalizedText, session: Session | None) -> list[AdoptedAct]:
    text = nt.text[: nt.footnotes_start]
    if session is None or session.ordinal is None or session.body is None:
        return []
    commission = commission_acts(nt, session)
    if commission is not None:
        return commission
    start_m = _CHAPTER_ONE.search(text)
    if not start_m:
        return []
    region_start = start_m.start()
    headings = _headings(text, region_start, session)
    if not headings:
        return []
    region_end = _chapter_one_end(text, headings[-1][2])
    headings = [h for h in headings if h[1] < region_end]
    toc_titles = _toc_titles(text[:region_start])
    acts = []
    for i, (key, hs, he) in enumerate(headings):
        end = headings[i + 1][1] if i + 1 < len(headings) else region_end
        title_end = _title_end(text, he, end, session.body)
        title = text[he:title_end]
        toc = toc_titles.get((key.kind, key.number))
        if toc and (not title or (title.startswith(toc) and len(title) > len(toc))):
            title = toc
        acts.append(AdoptedAct(key=key, title=title, heading_start=hs, heading_end=he, start=hs,
                               end=end, paragraphs=_report_act_paragraphs(nt, title_end, end)))
    dates = _adoption_dates(text, region_end, acts, session)
    return [replace(a, date=dates[a.key]) if a.key in dates else a for a in acts]


# --- a commission's report to the Economic and Social Council --------------------------------
# Its chapter I carries the drafts the commission recommends to the Council (for the Council, or
# for the Council to approve for the General Assembly) and what it adopted itself:
#   第一章 需要经济及社会理事会采取行动或提请其注意的事项
#   A. 建议经济及社会理事会核准供大会通过的决议草案
#      1. 预防犯罪和刑事司法委员会建议经济及社会理事会核准下列决议草案，供大会通过：
#      决议草案一 <title> 大会，回顾…                        the General Assembly's draft
#   B. 建议经济及社会理事会通过的决议草案 … 通过下列决议草案：<title> 经济及社会理事会，…
#   C. … 决定草案 <title> 经济及社会理事会：(a) 注意到…；
#   D. 提请经济及社会理事会注意的事项
#      4. 预防犯罪和刑事司法委员会通过的下列决议和决定提请经济及社会理事会注意：
#      决议 32/1. <title> 预防犯罪和刑事司法委员会，…     its own (第32/1号决议, 决定 32/1.)
# The table of contents repeats these headings (with page numbers): the chapter is the last
# "需要…采取行动或提请其注意的事项" before the first act it carries.
_ACTION_CHAPTER = re.compile(r"需要[^。:;]{1,20}?采取行动或提请其注意的事项")
_SECTION = re.compile(r"""
    (?:(?<=[。;:])|(?<=事项)|^)(?P<letter>[A-H])\.  # "A." after a sentence, the chapter's title
    (?=建议|提请|需要|[^。:]{0,20}?通过的(?:决议|决定)) # an action section's title
""", re.X)
_DRAFT_HEADING = re.compile(rf"(?:(?<=[。;:])|^)(?P<kind>决议|决定)草案(?P<ord>[{CN_COUNT_CHARS}]*)")
# "…建议经济及社会理事会通过下列决议草案：", "…核准下列决议草案，供大会通过："
_DRAFT_LEAD = re.compile(r"下列(?P<kind>决议|决定)草案(?:,[^。:]{0,20})?:")
# "决议 32/1.", "决定 32/1." (the kind before the number: a heading, never running text)
# (?=决[议定]): a fast reject of every other position (the lookbehind alone is tried at each)
_KIND_FIRST_HEADING = re.compile(rf"(?=决[议定])(?:(?<=[。;:)」])|^)(?P<kind>决议|决定)(?P<num>{ACT_NUMBER})\.?")
_CHAPTER_TWO = re.compile(r"(?<=[。;:])第二章(?=[\u4e00-\u9fff])")
# an act whose text opens with its meeting: "在2023年5月19日第9次会议上，…委员会决定…"
_MEETING_OPENER = re.compile(r"在(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:举行的)?第\d{1,3}次(?:全体)?会议上")


def commission_acts(nt: NormalizedText, session: Session) -> list[AdoptedAct] | None:
    """The acts of chapter I of a commission's report (see above), in text order: the drafts it
    recommends (another body's draft acts, ``draft``: unnumbered, identified by body, kind,
    date and title; the date is the day the narrative says the commission approved it, else the
    last day of the session) and its own resolutions and decisions. None when the report has no
    such chapter."""
    text = nt.text[: nt.footnotes_start]
    formulas = list(enacting_formulas(nt, 0, len(text)))
    own = _own_headings(text, 0, len(text), session)
    first_act = min([f[0] for f in formulas[:1]] + [h[1] for h in own[:1]] + [len(text)])
    starts = [m for m in _ACTION_CHAPTER.finditer(text, 0, first_act)]
    if not starts:
        return None
    chapter_start = starts[-1].start()
    own = [h for h in own if h[1] > chapter_start]
    two = _CHAPTER_TWO.search(text, chapter_start)
    chapter_end = two.start() if two else _chapter_one_end(text, own[-1][2] if own else chapter_start)
    own = [h for h in own if h[1] < chapter_end]
    sections = [(m.start(), m.group("letter")) for m in _SECTION.finditer(text, chapter_start, chapter_end)]
    drafts = _commission_drafts(text, formulas, own, sections, chapter_start, chapter_end, session)
    bounds = sorted([h[1] for h in own] + [d[0] for d in drafts] + [p for p, _ in sections] + [chapter_end])
    toc_titles = _toc_titles(text[:chapter_start])
    acts: list[AdoptedAct] = []
    for key, hs, he in own:
        end = bounds[bisect_right(bounds, hs)]
        title_end = _title_end(text, he, end, session.body)
        title = text[he:title_end]
        toc = toc_titles.get((key.kind, key.number))
        if toc and (not title or (title.startswith(toc) and len(title) > len(toc))):
            title = toc
        act = AdoptedAct(key=key, title=title, heading_start=hs, heading_end=he, start=hs, end=end,
                         paragraphs=_report_act_paragraphs(nt, title_end, end),
                         section=_section_at(sections, hs))
        acts.append(act)
        acts += drafts_in(nt, key, title_end, end)  # a draft its own act recommends
    for start, heading_end, formula_start, formula_end, kind, body, title, label in drafts:
        end = bounds[bisect_right(bounds, start)]
        key = ActKey(body, kind, "", title=title or None, draft=True)
        acts.append(AdoptedAct(key=key, title=title, heading_start=start, heading_end=heading_end,
                               start=start, end=end,
                               paragraphs=act_paragraphs(nt, _after_comma(text, formula_end), end),
                               section=_section_at(sections, start), label=label))
    acts.sort(key=lambda a: a.start)
    dates = _adoption_dates(text, chapter_end, acts, session)
    return [_dated(a, dates, text, session) for a in acts]


def _dated(act: AdoptedAct, dates: dict, text: str, session: Session) -> AdoptedAct:
    """The act with its adoption date: narrated, else the meeting its text opens with; a draft
    recommended by the commission is identified by that date (else the session's last day)."""
    date = dates.get(act.key)
    if date is None:
        opener = _MEETING_OPENER.match(text, act.heading_end + len(act.title))
        year = int(session.start_date[:4]) if session.start_date else None
        date = _iso(*opener.groups(), year) if opener else None
        date = date if _within(date, session) else None
    if act.key.draft:
        date = date or session.end_date
        return replace(act, key=replace(act.key, date=date), date=date)
    return replace(act, date=date) if date else act


def _own_headings(text: str, start: int, end: int, session: Session) -> list[tuple[ActKey, int, int]]:
    """The headings of the commission's own acts: "第32/1号决议" or "决议 32/1."."""
    found = [h for h in _headings(text, start, session) if h[1] < end]
    for m in _KIND_FIRST_HEADING.finditer(text, start, end):
        number = canonical_number(m.group("num"))
        if number.split("/")[0] == str(session.ordinal):
            key = ActKey(session.body, ACT_KIND[m.group("kind")], number)
            if all(k != key for k, _, _ in found):
                found.append((key, m.start(), m.end()))
    return sorted(found, key=lambda h: h[1])


def _commission_drafts(text, formulas, own, sections, chapter_start: int, chapter_end: int,
                       session: Session) -> list[tuple]:
    """The drafts the commission recommends: enacting formulas of another body in chapter I,
    outside its own acts, each with its heading ("决议草案一") or the lead-in before it ("…通过下列
    决议草案："): (start, heading end, formula start, formula end, kind, body, title, label)."""
    own_starts = [h[1] for h in own]
    cuts = sorted([p for p, _ in sections] + [chapter_end])
    drafts = []
    previous = chapter_start
    for f_start, f_end, name in formulas:
        body = body_of_name(name, session.body)
        if not chapter_start < f_start < chapter_end or body in (None, session.body):
            continue
        k = bisect_right(own_starts, f_start) - 1
        if k >= 0 and cuts[bisect_right(cuts, own_starts[k])] > f_start:
            continue  # inside an act of its own: a draft that act recommends
        floor = max(previous, cuts[bisect_right(cuts, f_start) - 1] if bisect_right(cuts, f_start) else chapter_start,
                    own_starts[k] if k >= 0 else chapter_start)
        heading = None
        for heading in _DRAFT_HEADING.finditer(text, floor, f_start):
            pass
        lead = None
        for lead in _DRAFT_LEAD.finditer(text, floor, f_start):
            pass
        if heading is not None and (lead is None or heading.start() > lead.start()):
            start, title_start = heading.start(), heading.end()
            kind, label = ACT_KIND[heading.group("kind")], heading.group()
        elif lead is not None:
            start = title_start = lead.end()
            kind, label = ACT_KIND[lead.group("kind")], ""
        else:
            continue  # no draft heading: not a draft the commission recommends
        title = text[title_start:f_start].strip(" .:")
        drafts.append((start, title_start, f_start, f_end, kind, body,
                       title if len(title) <= DRAFT_TITLE_MAX else "", label))
        previous = f_end
    return drafts


def _section_at(sections: list[tuple[int, str]], pos: int) -> str:
    letter = ""
    for p, section in sections:
        if p > pos:
            break
        letter = section
    return letter


def referenced_act(acts: list[AdoptedAct], m: re.Match) -> AdoptedAct | None:
    """The act a "(案文见…)" reference (``TEXT_SEE``) names: a numbered act, or a draft of a
    section of chapter I by its heading ("A节,决议草案一"), or the only act of that section."""
    if m.group("num"):
        key = (ACT_KIND[m.group("kind")], canonical_number(m.group("num")))
        return next((a for a in acts if (a.key.kind, a.key.number) == key and a.key.number), None)
    in_section = [a for a in acts if a.section == m.group("section")]
    if m.group("draft"):
        named = [a for a in in_section if a.label == m.group("draft")]
        if not named and m.group("draft")[-1] not in CN_COUNT_CHARS:  # "决议草案": the only one
            named = [a for a in in_section if a.label.startswith(m.group("draft")) or not a.label]
        return named[0] if len(named) == 1 else None
    return in_section[0] if len(in_section) == 1 else None


# --- standalone resolutions and decisions ----------------------------------------------------
DRAFT_TITLE_MAX = 120  # a draft's title stands between "…决议草案：" and its enacting formula
_DRAFT_KIND = re.compile(r"(?P<kind>决议|决定)草案[^。]{0,40}$")
# the closing line of an adopted text: "2023年6月23日⏎第35次全体会议" or "第41次全体会议⏎2024年7月23日"
_MEETING_LINE = re.compile(rf"(?:{DATE})?第\d{{1,4}}次全体会议")


def standalone_acts(nt: NormalizedText, header) -> list[AdoptedAct]:
    """The acts a resolution or decision carries: itself (or its lettered parts), each with its
    preambular and operative paragraphs, and the drafts it recommends to other bodies."""
    end = nt.footnotes_start
    acts: list[AdoptedAct] = []
    for i, own in enumerate(header.acts):
        nxt = header.acts[i + 1].heading_start if i + 1 < len(header.acts) else end
        key = _own_key(nt, own)
        drafts = drafts_in(nt, key, own.start + 1, nxt)
        own_end = drafts[0].start if drafts else nxt
        acts.append(AdoptedAct(key=key, title=own.title or "", heading_start=own.heading_start,
                               heading_end=own.heading_end, start=own.heading_start, end=nxt,
                               paragraphs=act_paragraphs(nt, own.text_start, own_end), date=own.date))
        acts += drafts
    return acts


def _own_key(nt: NormalizedText, own: OwnAct) -> ActKey:
    """A printed number identifies the act; else its body, date and title; else its file."""
    if own.number:
        return ActKey(own.body or "", own.kind, own.number)
    # two untitled acts of one day cannot be told apart but by the file that carries each
    document = None if own.title else nt.source.sha256[:16]
    return ActKey(own.body or "", own.kind, "", own.date, own.title, document=document, draft=own.draft)


def drafts_in(nt: NormalizedText, recommending: ActKey | None, start: int, end: int) -> list[AdoptedAct]:
    """Drafts set out in a text: an enacting formula of a body other than the recommending
    act's ("建议大会通过下列决议草案：大会，回顾…") opens that body's draft act, which runs to the
    next such formula or the end. Each draft is identified by the recommending act (or, in a
    proposal that no act makes, by the document) and its title."""
    text = nt.text
    own_body = recommending.body if recommending else None
    found = [(s, e, name) for s, e, name in enacting_formulas(nt, start, end)
             if body_of_name(name, None) not in (None, own_body)]
    drafts = []
    for i, (s, e, name) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else end
        before = text[max(start, s - DRAFT_TITLE_MAX):s]
        kind_m = _DRAFT_KIND.search(before)
        title = _draft_title(before) or (recommending.title if recommending else None)
        key = ActKey(body_of_name(name, None), ACT_KIND[kind_m.group("kind")] if kind_m else "resolution",
                     "", title=title, recommended_by=recommending,
                     document=None if recommending else nt.source.sha256[:16])
        drafts.append(AdoptedAct(key=key, title=title or "", heading_start=s, heading_end=e, start=s,
                                 end=nxt, paragraphs=act_paragraphs(nt, _after_comma(text, e), nxt)))
    return drafts


def _after_comma(text: str, pos: int) -> int:
    """Where an enacting formula's text starts: after the body's name and its comma."""
    return pos + 1 if text[pos:pos + 1] in (",", ":") else pos


def _draft_title(before: str) -> str | None:
    """The title printed just before a draft's enacting formula (after "…草案：" or a sentence)."""
    cut = max(before.rfind(":"), before.rfind("。"), before.rfind(";"))
    title = before[cut + 1:].strip()
    return title or None


def act_paragraphs(nt: NormalizedText, start: int, end: int) -> tuple[Paragraph, ...]:
    """Numbered operative paragraphs when the act numbers them; otherwise its paragraphs are the
    lines of the source: preambular ones end with a comma, the operative part starts at the
    first line that ends with ；or 。 (a resolution issued without paragraph numbers)."""
    text = nt.text
    meeting = _MEETING_LINE.search(text, start, end)
    stop = meeting.start() if meeting else end
    return _numbered_else_by_line(nt, start, stop, ("operative",))


def _report_act_paragraphs(nt: NormalizedText, start: int, end: int) -> tuple[Paragraph, ...]:
    """An act printed in a session report: its numbered paragraphs (or the recommendations of an
    annex it adopts), or, when it numbers none (a decision of one paragraph: "…委员会，回顾…，
    决定…，并请秘书处…。"), its lines."""
    return _numbered_else_by_line(nt, start, end, ("operative", "annex"))


def _numbered_else_by_line(nt: NormalizedText, start: int, end: int,
                           enough: tuple[str, ...]) -> tuple[Paragraph, ...]:
    """The act's marked paragraphs when one of them is of a kind in ``enough``, else its lines."""
    paragraphs = _paragraphs(nt.text, start, end)
    if any(p.kind in enough for p in paragraphs):
        return paragraphs
    return _paragraphs_by_line(nt, start, end) or paragraphs


def _paragraphs_by_line(nt: NormalizedText, start: int, end: int) -> tuple[Paragraph, ...]:
    """Lines ending in a comma, a semicolon, a colon or a full stop are paragraphs; the
    preamble ends with the last that ends in a comma (a preambular paragraph misprinted with a
    semicolon stays in it), the operative part follows."""
    text = nt.text
    breaks = [b for b in nt.line_starts(start + 1, end) if text[b - 1] in ",;:。"] + [end]
    spans = []
    previous = start
    for b in breaks:
        if b > previous and text[previous:b].strip():
            spans.append((previous, b))
            previous = b
    last_comma = max((i for i, (_s, e) in enumerate(spans) if text[e - 1] == ","), default=-1)
    out: list[Paragraph] = []
    for i, (s, e) in enumerate(spans):
        if i <= last_comma:
            out.append(Paragraph("preambular", f"p{i + 1}", s, e))
        else:
            out.append(Paragraph("operative", str(i - last_comma), s, e))
    if not any(p.kind == "operative" for p in out):
        return ()
    return tuple(out)


def _headings(text: str, region_start: int, session: Session) -> list[tuple[ActKey, int, int]]:
    """(act, start, end) of each heading of an act of this session, in order, once each."""
    headings: list[tuple[ActKey, int, int]] = []
    seen = set()
    for m in _HEADING.finditer(text, region_start):
        number = canonical_number(m.group("num"))
        if number.split("/")[0] != str(session.ordinal):
            continue
        key = ActKey(session.body, ACT_KIND[m.group("kind")], number)
        if key in seen:
            continue
        if headings and m.start() - headings[-1][1] < MIN_HEADING_GAP:
            continue
        seen.add(key)
        headings.append((key, m.start(), m.end()))
    return headings


def _within(date: str | None, session: Session) -> bool:
    if not date or not session.start_date or not session.end_date:
        return bool(date)
    return session.start_date <= date <= session.end_date


def _iso(y: str | None, mo: str, d: str, default_year: int | None) -> str | None:
    year = int(y) if y else default_year
    return iso_date(year, mo, d) if year else None


def _adoption_dates(text: str, after: int, acts: list[AdoptedAct],
                    session: Session) -> dict[ActKey, str]:
    """The date printed where the narrative records the adoption ("在2010年10月22日第10次
    会议上，缔约方会议通过了…（案文见第一章…第5/1号决议）"); "在同一次会议上" keeps the
    previous date. Acts whose adoption is not narrated keep no date."""
    year = int(session.start_date[:4]) if session.start_date else None
    meeting_dates = _meeting_dates(text, session, year)
    dates: dict[ActKey, str] = {}
    last_date = None
    for m in TEXT_SEE.finditer(text, after):
        act = referenced_act(acts, m)
        window = _adoption_narrative(text, after, m.start())
        date = _narrated_date(window, session, year, meeting_dates)
        if date is not None:
            last_date = date or None
        elif not _SAME_MEETING.search(window):
            continue
        if act is not None and act.key not in dates and last_date:
            dates[act.key] = last_date
    return dates


def _meeting_dates(text: str, session: Session, year: int | None) -> dict[str, str]:
    """"第11次会议" -> its date, wherever the report prints both (within the session)."""
    meeting_dates: dict[str, str] = {}
    for mm in _DATED_MEETING.finditer(text):
        date = _iso(mm.group(1), mm.group(2), mm.group(3), year)
        if _within(date, session):
            meeting_dates.setdefault(mm.group(4), date)
    return meeting_dates


def _adoption_narrative(text: str, after: int, see: int) -> str:
    """The report paragraph that ends at "(案文见…)": from the last paragraph number before it."""
    starts = [p.end() for p in _REPORT_PARAGRAPH.finditer(
        text, max(after, see - ADOPTION_PARAGRAPH_LOOKBACK), see)]
    return text[starts[-1] if starts else max(after, see - ADOPTION_FALLBACK_LOOKBACK) : see]


def _narrated_date(window: str, session: Session, year: int | None,
                   meeting_dates: dict[str, str]) -> str | None:
    """The adoption date the narrative prints: a date ("" when it is outside the session and no
    meeting number fixes it), the date of the meeting it names, or None when it prints neither."""
    dates = list(_MEETING_DATE.finditer(window))
    meeting = _MEETING.search(window)
    known_meeting = meeting_dates.get(meeting.group(1)) if meeting else None
    if dates:
        date = _iso(*dates[-1].groups(), year)
        if not _within(date, session) and known_meeting:
            date = known_meeting  # a misprinted day: trust the meeting
        return date if _within(date, session) else ""
    return known_meeting


def _chapter_one_end(text: str, after: int) -> int:
    """Chapter II: the "二." heading that does not continue a numbering begun inside an act
    (annexes have their own 一., 二., …), preferably followed by the next report paragraph."""
    intro = _INTRO_PARAGRAPH.findall(text[:after])
    expected = max(map(int, intro)) + 1 if intro else None
    inner = 0  # last numeral of a numbering running inside the acts
    candidates = []
    for m in _CHAPTER_HEADING.finditer(text, after):
        n = chinese_numeral(m.group("num"))
        if n is None:
            continue
        if n == 2 and inner != 1:
            candidates.append(m)
            if expected is None or re.search(rf"(?<!\d){expected}\.", m.group("rest")):
                return m.start()
        if n == inner + 1:
            inner = n
    return candidates[0].start() if candidates else len(text)


def _toc_titles(toc: str) -> dict[tuple[str, str], str]:
    """Titles listed in the table of contents: "第5/1号决议.标题" or "11/1.标题"."""
    entries = list(_TOC_ENTRY.finditer(toc))
    titles: dict[tuple[str, str], str] = {}
    block_kind = None
    for i, m in enumerate(entries):
        nxt = entries[i + 1].start() if i + 1 < len(entries) else len(toc)
        title = _TOC_TITLE_END.split(toc[m.end():nxt])[0].strip()
        kind = m.group("kind")
        if kind:
            block_kind = ACT_KIND[kind]
        else:
            before = toc[max(0, m.start() - TOC_KIND_LOOKBACK) : m.start()]
            if "决议" in before:
                block_kind = "resolution"
            elif "决定" in before:
                block_kind = "decision"
        number = canonical_number(m.group("num") or m.group("bare"))
        if block_kind:
            titles.setdefault((block_kind, number), title)
    return titles


def _enacting_pattern(body_code: str) -> re.Pattern:
    body = bodies()[body_code]
    aliases = sorted(body.labels_zh + body.generic_zh, key=len, reverse=True)
    names = "|".join(map(re.escape, aliases))
    # the body's name, then a comma or a verb: "…缔约方会议，" / "…缔约方会议根据…"
    return re.compile(rf"(?:{names})(?={_ENACTING_FOLLOW})")


def _preamble_verb() -> str:
    """A preambular verb with the adverb that may stand before it (还回顾, 深为关切)."""
    return f"(?:{word_pattern('adverb/paragraph')})?(?:{preamble_verb_pattern()})"


def _title_end(text: str, start: int, end: int, body_code: str) -> int:
    limit = min(end, start + TITLE_MAX_LENGTH)
    segment = text[start:limit]
    candidates = [len(segment)]
    opener = _MEETING_OPENER.search(segment)  # "…<title>在2023年5月19日第9次会议上，…决定"
    if opener and opener.start() > 0:
        candidates.append(opener.start())
    em = _enacting_pattern(body_code).search(segment)
    if em:
        candidates.append(em.start())
    pm = re.search(_preamble_verb(), segment)
    if pm and pm.start() > 0:
        candidates.append(pm.start())
    om = _FIRST_OPERATIVE.search(segment)
    if om:
        candidates.append(om.start() + (0 if segment[om.start()] == "(" or om.start() == 0 else 1))
    return start + min(candidates)


def _paragraphs(text: str, start: int, end: int) -> tuple[Paragraph, ...]:
    """Preambular, operative and annexed paragraphs of one act."""
    body = text[start:end]
    operative, annexed, first_operative = _operative_and_annexed(body)
    preamble_end = min([p for p, _ in operative[:1] + annexed[:1]] or [first_operative])
    marks: list[tuple[int, str, str]] = []
    verb_starts = _preamble_starts(body[:preamble_end])
    marks += [(p, "preambular", f"p{i + 1}") for i, p in enumerate(verb_starts)]
    marks += [(p, "operative", lab) for p, lab in operative]
    marks += [(p, "annex", lab) for p, lab in annexed]
    marks.sort()
    paragraphs = []
    for i, (p, kind, label) in enumerate(marks):
        nxt = marks[i + 1][0] if i + 1 < len(marks) else len(body)
        paragraphs.append(Paragraph(kind=kind, label=label, start=start + p, end=start + nxt))
    return tuple(paragraphs)


def _operative_and_annexed(body: str):
    """(operative marks, annexed marks, where the first numbered/lettered mark is) of an act:
    numbered paragraphs are operative unless lettered ones come first (then the numbers after
    them are annexed recommendations); everything after 附件 is annexed."""
    numbered = _sequence(_OPERATIVE_NUMBER, body, lambda i: str(i + 1))
    lettered = _sequence(_LETTER, body, lambda i: chr(ord("a") + i))
    annex = _ANNEX.search(body)
    first_operative = min([p for p, _ in numbered[:1] + lettered[:1]] or [len(body)])
    if lettered and (not numbered or lettered[0][0] < numbered[0][0]):
        operative = [(p, f"({lab})") for p, lab in lettered]
        annexed = [(p, lab + ".") for p, lab in numbered if p > lettered[-1][0]]
    else:
        operative = [(p, lab + ".") for p, lab in numbered]
        annexed = []
    if annex:
        annexed = [(p, lab) for p, lab in operative if p > annex.start()] + annexed
        operative = [(p, lab) for p, lab in operative if p < annex.start()]
        annexed.insert(0, (annex.start(), annex.group()))
    annexed.sort()
    return operative, annexed, first_operative


def _sequence(pattern: re.Pattern, body: str, label_of) -> list[tuple[int, str]]:
    """Positions of markers that count up 1, 2, 3… (or a, b, c…), restarting nowhere."""
    found = []
    for m in pattern.finditer(body):
        expected = label_of(len(found))
        if m.group(1) == expected:
            found.append((m.start(), expected))
        elif m.group(1).endswith(expected) and m.group(1)[0].isdigit():
            # a footnote mark glued in front of the number ("96." for mark 9, paragraph 6)
            found.append((m.start() + len(m.group(1)) - len(expected), expected))
    return found


def _preamble_starts(preamble: str) -> list[int]:
    verbs = preamble_verb_pattern()
    starts = [m.start(1) for m in re.finditer(rf"(?:^|(?<=[,;:]))({_preamble_verb()})", preamble)]
    if not starts:
        return [0] if preamble.strip() else []
    if starts[0] > 0 and not re.search(verbs, preamble[: starts[0]]):
        # text before the first verb is the enacting formula; it opens the first paragraph
        starts[0] = 0 if len(preamble[: starts[0]]) < ENACTING_FORMULA_MAX else starts[0]
    return starts
