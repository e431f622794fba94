"""Persons holding a role for a State: bureau elections and "X先生(State)担任主席".

A bureau list is a chain of "Name(State)" items, each role label (主席:, 副主席:, 报告员:)
setting the role of the items after it until the next label:

    主席:Amina C.Mohamed(肯尼亚)副主席:Taous Ferroukhi(阿尔及利亚)Eugenio María Curia(阿根廷)…
    -主席:Baker Fattah Hussen(伊拉克)-副主席:Magdi Mofadal Elnour(苏丹)-Arun Kanth Manhoran(印度)…

Names are Latin ("I Gusti Agung Wesaka Puja") or Chinese (唐国强(中国)). A label that lost its
first characters in PDF extraction ("告:" for 报告员:, "员:") is read as the role whose name
ends that way, flagged ``role_inferred``. Outside lists, "Name先生(State)担任主席" gives a
chair (of a subsidiary body) with ``role="chair"``.

Facts: ``EntityMention(kind="person", key="<name>|<ISO3>", label=name,
attrs={"name", "state", "role", "role_zh", "state_start", "state_end"})``; the span covers
"Name(State)". Identity is name + State: two people are never merged on name alone.
"""
from __future__ import annotations

import re

from ..models import Document, EntityMention

KIND = "persons"
REQUIRES = ("states",)

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
        if c and found:
            s, e, name = found
            key = {"主席": "chair", "副主席": "vice-chair", "共同主席": "co-chair"}[c.group(1)]
            out.append(EntityMention("person", f"{name}|{m.key}", s, c.end(), name, {
                "name": name, "state": m.key, "role": key, "role_zh": c.group(1),
                "state_start": m.start, "state_end": m.end, "role_inferred": False,
                "bureau": False,
            }))
    return out


def extract(doc: Document) -> list:
    states = [f for f in doc.entities.get("states", []) if isinstance(f, EntityMention)]
    return find_persons(doc.normalized.text, states)
