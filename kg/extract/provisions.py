"""extract.provisions: articles (paragraphs, subparagraphs) of treaties and rules cited in a report.

Forms (normalized text): 《公约》第32条第3(d)款和第4款 (two provisions), 议定书第9条第5款,
《偷运移民议定书》第18条, 本公约第16条, 公约第30条第2(c)款, 第30条第(2)(c)款,
第30条第2款(c)项, 第 2 条(b)项, 议事规则第22条, lists 第12、13、16和18条 / 第7、第8和第10条,
ranges 第14至17条 / 第32条第3至第5款, Chinese numerals 第四条. Paragraphs of documents
(第2-4段, 第9、12和13段) are not provisions and never match.

The instrument is the nearest one named before the article in the same sentence (a title in
《》 from kg/data/instruments.tsv, matched exactly or by its key words; 本公约, 公约; 议事规则);
该议定书 / 议定书 / 《议定书》 is the protocol under discussion (the nearest protocol named
before, inside the same act or section), 这两项议定书 the two nearest, 各项议定书 all the
Protocols; 该公约 the nearest convention. A title not in the gazetteer (《供应商行为守则》) makes
its articles unknown: they are skipped. A bare 第N条 with no instrument in its sentence is read
as an article of the Convention of the reporting Conference (UNTOC in a UNTOC COP report), and
the fact carries a ``warning`` saying so. Which convention that is, the document says
(``Document.instrument``, decided by segment from the acting body).

Rules of procedure (议事规则, 暂行议事规则) are a body's: the one named right before them
(大会议事规则, 缔约国会议议事规则), else the acting body (依照其议事规则); instruments.tsv says
whose rules each set is, and a body whose rules it does not list gets no guess. "第六十三条,特别是
其中第七款" cites the article and, in particular, its paragraph 7: two provisions.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..facts import ProvisionCitation
from ..lexicon import body_alias_pattern, body_of_name, instruments, rules_of_procedure
from ..models import AdoptedAct, Document
from ..patterns import CN_COUNT_CHARS, chinese_numeral

SENTENCE_LOOKBACK = 3000  # outside an act, a protocol named this far back is "the protocol"
ADJACENT = 3  # an instrument named this close before 第N条 is written together with it
RULES_OWNER_LOOKBACK = 40  # "大会议事规则": the body whose rules they are is named right before
AUTHORITY_LOOKBACK = 4  # "根据" just before the provision: cited as authority
MAX_RANGE = 30  # 第14至17条: ranges longer than this are misreadings


@lru_cache(maxsize=None)
def _exact_names() -> dict[str, str]:
    return {name: i.id for i in instruments().values() for name in i.names_zh}


def classify_title(title: str) -> str | None:
    """Instrument id of a title written in 《》 (exact name, else its key words), or None."""
    iid = _exact_names().get(title)
    if iid:
        return iid
    inner = title.strip("《》")
    for ins in instruments().values():
        for words in ins.keywords:
            if all(w in inner for w in words):
                return ins.id
    return None


# Anaphors and bare names; a title in 《》 first (so its inner words are not rescanned).
_INSTRUMENT = re.compile(r"""
    (?=[《联缔议暂这两各该本公])           # first characters of the alternatives: a fast reject
    (?:(?P<title>《[^《》]{1,120}》)        # a title: 《偷运移民议定书》
      | (?P<rules>(?:暂行)?议事规则)         # rules of procedure (whose: read before them)
      | (?P<these>这两项议定书|两项议定书)  # "these two Protocols"
      | (?P<all>各项议定书|各项补充议定书)  # "the Protocols"
      | (?P<protocol>该议定书|本议定书|议定书)   # "the (said) Protocol"
      | (?P<thatconv>该公约)                # "the said Convention"
      | (?P<conv>联合国打击跨国有组织犯罪公约|本公约|公约)(?!缔约|》)   # "the Convention"
    )
""", re.X)
_INSTRUMENT_ENDINGS = ("公约》", "议定书》", "规则》", "宪章》", "守则》", "准则》", "协定》", "条约》",
                       "法》", "法典》", "规约》", "盟约》")
_OWN_RULES = "其"  # "依照其议事规则": the acting body's


@lru_cache(maxsize=None)
def _rules_owner_re() -> re.Pattern:
    """The body named right before 议事规则 ("缔约国会议议事规则", "大会的议事规则")."""
    return re.compile(rf"(?:{body_alias_pattern().pattern})(?=的?$)")

_NUM = rf"(?:\d{{1,3}}|[{CN_COUNT_CHARS}百]{{1,4}})"  # 32, 三十二 (no 零: 第一百零三条 is not read)
_SEP = r"(?:、|和|及|至|-|,)"
_PARA_NUM = rf"(?:\d{{1,2}}|[{CN_COUNT_CHARS}]{{1,3}})"  # 7, 七
_PARA_ITEM = rf"\(?{_PARA_NUM}\)?(?:\([a-z]\))?"
_PARAS = rf"第{_PARA_ITEM}(?:(?:、|和|及|至|-)第?{_PARA_ITEM})*款(?:\([a-z]\)项)?"
# 条 is optional in the pattern and required in code (``read``): a list of numbers that never
# reaches 条 ("第1、第1、…") is then consumed in one match instead of being retried from each of
# its items, which kept the scan linear in the text (issue 12).
ARTICLE = re.compile(rf"""
    第(?P<arts>{_NUM}(?:{_SEP}第?{_NUM})*)(?P<article>条)?    # 第32条, 第12、13和18条, 第14至17条
    (?(article)                                            # only after 条:
      (?:(?P<paras>{_PARAS}(?:(?:和|及|、){_PARAS})*)        #   第3(d)款和第4款
       | \((?P<sub>[a-z])\)(?:项|款))?)                       #   (b)项
