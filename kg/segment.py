"""segment: the structure of a report — its session, the acts it adopts, their paragraphs.

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

from .extract.acts import NUMBER, canonical_number
from .gazetteer import bodies, chinese_numeral, preamble_verbs
from .models import ActKey, AdoptedAct, NormalizedText, Paragraph, Session

_CN_NUM = "零〇一二三四五六七八九十百两"
_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"
_SESSION = re.compile(
    _DATE + r"(?:至|-|—)(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:在|于)(\S{1,12}?)举行(?:的|了)"
    r"(?P<between>.{0,40}?)第(?P<ord>[" + _CN_NUM + r"\d]+)届会议"
)
_SYMBOL_LINE = re.compile(r"^\s*([A-Z]{1,8}(?:/[A-Z0-9.]{1,12}){2,6})\s*$", re.M)
_CHAPTER_ONE = re.compile(r"通过了?(?:下列|以下|如下)(?:各项)?(?:决议|决定)(?:和(?:决议|决定))?[:]")
_REPORT_TITLE = re.compile(rf"第(?P<ord>[{_CN_NUM}]+)届会议(?:的)?(?:工作)?报告")
_HEADING = re.compile(rf"(?<=[:。;)」])第?(?P<num>{NUMBER})号(?P<kind>决议|决定)")
_CHAPTER_HEADING = re.compile(rf"(?<![第{_CN_NUM}])(?P<num>[{_CN_NUM}]+)\.(?P<rest>.{{0,60}})")
_OPERATIVE_NUMBER = re.compile(r"(?<=[,;:。)\]])(\d{1,2})\.(?=[^\d])")
_LETTER = re.compile(r"(?<=[,;:。\-])\(([a-z])\)")
_ANNEX = re.compile(rf"(?<=[。;:])附件[{_CN_NUM}]*")
_KIND = {"决议": "resolution", "决定": "decision"}
_ENACTING_FOLLOW = (
    r"(?:[,:]|根据|回顾|在|于|决定|核准|核可|注意到|重申|欢迎|铭记|认识到|确认|强调|考虑到|通过)"
)
_ADVERBS = r"(?:还|又|并|也|进一步|再次|深为|严重|同时)?"


def find_session(nt: NormalizedText, default_body: str | None) -> Session | None:
    text = nt.text[: nt.footnotes_start]
    m = _SESSION.search(text)
    if not m:
        t = _REPORT_TITLE.search(text[:5000])
        if not t:
            return None
        return Session(body=_body_in(text[max(0, t.start() - 60) : t.end()]) or default_body,
                       ordinal=chinese_numeral(t.group("ord")), start_date=None, end_date=None,
                       place_zh=None, symbol=_report_symbol(nt.source.text),
                       start=t.start(), end=t.end())
    y1, m1, d1, y2, m2, d2, place = m.groups()[:7]
    start = f"{int(y1):04d}-{int(m1):02d}-{int(d1):02d}"
    end = f"{int(y2 or y1):04d}-{int(m2 or m1):02d}-{int(d2):02d}"
    window = text[max(0, m.start() - 60) : m.end()]
    body = _body_in(window) or default_body
    return Session(
        body=body,
        ordinal=chinese_numeral(m.group("ord")),
        start_date=start,
        end_date=end,
        place_zh=place,
        symbol=_report_symbol(nt.source.text),
        start=m.start(),
        end=m.end(),
    )


def _body_in(window: str) -> str | None:
    best = None
    for body in bodies().values():
        for alias in body.labels_zh:
            if alias in window and (best is None or len(alias) > len(best[1])):
                best = (body.code, alias)
    return best[0] if best else None


def _report_symbol(original: str) -> str | None:
    """The report's own symbol, printed as a page header on a line of its own."""
    counts = Counter(
        s for s in _SYMBOL_LINE.findall(original) if not re.search(r"/(?:L|CRP|INF)\.?", s)
    )
    return counts.most_common(1)[0][0] if counts else None


def find_adopted_acts(nt: NormalizedText, session: Session | None) -> list[AdoptedAct]:
    text = nt.text[: nt.footnotes_start]
    start_m = _CHAPTER_ONE.search(text)
    if not start_m or session is None or session.ordinal is None:
        return []
    region_start = start_m.start()
    headings = []
    seen = set()
    for m in _HEADING.finditer(text, region_start):
        number = canonical_number(m.group("num"))
        if number.split("/")[0] != str(session.ordinal):
            continue
        key = ActKey(session.body, _KIND[m.group("kind")], number)
        if key in seen:
            continue
        if headings and m.start() - headings[-1][1] < 4:
            continue
        seen.add(key)
        headings.append((key, m.start(), m.end()))
    if not headings:
        return []
    region_end = _chapter_one_end(text, headings[-1][2], start_m)
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
        act = AdoptedAct(key=key, title=title, heading_start=hs, heading_end=he,
                         start=hs, end=end)
        act.paragraphs = _paragraphs(text, title_end, end)
        acts.append(act)
    _adoption_dates(text, region_end, acts, session)
    return acts


_TEXT_SEE = re.compile(rf"案文见[^()]{{0,40}}?第?(?P<num>{NUMBER})号(?P<kind>决议|决定)")
_REPORT_PARAGRAPH = re.compile(r"(?:^|[。)])\d{1,3}\.(?=\D)")
_MEETING_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MEETING = re.compile(r"第(\d{1,3})次(?:全体)?会议")
_DATED_MEETING = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:举行的)?第(\d{1,3})次(?:全体)?会议")


