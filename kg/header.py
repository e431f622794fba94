"""header: what a document says about itself — its kind, whose text it is, the acts it carries.

Read from the text only (never the file name), by the conventions of UN documents:

| kind | what marks it |
|---|---|
| ``record`` | 简要记录 / 逐字记录 in its heading |
| ``working-group-report`` | a working or expert group's meeting report that adopts recommendations (…工作组…会议的报告, 通过了下列建议) |
| ``session-report`` | a session sentence or a report title of a body's session (…第五届会议的报告), with or without adopted acts |
| ``resolution`` / ``decision`` | an adoption line (2023年7月25日经济及社会理事会决议), the Security Council's 安全理事会第7000次会议通过, a symbol A/RES/69/194, E/RES/2023/15, S/RES/2133 (2014), "[根据…的建议通过]", a draft's heading (…提出的决议草案), an enacting formula (经济及社会理事会，) opening the text, or a text made of numbered operative paragraphs |
| ``secretariat-note`` | 秘书长的报告 / 说明, 秘书处编写的, 执行主任的报告 … in its heading, or an agenda item and a summary (议程项目15 … 摘要): a report issued for a body's session |
| ``letter`` | …的信, 普通照会 in its heading |
| ``other`` | anything else (a working paper, a proposal, a treaty) |

The acting body (whose 其 and bare numbers these are) is the body of the adoption line, of the
enacting formula, of the session, of the symbol's series, or the body named in the heading
(联合国儿童基金会执行局); an ECOSOC session heading (2023年届会) makes an undecided document the
Council's. It stays None when the text does not say: never a default body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (body_alias_index, body_alias_pattern, body_generic_index, body_of_name,
                      preamble_verb_pattern)
from .models import NormalizedText
from .patterns import ACT_KIND, ACT_NUMBER, DATE, iso_date, read_act_numbers

KINDS = ("session-report", "resolution", "decision", "working-group-report", "secretariat-note",
         "letter", "record", "other")
HEADING_SPAN = 320  # a document's heading (masthead, session, agenda item, title) ends by here
FORMULA_SPAN = 1200  # an enacting formula this close to the start opens a standalone act
SYMBOL_SPAN = 600  # a document's own symbol is printed in its first lines
TITLE_MAX = 200  # a title between the adoption line and the enacting formula is at most this
PART_SPAN = 120  # a part letter ("A") is followed by its title and its enacting formula

_RECORD = re.compile(r"简要记录|逐字记录")
_WORKING_GROUP_REPORT = re.compile(r"(?:工作组|专家组)[^。]{0,60}?会议(?:的)?报告")
_RECOMMENDATIONS_ADOPTED = re.compile(r"通过了?(?:下列|以下|如下)建议")
_SESSION_REPORT = re.compile(r"第[零〇一二三四五六七八九十百\d]+届会议(?:的)?(?:工作)?报告")
_SECRETARIAT = re.compile(r"""
    秘书长的(?:报告|说明)|秘书处的(?:报告|说明)|秘书处编写的|执行主任的(?:年度)?报告
  | 高级专员的报告|总干事的报告|秘书长的年度报告|秘书长关于[^。]{1,60}的报告
