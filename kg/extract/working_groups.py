"""Working groups and other subsidiary bodies, with their aliases merged, and "establishes".

A name is a head noun (工作组, 专家组, 全体委员会, 审议组, 特设委员会 …) with its modifiers
to the left: ``<topic>[问题] <generic modifiers> <head>``. The left edge is found without a
segmenter: the name stops at punctuation, digits and the function words / verbs that open
a noun phrase in UN prose (请, 欢迎, 设立, 的, 在, 与 …); 《…》 titles are opaque.

Identity (no table of aliases): the generic modifiers (不限成员名额, 政府专家, 政府间, 临时 …)
are dropped, the topic is what is left; two names of the same parent and head class are the
same body when one topic contains the other (国际合作 ⊂ 引渡、司法协助和没收事宜国际合作) or
their topics use the same characters (人口贩运 = 贩运人口; bag ⊆ bag for topics of 4+
characters). ``kg/data/subsidiary_bodies.tsv`` names known bodies in English; its Chinese
names go through the same parser, so they are matched by the same rules.

Names without a topic ("工作组", "该工作组", "不限成员名额政府间工作组") are anaphors: they
create no node. One written right after 设立 (or "根据第X号决议设立的…") is a new body
identified by the act that establishes it; any other is resolved, for the mandates
extractor, to the one body the enclosing act is about (attrs["anaphor"] = True).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..gazetteer import body_alias_index, body_alias_pattern
from ..models import ActKey, Document, EntityMention
from ..resolve import _slug, body_slug

KIND = "working_groups"

# heads, longest first; self-naming heads are names by themselves (全体委员会)
HEADS = ("全体委员会", "特设委员会", "协调小组", "工作组", "专家组", "审议组", "检查组", "委员会")
# a bare 委员会 name is a body only when the gazetteer knows it (第五委员会, 全权证书委员会 …) or when
# it shortens a committee already named in the report (咨询委员会 < 行政和预算问题咨询委员会)
GATED_HEADS = {"委员会"}
SELF_NAMING = {"全体委员会"}
HEAD_RE = re.compile("|".join(HEADS))
# generic modifiers between topic and head (stripped from the right)
MODS_RE = re.compile(r"(?:不限成员名额的?|政府间|政府专家|政府|专家|临时|常设|特设|技术专家|机构间|的)+$")
# generic words removed from a topic to build its key
GENERIC_RE = re.compile(r"不限成员名额|政府专家|政府间|临时|常设|问题|事宜|联合国|免遭|不受|免受|等|[、《》\"“”]")
# words that can't be a topic by themselves
STOP_TOPICS = {"技术", "专家", "政府", "会议", "一次", "一个", "两个", "这个", "此", "有关", "相关", "区域"}
# determiners: collective (no node, no resolution) vs. anaphoric
COLLECTIVE_RE = re.compile(r"(?:各|每次|某个|某一|两个|这两个|任何|所有|一次|一个|其他|其它|有关|相关|若干|每个)$")
ANAPHORIC_RE = re.compile(r"(?:该|本|此|这一|这个|上述)$")
# left boundaries of a name (verbs and function words that end the preceding phrase)
BOUNDARY_RE = re.compile(
    r"附件[一二三四五六七八九十]*|建议|欢迎|注意到|核可|核准|赞同|决定|设立(?:了)?(?:一个)?|成立(?:了)?(?:一个)?|"
    r"建立(?:了)?(?:一个)?|(?<!司法)协助|参加|参与|举行(?:的|了)?|召集(?:一次)?|召开|通过(?:了)?|介绍(?:了)?|"
    r"审议了|感谢|提到|提及|强调(?:了)?|支持|肯定(?:了)?|期待|承认|重申|回顾|满意|认为|指出|设想|利用|研究|提交|就|延长|报告|考虑到|议程|特别是|载有|用于|方面|"
    r"包括|以及|关于(?=[^问]*$)|向|与|在|的|即|至|将|把|请|还|并|或|其(?!他)|该|各|本次|此|这|了|"
    r"会议|秘书处|办公室|工作组|专家组|委员会|主席团|缔约国|会员国|期间|之间"
)
LEADING_RE = re.compile(r"^(?:和|及|以及|与|并|、|了|之|一个|一次|每次|每个|日|号|次|届|段|决议|决定)+")
PUNCT_RE = re.compile(r"[^\u3400-\u9fff、《》]")  # anything but CJK, 、 and title marks ends a name
TITLE_RE = re.compile(r"《[^《》]{0,80}》")
ESTABLISH_BEFORE_RE = re.compile(
    r"(?:设立|成立|建立)(?:了)?(?:一个|一些)?(?:由[^,;。]{0,40}?担任主席的)?$"
)
ESTABLISHED_BY_BEFORE_RE = re.compile(r"(?:设立|成立|建立)的$")
CLAUSE_RE = re.compile(r"[;。]")
ABOUT_RE = re.compile(r"关于(?:(?!的)[\u3400-\u9fff《》、]){1,50}的$")
# a document title in a list of documents ("CTOC/COP/2010/CRP.8 秘书处的报告: …专家组会议")
DOC_TITLE_RE = re.compile(r"[A-Z]{2,}(?:/[A-Za-z0-9.]+)+[^,;。]{0,20}(?:报告|说明|文件):[^,;。:]*$")


def _verb_forms() -> list[str]:
    """Opening verbs of preambular/operative paragraphs and citation verbs (kg/data)."""
    forms = set()
    for name in ("preamble_verbs.tsv", "verbs.tsv", "mandate_verbs.tsv"):
        try:
            text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        for line in text.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            col = cols[1] if name != "preamble_verbs.tsv" and len(cols) > 1 else cols[0]
            forms.update(f for f in col.split("|") if len(f) >= 2)
    return sorted(forms, key=len, reverse=True)


VERB_BOUNDARY_RE = re.compile("|".join(re.escape(f) for f in _verb_forms()))


@dataclass(frozen=True)
class KnownBody:
    slug: str
    parent: str
    label_en: str
    label_zh: str
    established_by: str
    head: str
    topic: str
    form: str = ""  # the Chinese form this entry was parsed from (label_zh is the preferred one)


@dataclass
class Establishment:
    """act establishes body (key), read at [start, end)."""

    act: ActKey
    key: str
    start: int
    end: int
    label_zh: str


@dataclass
class _Name:
    start: int
    end: int
    surface: str
    head: str
    topic: str  # raw topic (without generic modifiers / 问题)
    key_topic: str
    marked: bool  # topic marked by 问题/事宜 or formal modifiers
    parent: str
    pre: str  # text before the name in its clause
    attrs: dict = field(default_factory=dict)


def parse_name(name: str) -> tuple[str, str, bool] | None:
    """'技术援助问题不限成员名额政府专家临时工作组' -> (head, topic, marked)."""
    m = HEAD_RE.search(name)
    if not m or m.end() != len(name):
        for h in HEADS:
            if name.endswith(h):
                break
        else:
            return None
        head = h
    else:
        head = m.group()
    rest = name[: len(name) - len(head)]
    if head == "工作组" and rest.endswith("专家"):
        rest = rest[:-2]
    mods = MODS_RE.search(rest)
    formal = False
    if mods:
        formal = any(w in mods.group() for w in ("不限成员名额", "政府间", "政府专家", "临时", "机构间"))
        rest = rest[: mods.start()]
    marked = formal
    for tail in ("问题", "事宜"):
        if rest.endswith(tail):
            rest, marked = rest[: -len(tail)], True
    rest = re.sub(r"^关于", "", rest)
    return head, rest, marked


def topic_key(topic: str) -> str:
    return GENERIC_RE.sub("", topic)


def head_class(head: str) -> str:
    return "committee" if head.endswith("委员会") else head


def same_body(a: str, b: str) -> bool:
    """Topic keys a and b name the same body (same parent and head class assumed)."""
    if not a or not b:
        return a == b
    if a in b or b in a:
        return min(len(a), len(b)) >= 2
    ca, cb = Counter(a), Counter(b)
    if ca == cb:
        return True
    small, big = (ca, cb) if len(a) <= len(b) else (cb, ca)
    return min(len(a), len(b)) >= 4 and not (small - big)


@lru_cache(maxsize=None)
def known_bodies() -> tuple[KnownBody, ...]:
    text = resources.files("kg.data").joinpath("subsidiary_bodies.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") + [""] * 5
        slug, parent, en, zh, est = (c.strip() for c in cols[:5])
        forms = [f for f in zh.split("|") if f]
        for form in forms:
            parsed = parse_name(form)
            head, topic = (parsed[0], parsed[1]) if parsed else ("", "")
            out.append(KnownBody(slug, parent, en, forms[0], est, head, topic_key(topic), form))
    return tuple(out)


def _same_kb(a: KnownBody | None, b: KnownBody | None) -> bool:
    return a is not None and b is not None and a.slug == b.slug and a.parent == b.parent


def _known_form(surface: str) -> tuple[KnownBody, str] | None:
    """A gazetteer form the name ends with (longest): (entry, form)."""
    best = None
    for kb in known_bodies():
        if kb.form and surface.endswith(kb.form) and (best is None or len(kb.form) > len(best[1])):
            best = (kb, kb.form)
    return best


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _known_for(head: str, keys: list[str], parent: str) -> KnownBody | None:
    best = None
    for kb in known_bodies():
        if head_class(kb.head) != head_class(head) or not kb.topic and keys != [""]:
            continue
        for k in keys:
            if (kb.topic == k) if not k or not kb.topic else same_body(k, kb.topic):
                score = (kb.parent == parent, Counter(k) == Counter(kb.topic))
                if best is None or score > best[0]:
                    best = (score, kb)
    return best[1] if best else None


def _known_established_by(notation: str) -> KnownBody | None:
    for kb in known_bodies():
        if kb.established_by == notation:
            return kb
    return None


def _mask_titles(text: str) -> str:
    return TITLE_RE.sub(lambda m: "《" + "书" * (len(m.group()) - 2) + "》", text)


def _left_edge(text: str, masked: str, head_start: int) -> int:
    """Start of the name whose head begins at head_start."""
    lo = max(0, head_start - 60)
    window = masked[lo:head_start]
    cut = 0
    for m in PUNCT_RE.finditer(window):
        cut = m.end()
    # 为…而 is part of a topic (为摘取器官而贩运人口问题专家组)
    best = cut
    for rx in (BOUNDARY_RE, VERB_BOUNDARY_RE):
        for m in rx.finditer(window, cut):
            best = max(best, m.end())
    # a boundary inside the generic modifiers (政府专家 …) must not cut the name
    start = lo + best
    piece = text[start:head_start]
    lead = LEADING_RE.match(piece)
    if lead:
        start += lead.end()
    # 为 opens the name only in 为…而 topics
    wei = text.rfind("为", start, head_start)
    if wei >= 0 and "而" not in text[wei:head_start]:
        start = wei + 1
    # 关于<title…>的<topic><modifiers><head>: the 关于…的 phrase is part of the name
    if text[start - 1:start] == "的" and start < head_start:
        m = ABOUT_RE.search(masked, max(0, start - 60), start)
        if m:
            start = m.start()
    return start


def _rightmost_boundary_ok(text: str, start: int, head_start: int) -> int:
    """Let the generic modifier block survive cuts made inside it (e.g. at 的 of 不限成员名额的)."""
    return start


def _parent_before(text: str, start: int, default: str) -> str:
    pre = text[max(0, start - 40):start]
    alias = "(" + body_alias_pattern().pattern + ")"
    m = re.search(alias + r"(?:的|设立的|框架内设立的|所设立的)$", pre) or re.search(
        r"其中" + alias + r"(?:在[^,;。]{0,20})?决定(?:在[^,;。]{0,20})?设立(?:了)?(?:一个)?$", pre)
    if m:
        return body_alias_index().get(m.group(1), default)
    return default


def _find_names(doc: Document) -> list[_Name]:
    text = doc.normalized.text
    limit = doc.normalized.footnotes_start or len(text)
    masked = _mask_titles(text)
    default_parent = doc.session.body if doc.session else "UNTOC-COP"
    aliases = body_alias_index()
    names: list[_Name] = []
    for m in HEAD_RE.finditer(text, 0, limit):
        head = m.group()
        if head == "专家组" and text[m.start() - 1:m.start()] == "作":
            continue
        start = _left_edge(text, masked, m.start())
        surface = text[start:m.end()]
        # a body of the gazetteer (预防犯罪和刑事司法委员会 …) is not a subsidiary body here
        if surface in aliases:
            continue
        if DOC_TITLE_RE.search(text, max(0, start - 80), start):
            continue
        gated_kb = None
        if head in GATED_HEADS:
            hit = _known_form(surface)
            if hit is not None:
                gated_kb, form = hit
            else:  # the shortened name of a committee named before (咨询委员会)
                prev = [n for n in names if n.head in GATED_HEADS and n.attrs.get("kb") is not None]
                best = max(((_common_suffix(surface, n.surface), n) for n in prev), key=lambda x: x[0],
                           default=(0, None))
                if best[0] < len(head) + 2:
                    continue
                gated_kb, form = best[1].attrs["kb"], surface[len(surface) - best[0]:]
            start = m.end() - len(form)
            surface = form
        parsed = parse_name(surface)
        if parsed is None:
            continue
        head, topic, marked = parsed
        clause_start = max(
            (c.end() for c in CLAUSE_RE.finditer(text, max(0, start - 120), start)), default=max(0, start - 120)
        )
        pre = text[clause_start:start]
        key = topic_key(topic)
        if key in STOP_TOPICS or len(key) == 1:
            key, topic = "", ""
        parent = _parent_before(text, start, default_parent)
        if gated_kb is not None:
            key = key or _slug(surface)
            marked = True
        names.append(_Name(start, m.end(), surface, head, topic, key, marked, parent, pre,
                           {"kb": gated_kb} if gated_kb is not None else {}))
    return names


def _enclosing_act(doc: Document, pos: int):
    for act in doc.acts:
        if act.start <= pos < act.end:
            return act
    return None


def _establishing_act(doc: Document, n: _Name) -> ActKey | None:
    """The act that establishes the body named at n, when the text says so."""
    text = doc.normalized.text
    pre = n.pre
    clause_start = n.start - len(pre)
    mentions = [mm for mm in doc.mentions if clause_start <= mm.start and mm.end <= n.start]
    # 据以设立<name>的第2/6号决定
    if re.search(r"据以(?:设立|成立)$", pre):
        after = [mm for mm in doc.mentions if n.end <= mm.start <= n.end + 4]
        if after and text[n.end:n.end + 1] == "的":
            return after[0].key
        return None
    if ESTABLISH_BEFORE_RE.search(pre) or ESTABLISHED_BY_BEFORE_RE.search(pre):
        if mentions:  # 根据第5/5号决议设立的… / 在第2/2号决定中决定…设立一个…
            between = text[mentions[-1].end:n.start]
            if ESTABLISHED_BY_BEFORE_RE.search(pre) and len(between) <= 12:
                return mentions[-1].key
            if re.search(r"决定", between) and not re.search(r"是否|考虑|建议|可否|请", between):
                return mentions[-1].key
            return None
        act = _enclosing_act(doc, n.start)
        # only the act's own 决定设立 (not "缔约方会议决定设立", a report of another act)
        if act is not None and ESTABLISH_BEFORE_RE.search(pre):
            own = re.search(r"(?:^|[,:])(?:(?:并|还|又|进一步)?决定)?[^,;。]{0,80}$", pre)
            third_person = re.search(r"(?:缔约方会议|大会|理事会|委员会)(?:在[^,;。]{0,20})?决定[^,;。]{0,60}$", pre)
            heading = act.heading_start <= n.start < act.heading_end + 60
            if (own and "决定" in pre or heading) and not third_person:
                return act.key
            if heading or (act.title and n.surface in act.title and pre.endswith("设立")):
                return act.key
        return None
    return None


def extract(doc: Document) -> list:
    names = _find_names(doc)
    text = doc.normalized.text
    # 1. establishments (also topicless names right after 设立)
    est_keys: dict[int, tuple[ActKey, KnownBody | None]] = {}
    for i, n in enumerate(names):
        act = _establishing_act(doc, n)
        if act is not None:
            est_keys[i] = (act, _known_established_by(act.notation))

    # 2. clusters of named (topic-bearing or self-naming) mentions per parent + head class
    clusters: list[dict] = []

    def add_to_cluster(i: int, n: _Name, kb: KnownBody | None, est: ActKey | None):
        group = (n.parent, head_class(n.head))
        for c in clusters:
            if c["group"] != group:
                continue
            if kb is not None and _same_kb(c["known"], kb):
                c["members"].append(i)
                return c
            if kb is None and c["known"] is None and est is not None and c["est"] == est:
                c["members"].append(i)
                return c
            if n.key_topic and any(same_body(n.key_topic, t) for t in c["topics"]):
                if kb is not None and c["known"] is not None and not _same_kb(c["known"], kb):
                    continue
                c["members"].append(i)
                c["topics"].add(n.key_topic)
                if kb is not None:
                    c["known"] = kb
                return c
        c = {"group": group, "members": [i], "topics": {n.key_topic} if n.key_topic else set(),
             "known": kb, "est": est}
        clusters.append(c)
        return c

    member_of: dict[int, dict] = {}
    # topic-bearing names first, accepted when formal/marked or known
    pending = []
    for i, n in enumerate(names):
        if n.key_topic:
            kb = n.attrs.get("kb") or _known_for(n.head, [n.key_topic], n.parent)
            if n.marked or kb is not None:
                member_of[i] = add_to_cluster(i, n, kb, None)
            else:
                pending.append(i)
        elif n.head in SELF_NAMING:
            kb = _known_for(n.head, [""], n.parent)
            member_of[i] = add_to_cluster(i, n, kb, None)
    # unmarked topics (国际合作工作组) join an existing body only
    for i in pending:
        n = names[i]
        for c in clusters:
            if c["group"] == (n.parent, head_class(n.head)) and any(same_body(n.key_topic, t) for t in c["topics"]):
                c["members"].append(i)
                c["topics"].add(n.key_topic)
                member_of[i] = c
                break
    # topicless names established by an act: a body identified by that act
    for i, (act, kb) in est_keys.items():
        n = names[i]
        if i in member_of:
            c = member_of[i]
            if c["est"] is None:
                c["est"] = act
            continue
        if n.key_topic:
            continue
        if kb is not None and (kb.parent, head_class(kb.head)) == (n.parent, head_class(n.head)):
            existing = next((c for c in clusters if _same_kb(c["known"], kb)), None)
            if existing is not None:
                existing["members"].append(i)
                existing.setdefault("est", act)
                member_of[i] = existing
                continue
            member_of[i] = add_to_cluster(i, n, kb, act)
        else:
            member_of[i] = add_to_cluster(i, n, None, act)
    # known bodies matched by establishing act after the fact (a topic cluster established by act X)
    for c in clusters:
        if c["known"] is None and c["est"] is not None:
            kb = _known_established_by(c["est"].notation)
            if kb is not None and (kb.parent, head_class(kb.head)) == c["group"]:
                c["known"] = kb

    # 3. cluster identity and labels
    facts: list = []
    for c in clusters:
        parent, _ = c["group"]
        kb: KnownBody | None = c["known"]
        members = [names[i] for i in c["members"]]
        if kb is not None:
            slug, en, pref = kb.slug, kb.label_en, kb.label_zh
            parent = kb.parent if kb.parent else parent
        else:
            topics = sorted(c["topics"], key=lambda t: (len(t), t))
            if topics:
                slug = _slug(topics[0])
            elif c["est"] is not None:
                slug = "established-by-" + _slug(f"{c['est'].body}-{c['est'].kind}-{c['est'].number}".lower())
            else:
                slug = _slug(members[0].head)
            en = ""
            pref = max((m.surface for m in members), key=lambda s: (len(s), s))
        c["key"] = f"{body_slug(parent)}/{slug}"
        c["attrs"] = {"parent": parent, "slug": slug, "label_en": en, "pref_zh": pref,
                      "head": members[0].head}
    for i, n in enumerate(names):
        c = member_of.get(i)
        if c is None:
            continue
        facts.append(EntityMention(KIND, c["key"], n.start, n.end, n.surface,
                                   dict(c["attrs"], topic=n.topic)))

    # 4. anaphors: resolved to the one body the enclosing act is about
    by_act: dict[ActKey, list[EntityMention]] = defaultdict(list)
    for f in facts:
        act = _enclosing_act(doc, f.start)
        if act is not None:
            by_act[act.key].append(f)
    est_by_act = {}
    for i, (act, _) in est_keys.items():
        if i in member_of:
            est_by_act.setdefault(act, member_of[i]["key"])
    for i, n in enumerate(names):
        if i in member_of or n.key_topic:
            continue
        if COLLECTIVE_RE.search(n.pre) or text[n.end:n.end + 1] in ("和", "及") and n.pre.endswith(("两", "各")):
            continue
        act = _enclosing_act(doc, n.start)
        if act is None:
            continue
        cands = [f for f in by_act.get(act.key, []) if head_class(f.attrs["head"]) == head_class(n.head)]
        keys = {f.key for f in cands}
        key = None
        before = [f for f in cands if f.end <= n.start]
        if len(keys) == 1:
            key = keys.pop()
        elif before:  # the nearest body named before it in the act
            key = before[-1].key
        elif act.key in est_by_act and any(f.key == est_by_act[act.key] for f in cands):
            key = est_by_act[act.key]
        if key is None:
            continue
        ref = next(f for f in cands if f.key == key)
        facts.append(EntityMention(KIND, key, n.start, n.end, n.surface,
                                   dict(ref.attrs, anaphor=True, topic="")))
    facts.sort(key=lambda f: (f.start, f.end))

    # 5. establishment relations
    key_at = {(f.start, f.end): f.key for f in facts}
    seen = set()
    for i, (act, _) in est_keys.items():
        n = names[i]
        key = key_at.get((n.start, n.end))
        if key is None or (act, key) in seen:
            continue
        seen.add((act, key))
        pre_start = n.start - len(n.pre)
        m = re.search(r"(?:据以)?(?:设立|成立|建立)", n.pre)
        ev_start = pre_start + m.start() if m else n.start
        if m and not re.search(r"据以(?:设立|成立)$", n.pre):
            for mm in doc.mentions:
                if pre_start <= mm.start < ev_start and mm.key == act:
                    ev_start = mm.start
        ev_end = n.end
        if re.search(r"据以(?:设立|成立)$", n.pre):
            after = [mm for mm in doc.mentions if n.end <= mm.start <= n.end + 4]
            if after:
                ev_end = after[0].end
        facts.append(Establishment(act, key, ev_start, ev_end, n.surface))
    return facts


def bodies_in(doc: Document) -> list[EntityMention]:
    return [f for f in doc.entities.get(KIND, []) if isinstance(f, EntityMention)]
