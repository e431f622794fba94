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
from collections import Counter
from dataclasses import replace

from .header import OwnAct, enacting_formulas, read_header
from .lexicon import bodies, body_generic_index, body_of_name, preamble_verb_pattern, word_pattern
from .models import ActKey, AdoptedAct, Document, NormalizedText, Paragraph, Session
from .patterns import (ACT_KIND, ACT_NUMBER, CN_NUMERAL_CHARS, DATE, canonical_number,
                       chinese_numeral, iso_date)

BODY_NAME_LOOKBACK = 60  # the body's name stands this close before the session sentence
REPORT_TITLE_SPAN = 5000  # a report's own title is printed near its beginning
MIN_HEADING_GAP = 4  # two act headings closer than this are one heading printed twice
TITLE_MAX_LENGTH = 300  # an act's title ends within this many characters of its heading
ADOPTION_PARAGRAPH_LOOKBACK = 1500  # the narrative of an adoption starts within this window …
ADOPTION_FALLBACK_LOOKBACK = 600  # … or, when no report paragraph number is found, this one
TOC_KIND_LOOKBACK = 8  # "决议" / "决定" just before a bare number in the table of contents
ENACTING_FORMULA_MAX = 60  # text before the first preambular verb shorter than this opens it

_SESSION = re.compile(rf"""
    {DATE}                                        # the first day: 2010年10月18日
    (?:至|-|—)                                    # to
    (?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日  # the last day (year, month when they differ)
    (?:在|于)(\S{{1,12}}?)举行(?:的|了)             # held in <place>
    (?P<between>.{{0,40}}?)                        # the body's name and the like
    第(?P<ord>[{CN_NUMERAL_CHARS}\d]+)届会议          # the ordinal of the session
""", re.X)
# a report symbol printed as a page header, on a line of its own
_SYMBOL_LINE = re.compile(r"^\s*([A-Z]{1,8}(?:/[A-Z0-9.]{1,12}){2,6})\s*$", re.M)
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
_TEXT_SEE = re.compile(rf"案文见[^()]{{0,40}}?第?(?P<num>{ACT_NUMBER})号(?P<kind>决议|决定)")
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
    text = nt.text[: nt.footnotes_start]
    m = _SESSION.search(text)
    if not m:
        return _session_from_title(nt, text)
    y1, m1, d1, y2, m2, d2, place = m.groups()[:7]
    window = text[max(0, m.start() - BODY_NAME_LOOKBACK) : m.end()]
    return Session(
        body=_body_in(window),
        ordinal=chinese_numeral(m.group("ord")),
        start_date=iso_date(y1, m1, d1),
        end_date=iso_date(y2 or y1, m2 or m1, d2),
        place_zh=place,
        symbol=_report_symbol(nt.source.text),
        start=m.start(),
        end=m.end(),
    )


def _session_from_title(nt: NormalizedText, text: str) -> Session | None:
    """No session sentence: the report's title ("…第五届会议报告") still says which session."""
    t = _REPORT_TITLE.search(text[:REPORT_TITLE_SPAN])
    if not t:
        return None
    window = text[max(0, t.start() - BODY_NAME_LOOKBACK) : t.end()]
    return Session(body=_body_in(window),
                   ordinal=chinese_numeral(t.group("ord")), start_date=None, end_date=None,
                   place_zh=None, symbol=_report_symbol(nt.source.text),
                   start=t.start(), end=t.end())


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
    start_m = _CHAPTER_ONE.search(text)
    if not start_m or session is None or session.ordinal is None or session.body is None:
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
                               end=end, paragraphs=_paragraphs(text, title_end, end)))
    dates = _adoption_dates(text, region_end, acts, session)
    return [replace(a, date=dates[a.key]) if a.key in dates else a for a in acts]


# --- standalone resolutions and decisions ----------------------------------------------------
DRAFT_TITLE_MAX = 120  # a draft's title stands between "…决议草案：" and its enacting formula
_DRAFT_KIND = re.compile(r"(?P<kind>决议|决定)草案[^。]{0,40}$")
# the closing line of an adopted text: "2023年6月23日⏎第35次全体会议" or "第41次全体会议⏎2024年7月23日"
_MEETING_LINE = re.compile(rf"(?:{DATE})?第\d{{1,4}}次全体会议")


def standalone_acts(nt: NormalizedText, header) -> list[AdoptedAct]:
    """The acts a resolution or decision carries: itself (or its lettered parts), each with its
    preambular and operative paragraphs, and the drafts it recommends to other bodies."""
    text, end = nt.text, nt.footnotes_start
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
    paragraphs = _paragraphs(text, start, stop)
    if any(p.kind == "operative" for p in paragraphs):
        return paragraphs
    return _paragraphs_by_line(nt, start, stop) or paragraphs


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
    by_key = {(a.key.kind, a.key.number): a for a in acts}
    year = int(session.start_date[:4]) if session.start_date else None
    meeting_dates = _meeting_dates(text, session, year)
    dates: dict[ActKey, str] = {}
    last_date = None
    for m in _TEXT_SEE.finditer(text, after):
        act = by_key.get((ACT_KIND[m.group("kind")], canonical_number(m.group("num"))))
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