""", re.X)
_LETTER = re.compile(r"的信|普通照会|的函(?![数])")
# a report issued under an agenda item opens with its summary: "议程项目15 … 摘要"
_AGENDA_ITEM = re.compile(r"(?:临时)?议程\*?\s?项目|议程项目")
_SUMMARY = re.compile(r"摘要")
_ADOPTED_BRACKET = re.compile(r"\[(?:根据|未经)[^\[\]]{0,80}通过\]")
_DRAFT_HEADING = re.compile(r"(?P<kind>决议|决定)草案")
_SC_ADOPTION = re.compile(rf"{DATE}(?:联合国)?(?:安全理事会|安理会)第\d+次会议(?:上)?通过")
_HEADING_NUMBER = re.compile(rf"(?<![\d/.A-Za-z])(?:第(?P<num1>{ACT_NUMBER})号(?P<kind>决议|决定)"
                             rf"|(?P<num2>\d{{2,4}}/\d{{1,4}})\.)")
_RES_SYMBOL = re.compile(r"\b(?P<series>[AES])/RES/(?P<num>(?:ES-|S-)?\d{1,4}/\d{1,4}|\d{1,4}\s?\(\d{4}\))")
_SYMBOL_SERIES = {"A": "GA", "E": "ECOSOC", "S": "SC"}
_ECOSOC_SESSION = re.compile(r"(?<!\d)\d{4}年届会")  # "2023年届会": ECOSOC names its sessions by year
_OPERATIVE_START = re.compile(r"^\s*1\.\s?\S")
_NUMBERED = re.compile(r"(?:^|[;。])\s?(\d{1,2})\.(?=\D)")
MIN_FRAGMENT_PARAGRAPHS = 3  # a text of at least this many numbered paragraphs 1., 2., 3.…


@dataclass(frozen=True)
class OwnAct:
    """An act the document carries as its own text, as its heading prints it."""

    body: str | None
    kind: str  # "resolution" | "decision"
    number: str  # canonical number, "" when not printed
    date: str | None
    title: str | None
    heading_start: int  # the heading (number and title, or the adoption line)
    heading_end: int
    start: int  # where its text starts (the enacting formula, or its first paragraph)
    text_start: int  # where its paragraphs start (after the enacting formula's name and comma)
    draft: bool = False  # a draft put forward (…提出的决议草案), not an adopted act


@dataclass(frozen=True)
class Header:
    kind: str
    acting_body: str | None
    acts: tuple[OwnAct, ...] = ()


@lru_cache(maxsize=None)
def _formula_pattern() -> re.Pattern:
    return re.compile(rf"""
        ({body_alias_pattern().pattern})        # the body's name,
        (?P<comma>[,:])?                        # a comma (or a line break: see below),
        (?=(?:还|又|并|特别|深为|深切)?(?:{preamble_verb_pattern()})   # then its first verb,
           |1\.|\(a\)|建议)                     # its first operative paragraph or item, or 建议
    """, re.X)


def enacting_formulas(nt: NormalizedText, start: int = 0, end: int | None = None):
    """'大会，重申…', '经济及社会理事会，回顾…', '经济及社会理事会⏎建议大会…': (start, end, name)
    of each enacting formula: the body's name followed by a comma or standing at the start of a
    line of the source, then its first verb."""
    text = nt.text
    end = len(text) if end is None else end
    for m in _formula_pattern().finditer(text, start, end):
        if m.group("comma") or (m.start() and nt.line_starts(m.start(), m.start() + 1)):
            yield m.start(1), m.end(1), m.group(1)


@lru_cache(maxsize=None)
def _adoption_line() -> re.Pattern:
    """"2023年7月25日经济及社会理事会决议": the date and body of a standalone act."""
    return re.compile(rf"{DATE}(?P<body>{body_alias_pattern().pattern})(?P<kind>决议|决定)")


def read_header(nt: NormalizedText, session_found: bool, adopted_acts: bool) -> Header:
    """The document's kind and acting body, and the acts it carries when it is a resolution."""
    text = nt.text[: nt.footnotes_start]
    heading = text[:HEADING_SPAN]
    if _RECORD.search(heading):
        return Header("record", _named_body(nt))
    if _WORKING_GROUP_REPORT.search(text[:HEADING_SPAN * 2]) and _RECOMMENDATIONS_ADOPTED.search(text):
        return Header("working-group-report", _named_body(nt))
    if adopted_acts:
        return Header("session-report", None)
    # a report or note of the Secretariat issued for a session names the session in its header
    # ("预防犯罪和刑事司法委员会⏎第三十二届会议⏎…临时议程*项目6"): its title line decides
    secretariat = _SECRETARIAT.search(heading)
    if session_found and not secretariat and _SESSION_REPORT.search(text[:HEADING_SPAN * 2]):
        return Header("session-report", None)
    standalone = _standalone(nt, text)
    if standalone is not None:
        return standalone
    body = _named_body(nt)
    if secretariat:
        return Header("secretariat-note", body)
    if _LETTER.search(heading):
        return Header("letter", body)
    if _AGENDA_ITEM.search(heading) and _SUMMARY.search(heading):
        return Header("secretariat-note", body)
    return Header("other", body)


def _named_body(nt: NormalizedText) -> str | None:
    """The body whose session the heading names ("预防犯罪和刑事司法委员会⏎第三十二届会议": a
    document issued for that session, under the masthead of the organ it reports to; "缔约方会议
    第八届会议通过了…"), else the body named on a line of its own in the heading (a masthead:
    "联合国儿童基金会⏎执行局"), else the Economic and Social Council when the heading is one of
    its sessions (2023年届会)."""
    heading = nt.text[:HEADING_SPAN]
    for m in _session_of().finditer(heading):
        code = body_alias_index().get(m.group(1)) or _only_claimant(m.group(1))
        if code:
            return code
    lines = set(nt.line_starts(0, HEADING_SPAN + 1)) | {0}
    for m in body_alias_pattern().finditer(heading):
        code = body_alias_index().get(m.group())
        if code and m.start() in lines and m.end() in lines:
            return code
    return "ECOSOC" if _ECOSOC_SESSION.search(heading) else None


@lru_cache(maxsize=None)
def _session_of() -> re.Pattern:
    return re.compile(rf"({body_alias_pattern().pattern})第[零〇一二三四五六七八九十百\d]+届会议")


def _only_claimant(generic: str) -> str | None:
    claimants = body_generic_index().get(generic, ())
    return claimants[0] if len(claimants) == 1 else None