def _within(date: str | None, session: Session) -> bool:
    if not date or not session.start_date or not session.end_date:
        return bool(date)
    return session.start_date <= date <= session.end_date


def _iso(y: str | None, mo: str, d: str, default_year: int | None) -> str | None:
    year = int(y) if y else default_year
    return f"{year:04d}-{int(mo):02d}-{int(d):02d}" if year else None


def _adoption_dates(text: str, after: int, acts: list[AdoptedAct], session: Session) -> None:
    """The date printed where the narrative records the adoption ("在2010年10月22日第10次
    会议上，缔约方会议通过了…（案文见第一章…第5/1号决议）"); "在同一次会议上" keeps the
    previous date. Acts whose adoption is not narrated keep no date."""
    by_key = {(a.key.kind, a.key.number): a for a in acts}
    year = int(session.start_date[:4]) if session.start_date else None
    meeting_dates = {}  # "第11次会议" -> its date, wherever the report prints both
    for mm in _DATED_MEETING.finditer(text):
        date = _iso(mm.group(1), mm.group(2), mm.group(3), year)
        if _within(date, session):
            meeting_dates.setdefault(mm.group(4), date)
    last_date = None
    for m in _TEXT_SEE.finditer(text, after):
        act = by_key.get((_KIND[m.group("kind")], canonical_number(m.group("num"))))
        starts = [p.end() for p in _REPORT_PARAGRAPH.finditer(text, max(after, m.start() - 1500), m.start())]
        window = text[starts[-1] if starts else max(after, m.start() - 600) : m.start()]
        dates = list(_MEETING_DATE.finditer(window))
        meeting = _MEETING.search(window)
        if dates:
            last_date = _iso(*dates[-1].groups(), year)
            if not _within(last_date, session) and meeting and meeting.group(1) in meeting_dates:
                last_date = meeting_dates[meeting.group(1)]  # a misprinted day: trust the meeting
            if not _within(last_date, session):
                last_date = None
        elif meeting and meeting.group(1) in meeting_dates:
            last_date = meeting_dates[meeting.group(1)]
        elif not re.search(r"同一次会议|这次会议|同次会议", window):
            continue
        if act is not None and act.date is None and last_date:
            act.date = last_date


def _chapter_one_end(text: str, after: int, start_m: re.Match) -> int:
    """Chapter II: the "二." heading that does not continue a numbering begun inside an act
    (annexes have their own 一., 二., …), preferably followed by the next report paragraph."""
    intro = re.findall(r"(?:^|[。:.])(\d{1,2})\.(?=\S{0,80}通过了?(?:下列|以下|如下))", text[:after])
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
    entries = list(re.finditer(rf"(?:第?(?P<num>{NUMBER})号(?P<kind>决议|决定)|(?<![\d/])(?P<bare>\d{{1,2}}/\d{{1,3}}))\.", toc))
    titles: dict[tuple[str, str], str] = {}
    block_kind = None
    for i, m in enumerate(entries):
        nxt = entries[i + 1].start() if i + 1 < len(entries) else len(toc)
        title = re.split(r"\d+(?=\s|$|第|\d{1,2}/)|\.{3,}", toc[m.end():nxt])[0].strip()
        kind = m.group("kind")
        if kind:
            block_kind = _KIND[kind]
        else:
            before = toc[max(0, m.start() - 8) : m.start()]
            if "决议" in before:
                block_kind = "resolution"
            elif "决定" in before:
                block_kind = "decision"
        number = canonical_number(m.group("num") or m.group("bare"))
        if block_kind:
            titles.setdefault((block_kind, number), title)
    return titles


def _enacting_pattern(body_code: str) -> re.Pattern:
    body = bodies().get(body_code)
    aliases = sorted(body.labels_zh, key=len, reverse=True) if body else []
    names = "|".join(map(re.escape, aliases)) or "缔约方会议"
    # the body's name, then a comma or a verb: "…缔约方会议，" / "…缔约方会议根据…"
    return re.compile(rf"(?:{names})(?={_ENACTING_FOLLOW})")


def _title_end(text: str, start: int, end: int, body_code: str) -> int:
    limit = min(end, start + 300)
    segment = text[start:limit]
    candidates = [len(segment)]
    em = _enacting_pattern(body_code).search(segment)
    if em:
        candidates.append(em.start())
    pm = re.search(_ADVERBS + "(?:" + "|".join(map(re.escape, preamble_verbs())) + ")", segment)
    if pm and pm.start() > 0:
        candidates.append(pm.start())
    om = re.search(r"(?:^|[^\d])1\.(?=[^\d])|\(a\)", segment)
    if om:
        candidates.append(om.start() + (0 if segment[om.start()] == "(" or om.start() == 0 else 1))
    return start + min(candidates)


def _paragraphs(text: str, start: int, end: int) -> list[Paragraph]:
    """Preambular, operative and annexed paragraphs of one act."""
    body = text[start:end]
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
    return paragraphs


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
    verbs = "|".join(map(re.escape, preamble_verbs()))
    starts = [m.start(1) for m in re.finditer(rf"(?:^|(?<=[,;:]))({_ADVERBS}(?:{verbs}))", preamble)]
    if not starts:
        return [0] if preamble.strip() else []
    if starts[0] > 0 and not re.search(verbs, preamble[: starts[0]]):
        # text before the first verb is the enacting formula; it opens the first paragraph
        starts[0] = 0 if len(preamble[: starts[0]]) < 60 else starts[0]
    return starts
