"""Gazetteers: data files of real-world names (bodies, verbs), loaded once.

The files live in ``kg/data`` and name their sources in their header comments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Body:
    code: str
    slug: str
    label_en: str
    labels_zh: tuple[str, ...]


@dataclass(frozen=True)
class Verb:
    key: str
    forms_zh: tuple[str, ...]
    label_en: str
    cito: str


def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [
        line.split("\t")
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@lru_cache(maxsize=None)
def bodies() -> dict[str, Body]:
    out = {}
    for code, slug, en, zh in _rows("bodies.tsv"):
        out[code] = Body(code, slug, en, tuple(zh.split("|")))
    return out


@lru_cache(maxsize=None)
def body_alias_index() -> dict[str, str]:
    """Chinese alias -> body code (also with full-width punctuation made ASCII)."""
    index: dict[str, str] = {}
    for body in bodies().values():
        for alias in body.labels_zh:
            index[alias] = body.code
    return index


@lru_cache(maxsize=None)
def body_alias_pattern() -> re.Pattern:
    aliases = sorted(body_alias_index(), key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in aliases))


@lru_cache(maxsize=None)
def verbs() -> dict[str, Verb]:
    out = {}
    for key, forms, en, cito in _rows("verbs.tsv"):
        out[key] = Verb(key, tuple(forms.split("|")), en, cito)
    return out


@lru_cache(maxsize=None)
def verb_form_index() -> dict[str, str]:
    return {form: v.key for v in verbs().values() for form in v.forms_zh}


@lru_cache(maxsize=None)
def verb_pattern() -> re.Pattern:
    forms = sorted(verb_form_index(), key=len, reverse=True)
    return re.compile("|".join(re.escape(f) for f in forms))


@lru_cache(maxsize=None)
def preamble_verbs() -> tuple[str, ...]:
    return tuple(sorted((row[0] for row in _rows("preamble_verbs.tsv")), key=len, reverse=True))


@lru_cache(maxsize=None)
def places() -> dict[str, str]:
    """Chinese place name -> English name."""
    return {zh: en for zh, en in _rows("places.tsv")}


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_numeral(text: str) -> int | None:
    """'十一' -> 11, '二十三' -> 23, '五' -> 5; ASCII digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current
