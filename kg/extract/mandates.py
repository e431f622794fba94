"""Mandates: an adopted act asks an addressee to do something (请秘书处…, 促请缔约国…).

For every operative paragraph (numbered or lettered) and annexed recommendation paragraph of
an adopted act, each clause opening with a mandate verb (kg/data/mandate_verbs.tsv, with its
modifiers 还/又/并/进一步 …) gives one Mandate per addressee: the addressee normalized through
kg/data/addressees.tsv, or a working group found by kg/extract/working_groups.py (matched by
position, anaphors included), or else the written noun phrase; the requested action runs from
the addressee to the end of the clause (; 。 or the next mandate verb). 决定 counts only when
it directs someone (决定 X 应…).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..models import ActKey, Document, EntityMention

KIND = "mandates"
REQUIRES = ("working_groups",)


@dataclass
class Mandate:
    act: ActKey
    index: int  # order within the act (identity of the mandate node)
    paragraph: str  # "3", "(c)"
    paragraph_kind: str  # "operative" | "annex"
    verb_key: str
    verb_zh: str
    addressee_key: str  # addressees.tsv key, "body:<body key>" or "other"
    addressee_zh: str  # as written
    addressee_en: str
    action: str
    start: int  # the verb
    end: int  # end of the action


@lru_cache(maxsize=None)
def _tsv(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def verbs() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """form -> (key, en, forms)."""
    out = {}
    for key, forms, en in (r[:3] for r in _tsv("mandate_verbs.tsv")):
        fs = tuple(forms.split("|"))
        for f in fs:
            out[f] = (key, en, fs)
    return out


@lru_cache(maxsize=None)
def modal_keys() -> frozenset[str]:
    return frozenset(r[0] for r in _tsv("mandate_verbs.tsv") if len(r) > 3 and r[3].strip() == "modal")


# "<addressee>(还)应(考虑)…" in an endorsed recommendation
MODAL_RE = re.compile(r"(?:还|也|亦|并|同样)?(?:应当|应该|应|不妨|可)(?!能|行|持续|靠|信|用|观|喜|比|见|知|对|邀|急|届)(?:考虑)?")
CLAUSE_START_RE = re.compile(r"[,;:。]")


@lru_cache(maxsize=None)
def addressees() -> dict[str, tuple[str, str, str]]:
    """zh form -> (key, en, prefLabel zh)."""
    out = {}
    for key, en, forms in (r[:3] for r in _tsv("addressees.tsv")):
        fs = forms.split("|")
        for f in fs:
            out[f] = (key, en, fs[0])
    return out


@lru_cache(maxsize=None)
def _addressee_re() -> re.Pattern:
    return re.compile("|".join(re.escape(f) for f in sorted(addressees(), key=len, reverse=True)))


@lru_cache(maxsize=None)
def _verb_re() -> re.Pattern:
    forms = "|".join(re.escape(f) for f in sorted(verbs(), key=len, reverse=True)
                     if verbs()[f][0] not in modal_keys())
    return re.compile(
        r"(?:并且?|为此|因此|同时|另外|此外|而且|在这方面,)?"
        r"(?:另外还|进一步|再次|还|又|也|并|同样)?(" + forms + r")(?![求愿])"
    )


HEAD_NOUNS = (r"国家|缔约国|会员国|成员国|各国|签署国|组织|捐助方|捐助国|机构|实体|部门|国际社会|专家|"
              r"主席|联络点|办公室|秘书处|当局|机关|集团|银行|方案网|研究所|基金|民间社会")
REL_RE = re.compile(r"^(?:《[^》]*》|[^,;:。《]){0,80}?的(?:" + HEAD_NOUNS + r")")
MIN_RE = re.compile(r"^(?:《[^》]*》|[^,;:。《]){0,40}?(?:" + HEAD_NOUNS + r")")
JOIN_RE = re.compile(r"(?:、|和其他|及其他|以及|和|及)")
LIST_ITEM_RE = re.compile(r"^(?:《[^》]*》|[^,;:。《、]){0,25}?(?:" + HEAD_NOUNS + r")")
DIRECTIVE_RE = re.compile(r"(?:主席)?(?:应当|应该|应|将)")
WG_PREFIX_RE = re.compile(r"^(?:该|本|上文第\d+段(?:所)?设立的)?$")
SUB_RE = re.compile(r"(?:(?<=[;:。])(?:(\d{1,4})\.(?=[\u4e00-\u9fff])|\(([a-z])\)(?=[\u4e00-\u9fff(]))"
                    r"|\((a)\)(?=[\u4e00-\u9fff])(?![段项款]))")
LABEL_RE = re.compile(r"(?:\d{1,3}\.|\([a-z]\)|\d{1,3}之[一二三四五六七八九十]+\.)")


ROMAN = {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V", "六": "VI", "七": "VII", "八": "VIII",
         "九": "IX", "十": "X"}
ANNEX_MARK_RE = re.compile(r"附件([一二三四五六七八九十]?)")
ITEM_RE = re.compile(r"\(([a-z])\)(?=[\u4e00-\u9fff(“\"《])(?![段项款])|(?<![\d./])(\d{1,2})\.(?=[\u4e00-\u9fff])")
_SHORT_LABEL_BEFORE = re.compile(r"\(\w{1,3}\)$")
ENDORSE_RE = re.compile(r"(?:核可|赞同|核准|认可)[^。;]{0,120}建议")


def _annex_label(roman: str, item: str, recs: bool) -> str:
    """'annex I (a)', 'annex (f)', 'annex recommendation 6' (distinct across annexes of one act)."""
    head = "annex" + (f" {roman}" if roman else "")
    if item.isdigit():
        return f"{head} recommendation {item}" if recs else f"{head} {item}"
    return f"{head} ({item})"


def _annex_units(text: str, start: int, end: int, roman: str) -> list[tuple[str, str, int, int]]:
    """Split an annex (or the annex lumped after an act's last paragraph) into its items."""
    out = []
    recs = "建议" in text[start:start + 120]
    cur, cur_start = None, start
    expect_letter, expect_num = "a", 1
    for m in ITEM_RE.finditer(text, start, end):
        prev = text[m.start() - 1:m.start()]
        before2 = text[max(0, m.start() - 2):m.start()]
        if before2 in ("以及",) or prev in ("和", "及", "或", "至", "第"):
            continue
        if prev == ")" and _SHORT_LABEL_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue  # "(2)(c)": a label continued, not a new item

        marks = list(ANNEX_MARK_RE.finditer(text, cur_start, m.start()))
        if marks and marks[-1].group(1):
            roman = ROMAN.get(marks[-1].group(1), roman)
            recs = "建议" in text[marks[-1].end():marks[-1].end() + 120]
            expect_letter, expect_num = "a", 1
        if m.group(1):
            x = m.group(1)
            if x != expect_letter or (x == "a" and prev == ":" and cur is not None):
                continue
            expect_letter = chr(ord(x) + 1)
        else:
            n = int(m.group(2))
            if n != expect_num:
                continue
            expect_num, x = n + 1, m.group(2)
        if cur is not None:
            out.append((cur, "annex", cur_start, m.start()))
        cur, cur_start = _annex_label(roman, x, recs), m.start()
    if cur is not None:
        out.append((cur, "annex", cur_start, end))
    return out


def _units(doc: Document, act) -> list[tuple[str, str, int, int]]:
    """(label, kind, start, end) for each operative/annex unit of the act, lumped paragraphs split.

    Annexed items are labelled with their annex ('annex I (a)', 'annex (f)', 'annex recommendation
    6') so that two annexes of one act never give the same paragraph. Annexes are kept only when
    the act endorses them (核可/赞同…建议); a draft put forward for consideration asks nobody.
    """
    text = doc.normalized.text
    out = []
    ops = [p for p in act.paragraphs if p.kind == "operative"]
    annex_from = None  # (start, roman)
    for p in act.paragraphs:
        if p.kind == "preambular":
            continue
        label = p.label.strip(".")
        if p.kind == "annex" or label.startswith("附件"):
            if annex_from is None:
                mk = ANNEX_MARK_RE.match(label)
                annex_from = (p.start, ROMAN.get(mk.group(1), "") if mk else "")
            continue
        kind = p.kind
        p_end = p.end
        # the last paragraph ends at its 。; text lumped after it is the annex
        if ops and p is ops[-1]:
            dot = text.find("。", p.start, p.end)
            if 0 <= dot < p.end - 20 and ITEM_RE.search(text, dot + 1, p.end) and annex_from is None:
                mk = ANNEX_MARK_RE.match(text, dot + 1)
                annex_from = (dot + 1, ROMAN.get(mk.group(1), "") if mk else "")
                p_end = dot + 1
        numeric = label.isdigit()
        cur_label, cur_start = label, p.start
        expect = int(label) + 1 if numeric else None
        for m in SUB_RE.finditer(text, p.start + 1, p_end):
            if m.group(1) and expect is not None:
                digits = m.group(1)
                if not digits.endswith(str(expect)):
                    continue
                new = str(expect)
                start = m.end() - len(new) - 1
                expect += 1
            elif m.group(2) or m.group(3):
                before = text[cur_start:m.start()]
                # a list after "请各国:" belongs to its numbered paragraph
                if numeric and ":" in before or m.start() == p.start:
                    continue
                new, start = f"({m.group(2) or m.group(3)})", m.start()
            else:
                continue
            out.append((cur_label, kind, cur_start, start))
            cur_label, cur_start = new, start
        out.append((cur_label, kind, cur_start, p_end))
    if annex_from is not None:
        if ENDORSE_RE.search(text, act.start, annex_from[0]):
            out.extend(_annex_units(text, annex_from[0], act.end, annex_from[1]))
    return out


def _wg_at(wgs: list[EntityMention], pos: int, text: str) -> EntityMention | None:
    for f in wgs:
        if pos <= f.start <= pos + 16 and WG_PREFIX_RE.match(text[pos:f.start]):
            return f
    return None


def _addressees_at(doc: Document, wgs, pos: int, end: int, prev, unit_start: int = 0) -> list[tuple[str, str, str, int, int]]:
    """[(key, zh surface, en, start, end)] of the addressee(s) written at pos."""
    text = doc.normalized.text
    out = []
    p = pos
    while p < end:
        wg = _wg_at(wgs, p, text)
        if wg is not None:
            if text.startswith("主席", wg.end):
                out.append(("other", text[p:wg.end + 2], "", p, wg.end + 2))
            else:
                out.append(("body:" + wg.key, wg.label, wg.attrs.get("label_en", ""), p, wg.end))
            q = wg.end + (2 if text.startswith("主席", wg.end) else 0)
        else:
            if text.startswith("它们", p):
                if prev is None:
                    earlier = list(_addressee_re().finditer(text, unit_start, p))
                    if earlier:
                        key, en, _ = addressees()[earlier[-1].group()]
                        prev = (key, earlier[-1].group(), en)
                if prev is None:
                    break
                out.append((prev[0], "它们", prev[2], p, p + 2))
                q = p + 2
            else:
                m = _addressee_re().match(text, p, end)
                if m and not text.startswith("、", m.end()):
                    key, en, _ = addressees()[m.group()]
                    q = m.end()
                    others = False
                    while True:  # 缔约国及其他国际捐助方和双边捐助方
                        j = JOIN_RE.match(text, q, end)
                        it = LIST_ITEM_RE.match(text[j.end():end]) if j else None
                        if not it or not re.search(r"(?:" + HEAD_NOUNS + r")$", it.group()):
                            break
                        others = others or "其他" in j.group() or "其他" in it.group()
                        q = j.end() + it.end()
                    surface = text[p:q]
                    if q > m.end():
                        hit = addressees().get(surface)
                        last = _addressee_re().search(surface, len(surface) - 6)
                        if hit:
                            key, en = hit[0], hit[1]
                        elif others and last and last.end() == len(surface):
                            key, en = addressees()[last.group()][:2]
                        elif others:  # 毒品和犯罪问题办公室及联合国系统其他相关机构: the first is named
                            pass
                        else:
                            key, en = "other", ""
                    out.append((key, surface, en, p, q))
                else:
                    seg = text[p:end]
                    mm = REL_RE.match(seg) or MIN_RE.match(seg)
                    if not mm:
                        break
                    q = p + mm.end()
                    while True:
                        j = JOIN_RE.match(text, q, end)
                        if not j:
                            break
                        it = LIST_ITEM_RE.match(text[j.end():end])
                        if not it:
                            break
                        q = j.end() + it.end()
                    surface = text[p:q]
                    hit = addressees().get(surface)
                    cut = max(surface.rfind("的"), surface.rfind("》"))
                    if hit is None and cut >= 0:  # 尚未加入的国家, 《议定书》缔约国: a subset of States (parties)
                        hit = addressees().get(surface[cut + 1:])
                    if hit:
                        out.append((hit[0], surface, hit[1], p, q))
                    else:
                        out.append(("other", surface, "", p, q))
                    return out
        # a list of addressees: X和Y
        j = JOIN_RE.match(text, q, end)
        if j and (_wg_at(wgs, j.end(), text) is not None):
            p = j.end()
            continue
        break
    return out


def extract(doc: Document) -> list:
    text = doc.normalized.text
    wgs = [f for f in doc.entities.get("working_groups", []) if isinstance(f, EntityMention)]
    vmap = verbs()
    facts: list[Mandate] = []
    for act in doc.acts:
        index = 0
        act_wgs = [f for f in wgs if act.start <= f.start < act.end]
        for label, kind, ustart, uend in _units(doc, act):
            lm = LABEL_RE.match(text, ustart, uend)
            body_start = lm.end() if lm else ustart
            hits = [m for m in _verb_re().finditer(text, body_start, uend)
                    if m.start() == body_start or text[m.start() - 1] in ",;:。"]
            prev = None
            for h_i, m in enumerate(hits):
                vform = m.group(1)
                vkey = vmap[vform][0]
                clause_end = uend
                semi = re.compile(r"[;。]").search(text, m.end(), uend)
                if semi:
                    clause_end = semi.start()
                if h_i + 1 < len(hits):
                    clause_end = min(clause_end, hits[h_i + 1].start() - 1) if hits[h_i + 1].start() > m.end() else clause_end
                found = _addressees_at(doc, act_wgs, m.end(), clause_end, prev, body_start)
                if not found and vkey != "decides":
                    continue
                a_end = found[-1][4] if found else m.end()
                if vkey == "decides":
                    directive = DIRECTIVE_RE.match(text, a_end) if found else None
                    if not directive or found[0][0] == "other" and "主席" not in found[0][1]:
                        # 决定 X 应… with X no actor (决定统括工具应当用于…) asks nobody; any other
                        # decision is the Conference's own undertaking (决定设立/召开/在其第六届会议上…)
                        if directive or DIRECTIVE_RE.search(text, m.end(), clause_end) or act.key.body != (
                                doc.session.body if doc.session else act.key.body):
                            continue
                        found = [("conference", "", "Conference of the Parties", m.end(), m.end())]
                        a_end = m.end()
                if vkey == "demands" and found[0][0] == "other":
                    continue
                if text.startswith(":", a_end):  # 请各国:(a)…(b)… — the list is the action
                    nxt = re.compile(r"。").search(text, a_end, uend)
                    clause_end = nxt.start() if nxt else uend
                    if h_i + 1 < len(hits):
                        clause_end = min(clause_end, hits[h_i + 1].start() - 1)
                action = text[a_end:max(a_end, clause_end)].strip(",:")
                if vkey == "decides":
                    action = re.sub(r"^(?:主席)?(?:应当|应该|应|将)", "", action)
                for n_a, (key, surface, en, s, e) in enumerate(found):
                    # one span per mandate (its annotation IRI comes from the span): later
                    # addressees of a list start at their own name
                    facts.append(Mandate(act.key, index, label, kind, vkey, m.group(), key, surface,
                                         en, action, m.start() if n_a == 0 else s, max(e, clause_end)))
                    index += 1
                prev = found[-1][:1] + (found[-1][1], found[-1][2])
            if kind == "annex":
                for key, surface, en, vform, s, e, action in _modal_mandates(doc, act_wgs, body_start, uend):
                    facts.append(Mandate(act.key, index, label, kind, verbs()[_bare_modal(vform)][0], vform,
                                         key, surface, en, action, s, e))
                    index += 1
    return facts


def _bare_modal(vform: str) -> str:
    m = re.search(r"应当|应该|应|不妨|可", vform)
    return m.group() if m else "应"


def _modal_mandates(doc: Document, wgs, start: int, end: int):
    """'(h)为促进…,各国应全面实施…': an addressee opening a clause, then 应/可/不妨(考虑)."""
    text = doc.normalized.text
    starts = [start] + [c.end() for c in CLAUSE_START_RE.finditer(text, start, end)]
    for cs in starts:
        found = _addressees_at(doc, wgs, cs, end, None, start)
        if not found:
            continue
        a_end = found[-1][4]
        mm = MODAL_RE.match(text, a_end)
        if not mm:
            continue
        stop = re.compile(r"[;。]").search(text, mm.end(), end)
        c_end = stop.start() if stop else end
        action = text[mm.end():c_end].strip(",:")
        for n_a, (key, surface, en, s, e) in enumerate(found):
            yield key, surface, en, mm.group(), cs if n_a == 0 else s, c_end, action