""", re.X)
_ART_SPLIT = re.compile(rf"({_NUM})(?:\s*(至|-)\s*第?({_NUM}))?")
_PARA_SEG = re.compile(r"第([^款]*)款(?:\(([a-z])\)项)?")
_PARA_ONE = re.compile(rf"\(?({_PARA_NUM})\)?(?:\(([a-z])\))?(?:(至|-)第?\(?({_PARA_NUM})\)?)?")
# "第六十三条,特别是其中第七款": the article, and in particular some of its paragraphs
_IN_PARTICULAR = re.compile(rf",?(?:特别是|尤其是)(?:其中|其)?(?P<paras>{_PARAS}(?:(?:和|及|、){_PARAS})*)")
_AUTHORITY = re.compile(r"(?:根据|依照|按照|依据|依循)(?:其|本)?$")


def extract(doc: Document) -> list[ProvisionCitation]:
    reader = _ProvisionReader(doc)
    facts = [fact for m in ARTICLE.finditer(doc.normalized.text) for fact in reader.read(m)]
    if reader.unnamed:  # one warning for them all (a treaty's own text has hundreds)
        shown = ", ".join(reader.unnamed[:UNNAMED_SHOWN])
        more = len(reader.unnamed) - UNNAMED_SHOWN
        doc.warnings.append(f"{doc.source.name}: {len(reader.unnamed)} article(s) with no instrument "
                            f"named, skipped: {shown}" + (f" and {more} more" if more > 0 else ""))
    return facts


UNNAMED_SHOWN = 5  # articles named in the warning about those with no instrument


class _ProvisionReader:
    """Reads each 第N条 with the instrument named before it in its sentence."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.normalized.text
        self.found = _instrument_mentions(self.text, doc.acting_body)
        self.starts = [m[0] for m in self.found]
        self.act_starts = [a.start for a in doc.acts]
        self.unnamed: list[str] = []  # "第N条 at OFFSET" of the articles with no instrument

    def read(self, m: re.Match) -> list[ProvisionCitation]:
        if not m.group("article"):
            return []  # numbers that are no article (第1、第2段 …)
        articles = _articles(m.group("arts"))
        if not articles:
            return []
        act = _citing_act(self.doc, self.act_starts, m.start())
        target = self.targets(m, act)
        if target is None:
            return []
        targets, span_start, warning = target
        before = self.text[max(0, span_start - AUTHORITY_LOOKBACK):span_start]
        relation = "citesAsAuthority" if _AUTHORITY.search(before) else "cites"
        paras = _paragraphs(m.group("paras"), m.group("sub"))
        end = m.end()
        particular = None if m.group("paras") or m.group("sub") else _IN_PARTICULAR.match(self.text, end)
        if particular:  # the article itself, then the paragraphs singled out
            paras = [(None, None), *_paragraphs(particular.group("paras"), None)]
            end = particular.end()
        return [ProvisionCitation(iid, art, para, sub, act.key if act else None, span_start, end,
                                  relation, warning)
                for iid in targets
                for n, art in enumerate(articles)
                for para, sub in (paras if n == len(articles) - 1 else [(None, None)])]

    def instrument_before(self, m: re.Match, act: AdoptedAct | None) -> int | None:
        """Index in ``found`` of the instrument named before the article in its sentence."""
        text, found = self.text, self.found
        sentence_start = max(text.rfind("。", 0, m.start()) + 1, act.heading_end if act else 0)
        i = bisect_right(self.starts, m.start()) - 1
        # an unknown title (a report's, a book's) is the article's only right before it
        while i >= 0 and found[i][2] == "unknown" and m.start() - found[i][1] > ADJACENT:
            i -= 1
        if i >= 0 and found[i][0] >= sentence_start and found[i][1] <= m.start():
            return i
        return None

    def targets(self, m: re.Match, act: AdoptedAct | None):
        """(instrument ids, where the citation's span starts, warning) or None (skipped)."""
        doc, text = self.doc, self.text
        # "the Convention" of a Conference's own report is its Convention; elsewhere it is the
        # convention last named in full, and a bare article with no instrument is not guessed
        default = doc.instrument
        i = self.instrument_before(m, act)
        if i is None:
            if default:
                return [default], m.start(), f"no instrument named in the sentence; read as {default}"
            self.unnamed.append(f"{text[m.start():m.end()]} at {doc.source_span(m.start(), m.end())[0]}")
            return None
        s, e, kind, iid = self.found[i]
        scope_start = act.start if act else max(0, m.start() - SENTENCE_LOOKBACK)
        if kind == "conv":
            targets = [default] if default else _resolve("thatconv", None, self.found, i, scope_start)
        else:
            targets = _resolve(kind, iid, self.found, i, scope_start)
        if not targets:
            doc.warnings.append(f"{doc.source.name}: {text[s:m.end()]} at {doc.source_span(s, e)[0]}: "
                                "instrument not in kg/data/instruments.tsv (skipped)")
            return None
        return targets, (s if m.start() - e <= ADJACENT else m.start()), None


