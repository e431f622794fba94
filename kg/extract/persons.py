"""Persons holding a role for a State: bureau elections and "X先生(State)担任主席".

A bureau list is a chain of "Name(State)" items, each role label (主席:, 副主席:, 报告员:)
setting the role of the items after it until the next label:

    主席:Amina C.Mohamed(肯尼亚)副主席:Taous Ferroukhi(阿尔及利亚)Eugenio María Curia(阿根廷)…
    -主席:Baker Fattah Hussen(伊拉克)-副主席:Magdi Mofadal Elnour(苏丹)-Arun Kanth Manhoran(印度)…

Names are Latin ("I Gusti Agung Wesaka Puja") or Chinese (唐国强(中国)). A label that lost its
first characters in PDF extraction ("告:" for 报告员:, "员:") is read as the role whose name
ends that way, flagged ``role_inferred``. Outside lists, "Name先生(State)担任主席" gives a
chair (of a subsidiary body) with ``role="chair"``.

Speakers named with their office (high-level segments, opening statements):

    Taous Feroukhi,阿尔及利亚驻联合国(维也纳)大使(代表77国集团和中国)Snežana Malović,塞尔维亚司法部长…
    尤里·费多托夫,联合国毒品和犯罪问题办公室执行主任兼联合国维也纳办事处总干事…
    基里巴斯总统Taneti Maamau

i.e. "Name,<State or organization><title>" or "<State><title>Name", the title ending in a word of
``kg/data/roles.tsv`` (大使, 司法部长, 总检察长, 国务秘书, …) and rendered in English from that
gazetteer (``role_en``); "在Name先生(State)的协助下" gives an assistant of a chair.

Facts: ``EntityMention(kind="person", key="<name>|<ISO3>", label=name,
attrs={"name", "state", "role", "role_zh", "role_en", "state_start", "state_end"})``; the span
covers "Name(State)" or "Name,State…title". Identity is name + State (name + organization for an
official of an international organization, name + the printed affiliation when there is neither):
two people are never merged on name alone.
"""
from __future__ import annotations

import re

from functools import lru_cache
from importlib import resources

from ..models import Document, EntityMention

KIND = "persons"
REQUIRES = ("states", "organizations")

# role key -> (zh, en)
ROLES = {
    "president": ("主席", "President"),
    "vice-president": ("副主席", "Vice-President"),
    "rapporteur": ("报告员", "Rapporteur"),
    "vice-president-rapporteur": ("副主席兼报告员", "Vice-President and Rapporteur"),
    "chair": ("主席", "Chair"),
    "vice-chair": ("副主席", "Vice-Chair"),
    "co-chair": ("共同主席", "Co-Chair"),
}
_LABELS = {
    "主席": "president", "副主席": "vice-president", "报告员": "rapporteur",
    "副主席兼报告员": "vice-president-rapporteur",
}
_LABEL = re.compile(r"[-\s]*(副主席兼报告员|副主席|主席|报告员|告员|告|员)\s?:\s?")
_TRUNCATED = {"告员": "rapporteur", "告": "rapporteur", "员": "rapporteur"}
_SEP = re.compile(r"[-\s、,;]*")
_LATIN_TOKEN = r"[A-Za-zÀ-ɏḀ-ỿ][A-Za-zÀ-ɏḀ-ỿ'’.\-]*"
_LATIN_NAME = re.compile(rf"(?:{_LATIN_TOKEN} )*{_LATIN_TOKEN}\s?(?:先生|女士)?\s?$")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff·]{2,5}(?:先生|女士)?$")
_HONORIFIC = re.compile(r"\s?(?:先生|女士)\s?$")
_CHAIR_AFTER = re.compile(r"(?:先生|女士)?\s?担任(?:了)?(共同主席|副主席|主席)")
_ASSIST_AFTER = re.compile(r"\s?(?:的协助下|协助)")