def _standalone(nt: NormalizedText, text: str) -> Header | None:
    """A resolution or decision standing alone (or several, in parts), or None."""
    symbol = _RES_SYMBOL.search(nt.source.text[:SYMBOL_SPAN])
    formula = next(enacting_formulas(nt, 0, FORMULA_SPAN), None)
    adoption = _adoption_line().search(text, 0, FORMULA_SPAN)
    sc = _SC_ADOPTION.search(text, 0, FORMULA_SPAN)
    before = text[: formula[0]] if formula else text[:HEADING_SPAN]
    draft = _DRAFT_HEADING.search(before)
    signals = symbol or adoption or sc or _ADOPTED_BRACKET.search(before) or draft
    if formula is not None and (signals or not (_SECRETARIAT.search(before) or _LETTER.search(before))):
        return _resolution(nt, symbol, formula, adoption, sc, draft)
    if signals is None and _is_operative_fragment(text):
        return Header("resolution", None, (OwnAct(None, "resolution", "", None, None, 0, 0, 0, 0),))
    return None


def _resolution(nt, symbol, formula, adoption, sc, draft) -> Header:
    text = nt.text
    f_start, f_end, name = formula
    body = (adoption and body_of_name(adoption.group("body"), None)) or ("SC" if sc else None)
    if body is None and symbol is not None:
        body = _SYMBOL_SERIES[symbol.group("series")]
    body = body or body_of_name(name, None)
    kind = ACT_KIND[adoption.group("kind")] if adoption else (
        ACT_KIND[draft.group("kind")] if draft else "resolution")
    date = iso_date(*(adoption or sc).groups()[:3]) if (adoption or sc) else None
    heading = _HEADING_NUMBER.search(text, 0, f_start)
    number = ""
    if heading is not None:
        numbers = read_act_numbers(heading.group("num1") or heading.group("num2"))
        number = numbers[0].text if numbers else ""
        kind = ACT_KIND[heading.group("kind")] if heading.group("kind") else kind
    elif symbol is not None:
        numbers = read_act_numbers(symbol.group("num"))
        number = numbers[0].text if numbers else ""
    head_start, head_end = (heading.start(), heading.end()) if heading else (
        (adoption or sc or draft).span() if (adoption or sc or draft) else (f_start, f_start))
    parts = _parts(nt, heading.end() if heading else head_end, name)
    if parts and number:
        acts = tuple(OwnAct(body, kind, f"{number} {letter}", date, title, s, e, start, text_start)
                     for letter, title, s, e, start, text_start in parts)
        return Header(kind, body, acts)
    title = _title(text, head_end, f_start)
    return Header(kind, body, (OwnAct(body, kind, number, date, title, head_start, head_end, f_start,
                                      _after_comma(text, f_end), draft=bool(draft) and not adoption),))


def _title(text: str, after: int, formula_start: int) -> str | None:
    """The title: the text between the heading (and the "[…通过]" line) and the enacting formula."""
    piece = text[after:formula_start]
    bracket = None
    for bracket in _ADOPTED_BRACKET.finditer(piece):
        pass
    if bracket is not None:
        piece = piece[bracket.end():]
    piece = piece.strip(" .:")
    return piece if 0 < len(piece) <= TITLE_MAX else None


_PART = re.compile(r"(?<=[\u4e00-\u9fff)\].。])(?P<letter>[A-L])(?=[\u4e00-\u9fff])")


def _after_comma(text: str, pos: int) -> int:
    return pos + 1 if text[pos:pos + 1] in (",", ":") else pos


def _parts(nt: NormalizedText, after: int, name: str) -> list[tuple[str, str, int, int, int, int]]:
    """The lettered parts A, B, … of a resolution, each with its title and enacting formula:
    (letter, title, heading start, heading end, text start, paragraphs start)."""
    text, parts = nt.text, []
    expected = "A"
    for m in _PART.finditer(text, after):
        if m.group("letter") != expected:
            continue
        formula = next(enacting_formulas(nt, m.end(), m.end() + PART_SPAN), None)
        if formula is None or formula[2] != name:
            continue
        parts.append((expected, text[m.end():formula[0]], m.start(), formula[0], formula[0],
                      _after_comma(text, formula[1])))
        expected = chr(ord(expected) + 1)
    return parts if len(parts) >= 2 else []


def _is_operative_fragment(text: str) -> bool:
    """A text that opens with operative paragraph 1. and counts on (1., 2., 3. …): the operative
    part of a resolution whose heading is not in the file."""
    if not _OPERATIVE_START.match(text):
        return False
    expected = 1
    for m in _NUMBERED.finditer(text):
        if int(m.group(1)) == expected:
            expected += 1
    return expected > MIN_FRAGMENT_PARAGRAPHS