def _rules(text: str, pos: int, acting_body: str | None) -> tuple[int, str | None]:
    """(start of the name, instrument id) of the rules of procedure named at ``pos``: the rules
    of the body named right before (大会议事规则, 缔约国会议议事规则), else of the acting body
    (议事规则, 其议事规则); None when that body's rules are not in instruments.tsv."""
    owner = _rules_owner_re().search(text, max(0, pos - RULES_OWNER_LOOKBACK), pos)
    if owner is None:
        start = pos - 1 if text[pos - 1:pos] == _OWN_RULES else pos
        return start, rules_of_procedure().get(acting_body or "")
    code = body_of_name(owner.group(), acting_body)
    return owner.start(), rules_of_procedure().get(code or "")


def _instrument_mentions(text: str, acting_body: str | None) -> list[tuple[int, int, str, str | None]]:
    """(start, end, kind, instrument id or None) of every instrument name and anaphor."""
    out = []
    for m in _INSTRUMENT.finditer(text):
        kind = m.lastgroup
        if kind == "title":
            title = m.group()
            if title == "《议定书》":
                out.append((m.start(), m.end(), "protocol", None))
                continue
            if title in ("《公约》", "《本公约》"):
                out.append((m.start(), m.end(), "conv", None))  # "the Convention"
                continue
            iid = classify_title(title)
            # an unknown title is an instrument if it is named like one, else (a report or
            # book title) only when the article follows it directly
            kind = "named" if iid or title.endswith(_INSTRUMENT_ENDINGS) else "unknown"
        elif kind == "rules":
            start, iid = _rules(text, m.start(), acting_body)
            out.append((start, m.end(), "named", iid))
            continue
        elif kind == "conv":
            iid = None  # "the Convention": resolved per document in extract()
        else:
            iid = None
        out.append((m.start(), m.end(), kind, iid))
    return out


def _resolve(kind: str, iid: str | None, found, i: int, scope_start: int) -> list[str]:
    if kind in ("named", "unknown"):
        return [iid] if iid else []
    if kind == "all":
        return [k for k, ins in instruments().items() if ins.type == "protocol"]
    want = "convention" if kind == "thatconv" else "protocol"
    need = 2 if kind == "these" else 1
    got: list[str] = []
    for s, _e, k, prev in reversed(found[:i]):
        if s < scope_start:
            break
        if k == "named" and prev and instruments()[prev].type == want and prev not in got:
            got.append(prev)
            if len(got) == need:
                break
    return got


def _citing_act(doc: Document, act_starts: list[int], pos: int):
    nt = doc.normalized
    if pos >= nt.footnotes_start:
        number = next((n for n, s, e in nt.footnote_texts if s <= pos < e), None)
        marks = [mark for n, mark in nt.footnote_marks if n == number]
        pos = marks[0] if marks else -1
        if pos < 0:
            return None
    j = bisect_right(act_starts, pos) - 1
    if j >= 0 and doc.acts[j].start <= pos < doc.acts[j].end and pos >= doc.acts[j].heading_end:
        return doc.acts[j]
    return None


def _number(raw: str) -> int | None:
    return chinese_numeral(raw.strip())


def _articles(raw: str) -> list[str]:
    out: list[str] = []
    for m in _ART_SPLIT.finditer(raw):
        a = _number(m.group(1))
        if a is None:
            continue
        if m.group(3):
            b = _number(m.group(3))
            if b is not None and a < b <= a + MAX_RANGE:
                out += [str(x) for x in range(a, b + 1)]
                continue
        out.append(str(a))
    return list(dict.fromkeys(out))


def _paragraphs(raw: str | None, sub: str | None) -> list[tuple[str | None, str | None]]:
    if not raw:
        return [(None, sub)]
    out: list[tuple[str | None, str | None]] = []
    for seg in _PARA_SEG.finditer(raw):
        items: list[tuple[str, str | None]] = []
        for m in _PARA_ONE.finditer(seg.group(1)):
            a = _number(m.group(1))
            if a is None:
                continue
            if m.group(4):
                b = _number(m.group(4))
                if b is not None and a < b <= a + MAX_RANGE:
                    items += [(str(x), None) for x in range(a, b + 1)]
                    continue
            items.append((str(a), m.group(2)))
        if items and seg.group(2):
            items[-1] = (items[-1][0], seg.group(2))
        out += items
    return list(dict.fromkeys(out)) or [(None, sub)]