@lru_cache(maxsize=None)
def titles() -> dict[str, tuple[str, str]]:
    """zh -> (en, kind) from kg/data/roles.tsv (kind: title | ministry)."""
    text = resources.files("kg.data").joinpath("roles.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            zh, en, kind = line.split("\t")
            out[zh] = (en, kind)
    return out


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _title_re() -> re.Pattern:
    return re.compile(_alt(w for w, (_, k) in titles().items() if k == "title"))


@lru_cache(maxsize=None)
def _title_chain() -> re.Pattern:
    """"<ministry>?<title>(兼<ministry>?<title>)*" right at a position (a title before a name)."""
    t = titles()
    mins = _alt(w for w, (_, k) in t.items() if k == "ministry")
    tit = _alt(w for w, (_, k) in t.items() if k == "title")
    one = rf"(?:(?:{mins})?(?:{tit}))"
    return re.compile(rf"{one}(?:兼{one})*")


def _orgs_en():
    from .organizations import organizations
    return {a: o.label_en for o in organizations().values() for a in o.labels_zh}


def role_en(zh: str) -> str:
    """English form of a printed title: parts joined by 兼 ("and"), each the longest title
    ending it, qualified by the ministry, title or organization before it."""
    return " and ".join(_part_en(p) for p in zh.split("兼") if p)


def _part_en(p: str) -> str:
    t = titles()
    heads = [w for w, (_, k) in t.items() if k == "title" and p.endswith(w)]
    if not heads:
        return p
    head = max(heads, key=len)
    en = t[head][0]
    rest = p[: -len(head)]
    if not rest:
        return en
    if head in ("长",):
        return en
    if head == "部长" or (head == "副部长" and rest + "部" in t):
        m = t.get(rest + "部") or t.get(rest)
        if m and m[1] == "ministry":
            return f"{en} of {m[0].removeprefix('Ministry of ')}"
    m = next((t[rest[i:]] for i in range(len(rest)) if rest[i:] in t and t[rest[i:]][1] == "ministry"), None)
    if m:
        if head in ("部长", "副部长", "大臣") or not m[0].startswith("Ministry of "):
            if m[0].startswith("Ministry of "):
                return f"{en} of {m[0].removeprefix('Ministry of ')}"
            return f"{en} of {m[0]}" if head in ("部长", "副部长", "大臣") else f"{en} for {m[0]}"
        return f"{en}, {m[0]}"
    inner = [w for w, (_, k) in t.items() if k == "title" and rest.endswith(w)]
    if inner:
        return f"{en} to the {_part_en(rest)}"
    orgs = _orgs_en()
    org = next((rest[i:] for i in range(len(rest)) if rest[i:] in orgs), None)
    if org:
        return f"{en}, {orgs[org]}"
    return en


def role_key(en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", en.lower()).strip("-") or "role"


# a speaker item "Name,<affiliation><title>" ends before "(代表…)", "(作为…)", punctuation, the
# next Latin name or a number
_ITEM_END = re.compile(r"\((?:还|也)?(?:代表|作为)|[,。;:、!?]|[A-Za-zÀ-ɏ]|\d|$")
_LATIN_BEFORE_COMMA = re.compile(
    rf"(?<![A-Za-zÀ-ɏḀ-ỿ'’.\-])[A-ZÀ-ÞĀ-ſ][A-Za-zÀ-ɏḀ-ỿ'’.\-]*(?: {_LATIN_TOKEN}){{1,5}}$")
_HAN_TRANSLIT = re.compile(r"(?<=[:)])[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,12}$")
_AFFILIATION = re.compile(r"(.{2,30}?(?:权力机构|机构|组织|办公室|办事处|当局|联盟|秘书处))(?=.)")
_LATIN_AFTER = re.compile(rf"[A-ZÀ-ÞĀ-ſ][A-Za-zÀ-ɏḀ-ỿ'’.\-]*(?: {_LATIN_TOKEN}){{1,5}}")

def _name_before(text: str, lo: int, paren: int, han_ok: bool):
    """The name written in text[lo:paren] right before "(State)": (start, end, name) or None."""
    chunk = text[lo:paren]
    m = _LATIN_NAME.search(chunk)
    if m and m.group().strip() and re.match(r"[A-ZÀ-ÞĀ-ſ]", m.group().lstrip()):
        s = lo + m.start() + (len(m.group()) - len(m.group().lstrip()))
    elif han_ok and _HAN_NAME.fullmatch(chunk.strip(" -")):
        s = lo + (len(chunk) - len(chunk.lstrip(" -")))
    else:
        return None
    name = _HONORIFIC.sub("", text[s:paren]).strip()
    if not name or name.lower() == name:
        if not re.search(r"[\u4e00-\u9fff]", name):
            return None
    return s, paren, name


def find_persons(text: str, states: list[EntityMention]) -> list[EntityMention]:
    out: list[EntityMention] = []
    # "(State)" items
    items = [m for m in states if m.kind == "state" and m.start > 0 and text[m.start - 1] == "("
             and text.startswith(")", m.end)]
    prev_end = -1  # end of the previous item of the current chain
    role: str | None = None
    inferred = False
    for m in items:
        paren = m.start - 1
        item_end = m.end + 1
        lo = max(0, paren - 60)
        label = None
        chained = False
        # a role label between the previous item (or anywhere close) and this name
        if prev_end >= 0 and paren - prev_end <= 70:
            gap = text[prev_end:paren]
            lm = _LABEL.match(gap)
            if lm:
                label, lo, chained = lm.group(1), prev_end + lm.end(), True
            else:
                sm = _SEP.match(gap)
                lo, chained = prev_end + sm.end(), True
        if label is None and not chained:
            # a fresh list: "主席:Name(State)" with a full label just before the name
            for lm in re.finditer(r"(副主席兼报告员|副主席|主席|报告员)\s?:\s?", text[max(0, paren - 70):paren]):
                label = lm.group(1)
                lo = max(0, paren - 70) + lm.end()
            chained = label is not None
        found = _name_before(text, lo, paren, han_ok=chained)
        if label is not None and found is None:
            prev_end, role = -1, None
            continue
        if label is not None:
            if label in _TRUNCATED:
                role, inferred = _TRUNCATED[label], True
            else:
                role, inferred = _LABELS[label], False
        if found is not None and chained and role is not None:
            s, e, name = found
            zh = ROLES[role][0]
            out.append(EntityMention("person", f"{name}|{m.key}", s, item_end, name, {
                "name": name, "state": m.key, "role": role, "role_zh": zh,
                "state_start": m.start, "state_end": m.end, "role_inferred": inferred,
                "bureau": True,
            }))
            prev_end = item_end
            continue
        prev_end, role = -1, None
        # "Name先生(State)担任主席"
        c = _CHAIR_AFTER.match(text, item_end)
        found = _name_before(text, max(0, paren - 60), paren, han_ok=False)
        a = _ASSIST_AFTER.match(text, item_end) if text[max(0, paren - 2):paren] in ("先生", "女士") else None
        if not c and found and a:
            s, e, name = found
            chair = "主席" in text[max(0, s - 80):s]
            en = "Assistant to the Chair" if chair else "Assistant"
            out.append(EntityMention("person", f"{name}|{m.key}", s, a.end(), name, {
                "name": name, "state": m.key, "role": role_key(en), "role_zh": "协助主席" if chair else "协助",
                "role_en": en, "state_start": m.start, "state_end": m.end, "role_inferred": False,
                "bureau": False,
            }))
            continue
        if c and found:
            s, e, name = found
            key = {"主席": "chair", "副主席": "vice-chair", "共同主席": "co-chair"}[c.group(1)]
            out.append(EntityMention("person", f"{name}|{m.key}", s, c.end(), name, {
                "name": name, "state": m.key, "role": key, "role_zh": c.group(1),
                "state_start": m.start, "state_end": m.end, "role_inferred": False,
                "bureau": False,
            }))
    return out


def _speaker(name, key_tail, state, s, e, title_zh, extra) -> EntityMention:
    en = role_en(title_zh)
    return EntityMention("person", f"{name}|{key_tail}", s, e, name, {
        "name": name, "state": state, "role": role_key(en), "role_zh": title_zh, "role_en": en,
        "role_inferred": False, "bureau": False, **extra})


def find_speakers(text: str, states: list[EntityMention], orgs: list[EntityMention]) -> list[EntityMention]:
    """Persons named with their office: "Name,<State|organization><title>" and
    "<State><title>Name"."""
    out: list[EntityMention] = []
    state_at = {m.start: m for m in states if m.kind == "state"}
    org_at = {m.start: m for m in orgs if getattr(m, "kind", None) == "organization"}
    title_re = _title_re()
    for c in re.finditer(",", text):
        comma = c.start()
        before = text[max(0, comma - 80):comma]
        nm = _LATIN_BEFORE_COMMA.search(before) or _HAN_TRANSLIT.search(text[max(0, comma - 20):comma])
        if not nm:
            continue
        name = nm.group().strip()
        ns = comma - len(nm.group()) + (len(nm.group()) - len(nm.group().lstrip()))
        pos = comma + 1
        st, org = state_at.get(pos), org_at.get(pos)
        stop = _ITEM_END.search(text, pos + 1, min(len(text), pos + 70))
        end = stop.start() if stop else min(len(text), pos + 70)
        tails = [t for t in title_re.finditer(text, pos, end)]
        if not tails:
            continue
        tend = tails[-1].end()
        extra = {}
        if st is not None:
            if st.end >= tend:
                continue
            title_zh, key_tail, state = text[st.end:tend], st.key, st.key
            extra = {"state_start": st.start, "state_end": st.end}
        elif org is not None and org.end < tend:
            title_zh, key_tail, state = text[pos:tend], org.key, None
            extra = {"organization": org.key}
        else:
            a = _AFFILIATION.match(text, pos, tend)
            if not a:
                continue
            title_zh, key_tail, state = text[a.end():tend], a.group(1), None
            extra = {"affiliation": a.group(1)}
        if not title_re.search(title_zh):
            continue
        out.append(_speaker(name, key_tail, state, ns, tend, title_zh, extra))
    chain = _title_chain()
    for st in states:
        if st.kind != "state" or (st.start and text[st.start - 1] in "(,"):
            continue
        t = chain.match(text, st.end)
        if not t:
            continue
        n = _LATIN_AFTER.match(text, t.end())
        if not n or text.startswith(("(", "先生", "女士"), n.end()):
            continue
        name = n.group()
        out.append(_speaker(name, st.key, st.key, st.start, n.end(), t.group(), {
            "state_start": st.start, "state_end": st.end}))
    return out


def extract(doc: Document) -> list:
    states = [f for f in doc.entities.get("states", []) if isinstance(f, EntityMention)]
    orgs = [f for f in doc.entities.get("organizations", []) if isinstance(f, EntityMention)]
    text = doc.normalized.text
    found = find_persons(text, states)
    seen = {(f.attrs["name"], f.attrs["state"], f.attrs["role"]) for f in found}
    for f in find_speakers(text, states, orgs):
        k = (f.attrs["name"], f.attrs["state"], f.attrs["role"])
        if k not in seen:
            seen.add(k)
            found.append(f)
    found.sort(key=lambda f: f.start)
    return found
