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

Persons printed without "(State)", each only with the role the text gives them:

    内里斯·多克里(签名)常驻代表                    the signatory of a letter, for the State sending it
    尼日利亚政府…司司长扎卡利亚乌·拉瓦尔先生        a member of a list, the State the item names
    选举米歇尔·福斯特为首任…特别报告员              an appointee
    Lynk先生(…前特别报告员), 总督John Vereker, Ewart Frederick Brown总理, Jenny Lei Ravelo (Devex),“…”

A Latin name is two to five capitalized words (particles between them), none a word of an
organization's or a place's English name (``person/not-a-name``); one word only with a courtesy
title and the office in brackets. A person the document names with a State is not named again
without it.

Facts: ``PersonMention`` (key "<identity>|<ISO3>", the name as printed, State, role, role as
printed and in English); the span covers "Name(State)" or "Name,State…title". Identity is the
name's ``person_identity`` + State (+ organization for an official of an international
organization, + the printed affiliation when there is neither): two people are never merged on
name alone.

One person is printed several ways, in one report and across sessions: "Eugenio María Curia" /
"Eugenio Curia", "Taous Ferroukhi" / "Taous Feroukhi", "Marisela Morales Ibáñez" / "… Ibañez".
``person_identity`` reads every form to the same key from the name alone (never from the other
names of the corpus, so a report gives the same key whichever reports are built with it):
accents folded, a doubled letter read as one, and only the first given name and the surname
kept (middle names are what reports drop). Two people of one State with the same surname keep
their given names apart ("Maria Rossi" ≠ "Paolo Rossi"); the price is that two people with the
same first and last name and State but different middle names are one (never seen in UN
reports, where bureau members and speakers of one State at one session are few).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from anyascii import anyascii

from ..facts import OrganizationMention, PersonMention, StateMention
from ..iris import role_key
from ..lexicon import organizations, state_alias_index, titles, word_pattern, word_regex, words
from ..models import Document
from ..patterns import alternation

NAME_LOOKBACK = 60  # a name stands within this many characters before "(State)"
LIST_ITEM_GAP = 70  # the next item of a bureau list starts within this many characters
CHAIR_LOOKBACK = 80  # "主席" this close before an assistant's name: the chair's assistant
SPEAKER_NAME_LOOKBACK = 80  # "Name," of a speaker: the name within this window before the comma
TRANSLITERATED_NAME_LOOKBACK = 20  # a transliterated Chinese name (尤里·费多托夫) is short
TITLE_SPAN = 70  # "<affiliation><title>" after a speaker's name is at most this long
STATE_NAME_MAX = 20  # the longest name of a State (多民族玻利维亚国, 大不列颠及北爱尔兰联合王国 …)

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
_CHAIRS = {"主席": "chair", "副主席": "vice-chair", "共同主席": "co-chair"}
# a label whose first characters PDF extraction lost ("告:" for 报告员:): the role it ends
_TRUNCATED = {"告员": "rapporteur", "告": "rapporteur", "员": "rapporteur"}
# "第一副主席:", "第二副主席:" (a commission's bureau counts its vice-chairs): vice-chairs
_LABEL = re.compile(r"[-\s]*(?:第[一二三四五六七八九十]{1,2})?(副主席兼报告员|副主席|主席|报告员|告员|告|员)\s?:\s?")
_FULL_LABEL = re.compile(r"(副主席兼报告员|副主席|主席|报告员)\s?:\s?")
_SEP = re.compile(r"[-\s、,;]*")
_LATIN_LETTER = "A-Za-zÀ-ɏḀ-ỿ"
_LATIN_CAPITAL = "A-ZÀ-ÞĀ-ſ"
_LATIN_TOKEN = rf"[{_LATIN_LETTER}][{_LATIN_LETTER}'’.\-]*"
# printed after a name: a courtesy title or a military or diplomatic rank (UN letters of appointment
# and summary records: "Michael Lollesgaard少将(丹麦)", "萨曼莎·鲍尔大使(美利坚合众国)")
_HONORIFIC_WORDS = r"先生|女士|少将|中将|上将|准将|大使|博士|教授|法官|阁下"
_LATIN_NAME = re.compile(rf"(?:{_LATIN_TOKEN} )*{_LATIN_TOKEN}\s?(?:{_HONORIFIC_WORDS}){{0,2}}\s?$")
_CAPITAL = re.compile(rf"[{_LATIN_CAPITAL}]")
_HAN_NAME = re.compile(r"(?:[\u4e00-\u9fff]{2,5}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}?){1,4})"
                       r"\s?(?:先生|女士|少将|中将|上将|准将|大使|博士|教授|法官|阁下){0,2}$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HONORIFIC = re.compile(rf"(?:\s?(?:{_HONORIFIC_WORDS}))+\s?$")  # "先生阁下": both
_HONORIFICS = ("先生", "女士")
# a transliterated name in Chinese characters, parts joined by "·" ("普尔纳·钱德拉·塔帕"), with its
# courtesy title or rank, right before "(State)"
_TRANSLITERATED_BEFORE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{1,8}}(?:·[\u4e00-\u9fff]{{1,8}}?){{1,4}})\s?(?P<honorific>(?:{_HONORIFIC_WORDS}){{1,2}})?\s?$")
FIRST_PART_MAX = 4  # the first part of a transliterated name has at most this many characters
FIRST_PART_SPAN = 8  # … and, before the words that precede it are cut, at most this many
DOTTED_NAME_SPAN = 80  # a transliterated name and what it is matched with run at most this far past its "·"
_CHAIR_AFTER = re.compile(r"(?:先生|女士)?\s?担任(?:了)?(共同主席|副主席|主席)")
_ASSIST_AFTER = re.compile(r"\s?(?:的协助下|协助)")
# a speaker item "Name,<affiliation><title>" ends before "(代表…)", "(作为…)", punctuation, the
# next Latin name or a number
_ITEM_END = re.compile(r"""
    \((?:还|也)?(?:代表|作为)   # "(代表…)", "(作为…)"
  | [,。;:、!?]               # punctuation
  | [A-Za-zÀ-ɏ]              # the next Latin name
  | \d | $                   # a number, the end
""", re.X)
_LATIN_BEFORE_COMMA = re.compile(
    rf"(?<![{_LATIN_LETTER}'’.\-])[{_LATIN_CAPITAL}][{_LATIN_LETTER}'’.\-]*(?: {_LATIN_TOKEN}){{1,5}}$")
_HAN_TRANSLIT = re.compile(r"(?<=[:)])[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff·]{1,12}$")
_AFFILIATION = re.compile(r"(.{2,30}?(?:权力机构|机构|组织|办公室|办事处|当局|联盟|秘书处))(?=.)")
_LATIN_AFTER = re.compile(rf"[{_LATIN_CAPITAL}][{_LATIN_LETTER}'’.\-]*(?: {_LATIN_TOKEN}){{1,5}}")
_COMMA = re.compile(",")
_MINISTER_HEADS = ("部长", "副部长", "大臣")  # "<ministry><head>" is the minister *of* it
MINISTRY_PREFIX = "Ministry of "


# --- identity of a name -----------------------------------------------------------------------
_NAME_SPLIT = re.compile(r"[\s.]+")  # "Amina C.Mohamed": an initial ends at its point
_INSIDE_TOKEN = re.compile(r"['’\-]")  # "O'Neill", "Al-Thani", "Klaus-Peter": one token each
_DOUBLED = re.compile(r"([a-z])\1+")  # "Ferroukhi" / "Feroukhi": a doubled letter is one
_SPACE = re.compile(r"\s+")
_MIDDLE_DOTS = re.compile(r"[\u00b7\u2022\u30fb\u2027\u2219]+")  # 尤里·费多托夫, 尤里•费多托夫
MIDDLE_DOT = "\u00b7"


def person_identity(name: str) -> str:
    """What identifies a person in a name, the same for every way it is printed:
    "Eugenio María Curia" and "Eugenio Curia" -> "eugenio-curia"; "Ibáñez" = "Ibañez";
    "Ferroukhi" = "Feroukhi"; "Juan de la Cruz" -> "juan-delacruz" (lower-case particles
    before the surname belong to it); "I Gusti Agung Puja" -> "igusti-puja" (a one-letter
    first token is read with the next). A name in Chinese characters is kept whole."""
    if _HAN.search(name):
        return _MIDDLE_DOTS.sub(MIDDLE_DOT, _SPACE.sub("", name))
    printed = [t for t in _NAME_SPLIT.split(name.strip()) if t]
    if not printed:
        return ""
    folded = [_DOUBLED.sub(r"\1", _INSIDE_TOKEN.sub("", anyascii(t).lower())) for t in printed]
    if len(folded) == 1:
        return folded[0]
    given_end = 2 if len(folded) > 2 and len(folded[0]) == 1 else 1
    surname_start = len(folded) - 1
    while surname_start > given_end and printed[surname_start - 1][:1].islower():
        surname_start -= 1
    return "".join(folded[:given_end]) + "-" + "".join(folded[surname_start:])


def person_key(name: str, tail: str) -> str:
    """The identity of a PersonMention: the name's identity and the State (or organization, or
    printed affiliation) the person acts for."""
    return f"{person_identity(name)}|{tail}"


def _titles_of(kind: str) -> list[str]:
    return [w for w, (_, k) in titles().items() if k == kind]


@lru_cache(maxsize=None)
def _title_re() -> re.Pattern:
    return re.compile(alternation(_titles_of("title")))


@lru_cache(maxsize=None)
def _title_chain() -> re.Pattern:
    """"<ministry>?<title>(兼<ministry>?<title>)*" right at a position (a title before a name)."""
    one = rf"(?:(?:{alternation(_titles_of('ministry'))})?(?:{alternation(_titles_of('title'))}))"
    return re.compile(rf"{one}(?:兼{one})*")


@lru_cache(maxsize=None)
def _organizations_en() -> dict[str, str]:
    return {a: o.label_en for o in organizations().values() for a in o.labels_zh}


def role_en(zh: str) -> str:
    """English form of a printed title: parts joined by 兼 ("and"), each the longest title
    ending it, qualified by the ministry, title or organization before it."""
    return " and ".join(_part_en(p) for p in zh.split("兼") if p)


def _part_en(p: str) -> str:
    t = titles()
    heads = [w for w in _titles_of("title") if p.endswith(w)]
    if not heads:
        return p
    head = max(heads, key=len)
    en = t[head][0]
    rest = p[: -len(head)]
    if not rest or head == "长":
        return en
    if head == "部长" or (head == "副部长" and rest + "部" in t):
        m = t.get(rest + "部") or t.get(rest)
        if m and m[1] == "ministry":
            return f"{en} of {m[0].removeprefix(MINISTRY_PREFIX)}"
    ministry = next((t[rest[i:]][0] for i in range(len(rest))
                     if rest[i:] in t and t[rest[i:]][1] == "ministry"), None)
    if ministry:
        return _with_ministry(en, head, ministry)
    if any(rest.endswith(w) for w in _titles_of("title")):
        return f"{en} to the {_part_en(rest)}"
    orgs = _organizations_en()
    org = next((rest[i:] for i in range(len(rest)) if rest[i:] in orgs), None)
    return f"{en}, {orgs[org]}" if org else en


def _with_ministry(en: str, head: str, ministry: str) -> str:
    """"<title> of|for <ministry>", or "<title>, <ministry>" for a title held in a ministry."""
    minister = head in _MINISTER_HEADS
    if minister or not ministry.startswith(MINISTRY_PREFIX):
        if ministry.startswith(MINISTRY_PREFIX):
            return f"{en} of {ministry.removeprefix(MINISTRY_PREFIX)}"
        return f"{en} of {ministry}" if minister else f"{en} for {ministry}"
    return f"{en}, {ministry}"


def _name_before(text: str, lo: int, paren: int, han_ok: bool):
    """The name written in text[lo:paren] right before "(State)": (start, end, name) or None."""
    chunk = text[lo:paren]
    m = _LATIN_NAME.search(chunk)
    if m and m.group().strip() and _CAPITAL.match(m.group().lstrip()):
        s = lo + m.start() + (len(m.group()) - len(m.group().lstrip()))
    elif han_ok and _HAN_NAME.fullmatch(chunk.strip(" -")):
        s = lo + (len(chunk) - len(chunk.lstrip(" -")))
    else:
        return None
    name = _HONORIFIC.sub("", text[s:paren]).strip()
    if (not name or name.lower() == name) and not _HAN.search(name):
        return None
    return s, paren, name


def find_persons(text: str, states: tuple[StateMention, ...] | list[StateMention]) -> list[PersonMention]:
    """Bureau lists, chairs ("Name先生(State)担任主席"), chairs' assistants, and persons named
    with a courtesy title or rank before "(State)" whose role the sentence gives."""
    reader = _BureauReader(text)
    out = []
    for m in states:  # "(State)" items
        if m.start > 0 and text[m.start - 1] == "(" and text.startswith(")", m.end):
            person = reader.read(m)
            if person is not None:
                out.append(person)
        elif m.start > 0 and text[m.start - 1] == "(" and text.startswith(_OBSERVER + ")", m.end):
            person = _named_with_title(text, m, m.start - 1, m.end + len(_OBSERVER) + 1)
            if person is not None:
                out.append(person)
    return out


# --- persons named with a courtesy title or rank ---------------------------------------------
_OBSERVER = "观察员"  # "Mansour先生(巴勒斯坦国观察员)说": the observer for a State
ROLE_LOOKBEHIND = 8  # "副主席Name…", "主席是 Name": the role word within this window before the name
_ROLE_BEFORE = re.compile(r"(共同主席|副主席|主席|报告员)(?:是|为)?\s?$")
_SPEAKS_AFTER = re.compile(r"\s?(?:说|发言|指出|表示|介绍)")
_APPOINTED_AFTER = re.compile(r"\s?(?:担任|为)(?P<role>[^,。;:、()]{2,30}?)(?=[,。;:、()]|$)")
_MY = "我的"  # "任命X为我的…特别代表": the Secretary-General's representative
_LISTED_AFTER = re.compile(r"\s?[、,]")  # "Jack Holland先生(澳大利亚)、Ingrid …": members of a group
SPOKEN_ROLES = {"observer": ("观察员", "Observer"), "representative": ("代表", "Representative"),
                "member": ("成员", "Member"), "appointee": ("任命", "Appointee")}


def _before_name() -> re.Pattern:
    """Where a name in Chinese characters starts: after the last of these words."""
    return word_regex("person/before-name")


def _titled_name_before(text: str, paren: int):
    """(start, name, titled) of "Name<courtesy title or rank>" ending at ``paren``, or None. A
    Latin name needs its title ("Salah先生(突尼斯)"); a transliterated one ("普尔纳·钱德拉·塔帕少将")
    may go without (then only a role word before it gives it a role) and starts after the last
    word of ``person/before-name`` in its first part."""
    lo = max(0, paren - NAME_LOOKBACK)
    found = _name_before(text, lo, paren, han_ok=False)
    if found is not None:  # without its title, only a role word before it gives it a role
        return found[0], found[2], bool(_HONORIFIC.search(text, lo, paren))
    t = _TRANSLITERATED_BEFORE.search(text[lo:paren])
    if t is None:
        return None
    start = _transliterated_start(text, lo + t.start("name"))
    if start is None:
        return None
    return start, text[start:lo + t.end("name")], bool(t.group("honorific"))


def _transliterated_start(text: str, first: int) -> int | None:
    """Where a transliterated name whose first part may begin at ``first`` begins: after the last
    word of ``person/before-name`` or title of office in its first part ("主任丽莎·萨顿"), else
    at ``first`` when the first part is short enough to be a name by itself."""
    dot = text.index(MIDDLE_DOT, first)
    cut = None
    for rx in (_before_name(), _title_re()):
        for m in rx.finditer(text, first, dot):
            if cut is None or m.end() > cut:
                cut = m.end()
    start = cut if cut is not None else first
    if cut is None and dot - start > FIRST_PART_MAX or dot - start < 1:
        return None
    return start


def _named_with_title(text: str, m: StateMention, paren: int, item_end: int) -> PersonMention | None:
    """A person named with a courtesy title or rank before "(State)" or "(State观察员)", with
    the role the sentence gives: the role word before the name (副主席Name), an observer's or a
    representative's statement (…说), an appointment (担任<role>), a list of members."""
    found = _titled_name_before(text, paren)
    if found is None:
        return None
    s, name, titled = found
    role_zh, role, end = _role_around(text, s, item_end, text[paren + 1:item_end - 1].endswith(_OBSERVER),
                                      titled)
    if role is None:
        return None
    en = ROLES[role][1] if role in ROLES else SPOKEN_ROLES.get(role, (None, None))[1] or role_en(role_zh)
    key = role if role in ROLES or role in SPOKEN_ROLES else role_key(en)
    return PersonMention(person_key(name, m.key), s, end, name, m.key, key, role_zh, role_en=en,
                         state_start=m.start, state_end=m.end)


def _role_around(text: str, s: int, item_end: int, observer: bool, titled: bool):
    """(role as printed, role key, end of the span) for a name at [s, item_end); without a
    courtesy title or rank only a role word before the name gives one."""
    r = _ROLE_BEFORE.search(text, max(0, s - ROLE_LOOKBEHIND), s)
    if r:
        zh = r.group(1)
        return zh, _CHAIRS[zh] if zh in _CHAIRS else "rapporteur", item_end
    if not titled:
        return None, None, item_end
    if observer:
        return SPOKEN_ROLES["observer"][0], "observer", item_end
    if _SPEAKS_AFTER.match(text, item_end):
        return SPOKEN_ROLES["representative"][0], "representative", item_end
    a = _APPOINTED_AFTER.match(text, item_end)
    if a:
        zh = a.group("role").strip().removeprefix(_MY)
        return zh, zh if role_en(zh).isascii() else "appointee", a.end()
    if _LISTED_AFTER.match(text, item_end) or text[max(0, s - 1):s] in ("、", ","):
        return SPOKEN_ROLES["member"][0], "member", item_end
    return None, None, item_end


class _BureauReader:
    """Reads "(State)" items in order; a role label sets the role of the items after it."""

    def __init__(self, text: str):
        self.text = text
        self.prev_end = -1  # end of the previous item of the current list
        self.role: str | None = None
        self.inferred = False

    def read(self, m: StateMention) -> PersonMention | None:
        paren = m.start - 1
        label, lo, chained = self._label_before(paren)
        found = _name_before(self.text, lo, paren, han_ok=chained)
        if label is not None and found is None:
            self.prev_end, self.role = -1, None
            return None
        if label is not None:
            self.role, self.inferred = ((_TRUNCATED[label], True) if label in _TRUNCATED
                                        else (_LABELS[label], False))
        if found is not None and chained and self.role is not None:
            self.prev_end = m.end + 1
            s, _, name = found
            return PersonMention(person_key(name, m.key), s, m.end + 1, name, m.key, self.role,
                                 ROLES[self.role][0], role_inferred=self.inferred, bureau=True,
                                 state_start=m.start, state_end=m.end)
        self.prev_end, self.role = -1, None
        return _chair_or_assistant(self.text, m, paren)

    def _label_before(self, paren: int) -> tuple[str | None, int, bool]:
        """(role label, where the name may start, whether the item belongs to a list)."""
        text = self.text
        if self.prev_end >= 0 and paren - self.prev_end <= LIST_ITEM_GAP:
            gap = text[self.prev_end:paren]
            lm = _LABEL.match(gap)
            if lm:
                return lm.group(1), self.prev_end + lm.end(), True
            return None, self.prev_end + _SEP.match(gap).end(), True
        # a fresh list: "主席:Name(State)" with a full label just before the name
        label, lo = None, max(0, paren - NAME_LOOKBACK)
        for lm in _FULL_LABEL.finditer(text, max(0, paren - LIST_ITEM_GAP), paren):
            label, lo = lm.group(1), lm.end()
        return label, lo, label is not None


def _chair_or_assistant(text: str, m: StateMention, paren: int) -> PersonMention | None:
    """"Name先生(State)担任主席" (a chair) or "在Name先生(State)的协助下" (an assistant)."""
    item_end = m.end + 1
    found = _name_before(text, max(0, paren - NAME_LOOKBACK), paren, han_ok=False)
    if found is None:
        return _named_with_title(text, m, paren, item_end)
    s, _, name = found
    state = {"state_start": m.start, "state_end": m.end}
    c = _CHAIR_AFTER.match(text, item_end)
    if c:
        return PersonMention(person_key(name, m.key), s, c.end(), name, m.key, _CHAIRS[c.group(1)],
                             c.group(1), **state)
    honorific = text.endswith(_HONORIFICS, 0, paren)
    a = _ASSIST_AFTER.match(text, item_end) if honorific else None
    if a is None:
        return _named_with_title(text, m, paren, item_end)
    chair = "主席" in text[max(0, s - CHAIR_LOOKBACK):s]
    en = "Assistant to the Chair" if chair else "Assistant"
    return PersonMention(person_key(name, m.key), s, a.end(), name, m.key, role_key(en),
                         "协助主席" if chair else "协助", role_en=en, **state)


def _speaker(name, key_tail, state, s, e, title_zh, extra) -> PersonMention:
    en = role_en(title_zh)
    return PersonMention(person_key(name, key_tail), s, e, name, state, role_key(en), title_zh,
                         role_en=en, **extra)


def find_speakers(text: str, states, orgs) -> list[PersonMention]:
    """Persons named with their office: "Name,<State|organization><title>" and
    "<State><title>Name"."""
    state_at = {m.start: m for m in states}
    org_at = {m.start: m for m in orgs if isinstance(m, OrganizationMention)}
    out = [p for c in _COMMA.finditer(text)
           if (p := _speaker_at_comma(text, c.start(), state_at, org_at)) is not None]
    chain = _title_chain()
    for st in states:
        if st.start and text[st.start - 1] in "(,":
            continue
        t = chain.match(text, st.end)
        n = _name_after_title(text, t.end()) if t else None
        if n is None:
            continue
        start, end, name = n
        out.append(_speaker(name, st.key, st.key, st.start, end, t.group(), {
            "state_start": st.start, "state_end": st.end}))
    return out


# a letter's signature: "<State>常驻联合国代表(大使) <Name>(签名)"
_LATIN_SIGNED = re.compile(rf"(?:大使)?\s?(?P<name>{_LATIN_AFTER.pattern})\(签名\)")
_SIGNED = re.compile(r"(?:大使)?\s?(?P<name>[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){0,4})\(签名\)")


def _name_after_title(text: str, pos: int):
    """(start, end, name) of the name right after "<State><title>": a Latin name, or a name in
    Chinese characters when the signature mark "(签名)" closes it."""
    n = _LATIN_AFTER.match(text, pos)
    if n and not text.startswith(("(", "先生", "女士"), n.end()):
        return n.start(), n.end(), n.group()
    n = _LATIN_SIGNED.match(text, pos)
    if n:
        return n.start("name"), n.end(), n.group("name")
    signed = _SIGNED.match(text, pos)
    if signed:
        return signed.start("name"), signed.end(), signed.group("name")
    return None


# what ends a Latin name (_LATIN_BEFORE_COMMA) and a transliterated one (_HAN_TRANSLIT): the
# character before a comma tells which of the two to look for
_LATIN_NAME_END = re.compile(rf"[{_LATIN_LETTER}'’.\-]")
_HAN_TRANSLIT_END = re.compile(r"[\u4e00-\u9fff·]")


def _speaker_at_comma(text: str, comma: int, state_at, org_at) -> PersonMention | None:
    """"Name,<State|organization|affiliation><title>": the speaker whose name ends at ``comma``."""
    last = text[comma - 1:comma]
    nm = ((_LATIN_NAME_END.match(last)
           and _LATIN_BEFORE_COMMA.search(text[max(0, comma - SPEAKER_NAME_LOOKBACK):comma]))
          or (_HAN_TRANSLIT_END.match(last)
              and _HAN_TRANSLIT.search(text[max(0, comma - TRANSLITERATED_NAME_LOOKBACK):comma])))
    if not nm:
        return None
    name = nm.group().strip()
    ns = comma - len(nm.group()) + (len(nm.group()) - len(nm.group().lstrip()))
    pos = comma + 1
    stop = _ITEM_END.search(text, pos + 1, min(len(text), pos + TITLE_SPAN))
    end = stop.start() if stop else min(len(text), pos + TITLE_SPAN)
    tails = list(_title_re().finditer(text, pos, end))
    if not tails:
        return None
    tend = tails[-1].end()
    held = _affiliation(text, pos, tend, state_at.get(pos), org_at.get(pos))
    if held is None:
        return None
    title_zh, key_tail, state, extra = held
    if not _title_re().search(title_zh):
        return None
    return _speaker(name, key_tail, state, ns, tend, title_zh, extra)


def _affiliation(text, pos, tend, st, org):
    """(title as printed, identity tail, State, extra fields) of "<who><title>" at pos."""
    if st is not None:
        if st.end >= tend:
            return None
        return text[st.end:tend], st.key, st.key, {"state_start": st.start, "state_end": st.end}
    if org is not None and org.end < tend:
        return text[pos:tend], org.key, None, {"organization": org.key}
    a = _AFFILIATION.match(text, pos, tend)
    if not a:
        return None
    return text[a.end():tend], a.group(1), None, {"affiliation": a.group(1)}


# --- persons named without "(State)": signatures, titled names, authors ---------------------
SIGNED = "(签名)"
LETTER_HEAD_SPAN = 600  # a letter names its sender ("<State>常驻联合国代表给…的信") this early
SIGNATURE_NAME_MAX = 30  # the name before "(签名)" is at most this long
ITEM_LOOKBACK = 70  # an item of a list of members ("<affiliation><title>Name先生") is at most this long
_SENDER = re.compile(r"常驻(?:联合国|日内瓦|维也纳|纽约)")  # "<State>常驻联合国代表(团)…的信"
_TRANSLITERATED_TITLED = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{1,8}}(?:·[\u4e00-\u9fff]{{1,8}}?){{1,4}})\s?(?:{_HONORIFIC_WORDS})")
# "选举米歇尔·福斯特为首任环境维权者问题特别报告员": a name and the office it is given
_TRANSLITERATED_APPOINTED = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,5}?){1,4})"
    r"(?:为|担任)(?P<role>[^,。;:、()]{2,30}?)(?=[,。;:、()]|$)")
_SIGNED_NAME = re.compile(rf"""(?:
    (?P<han>[\u4e00-\u9fff]{{1,8}}(?:·[\u4e00-\u9fff]{{1,8}}){{0,4}})      # 内里斯·多克里, 苏莱曼
  | (?P<latin>[{_LATIN_CAPITAL}][{_LATIN_LETTER}'’.\-]*(?:\s{_LATIN_TOKEN}){{1,5}})  # Latin
  )\s?(?:{_HONORIFIC_WORDS})?\s?$""", re.X)
_PARTICLES = r"de|da|del|della|der|den|di|do|dos|du|la|le|van|von|bin|ibn|al|el|y"
# a personal name in Latin letters standing in Chinese text: two to five words, capitalized but
# for the particles between them ("Juan de Bermúdez", "Samuel Owusu-Ansah", "Jenny Lei Ravelo")
_LATIN_PERSON = re.compile(rf"""
    [{_LATIN_CAPITAL}]                      # (a capital first: a fast scan for capitals)
    (?<![{_LATIN_LETTER}'’.\-\d/].)          # not inside a word, a number or a symbol
    [{_LATIN_LETTER}'’\-]+
    (?:\s(?:(?:{_PARTICLES})\s)?[{_LATIN_CAPITAL}][{_LATIN_LETTER}'’\-]*\.?){{0,4}}
    (?![{_LATIN_LETTER}\d/])
""", re.X)
_LATIN_HONORED = re.compile(rf"\s?(?:{_HONORIFIC_WORDS})\((?P<role>[^()]{{2,60}})\)")
# an author cited: "Jenny Lei Ravelo (Devex),“…”", "Ginette Azcona等人,《…》"
_AUTHOR_AFTER = re.compile(r"\s?(?:\([^()]{1,40}\))?\s?(?:等人)?[,:]\s?[“《\"]")
AUTHOR = ("作者", "Author")
SIGNATORY = ("签名", "Signatory")


@lru_cache(maxsize=None)
def _not_a_name() -> frozenset[str]:
    """Words of English names of organizations, places and titles: a Latin run with one is no
    person ("Signature Bank", "La Strada International")."""
    return frozenset(words("person/not-a-name"))


@lru_cache(maxsize=None)
def _before_name_end() -> re.Pattern:
    """A word of ``person/before-name`` ending right before a name (选举…, 任命…)."""
    return re.compile(rf"(?:{word_pattern('person/before-name')})$")


@lru_cache(maxsize=None)
def _title_before() -> re.Pattern:
    return re.compile(rf"(?:{alternation(_titles_of('title'))})$")


@lru_cache(maxsize=None)
def _title_run() -> re.Pattern:
    """Titles one after the other ("大使常驻代表"), right at a position."""
    return re.compile(rf"(?:{alternation(_titles_of('title'))})+")


def _titles_en(run: str) -> str:
    """"大使常驻代表" -> "Ambassador, Permanent Representative"."""
    found, pos = [], 0
    while m := _title_re().match(run, pos):
        found.append(titles()[m.group()][0])
        pos = m.end()
    return ", ".join(found) or role_en(run)


def _unattached(name, s, e, role_zh, role_en_, state=None, **extra) -> PersonMention:
    key = role_key(role_en_)
    return PersonMention(person_key(name, state or extra.get("affiliation") or ""), s, e, name, state,
                         key, role_zh, role_en=role_en_, **extra)


def letter_sender(text: str, states) -> str | None:
    """The State whose representative sends a letter: "<State>常驻联合国代表(团)…" in its heading."""
    return next((m.key for m in states
                 if m.start < LETTER_HEAD_SPAN and _SENDER.match(text, m.end)), None)


def find_signatures(text: str, states) -> list[PersonMention]:
    """"内里斯·多克里(签名)常驻代表": the signatory of a letter, for the State that sends it,
    with the titles printed after the signature."""
    out, sender = [], None
    for sig in re.finditer(re.escape(SIGNED), text):
        n = _SIGNED_NAME.search(text, max(0, sig.start() - SIGNATURE_NAME_MAX), sig.start())
        if n is None or _title_before().search(text, max(0, n.start() - ROLE_LOOKBEHIND), n.start()):
            continue  # "<State>常驻联合国代表Name(签名)": read with its State (find_speakers)
        if n.group("han"):
            start = _signed_han_start(text, n.start("han"), n.end("han"))
            if start is None:
                continue
            name = text[start:n.end("han")]
        else:
            start, name = n.start("latin"), n.group("latin")
        run = _title_run().match(text, sig.end())
        zh, en = (run.group(), _titles_en(run.group())) if run else SIGNATORY
        sender = sender or letter_sender(text, states)
        out.append(_unattached(name, start, run.end() if run else sig.end(), zh, en, sender))
    return out


# the other order of a signature block: the titles, the mark, then the name on a line of its own
# ("常驻联合国代表⏎大使⏎(签名) 若昂·席尔瓦", "(签名) João Silva")
_TITLES_BEFORE_MARK = 30  # "常驻联合国代表大使" ends right before the mark
_NAME_AFTER_MARK = re.compile(rf"\s?(?:(?P<latin>{_LATIN_AFTER.pattern})"
                              rf"|(?P<han>[\u4e00-\u9fff]{{1,8}}(?:·[\u4e00-\u9fff]{{1,8}}){{0,4}}))")


def find_signatures_after_mark(text: str, states, line_starts: list[int]) -> list[PersonMention]:
    """"<titles>(签名) Name": the signatory of a letter after the mark, for the State that sends
    it. Joined PDF lines leave the name's end unprinted: it ends where its line ends (the next
    line of the source starts), or at the end of the text or a character that is no name's."""
    out, sender = [], None
    for sig in re.finditer(re.escape(SIGNED), text):
        titles = _title_run_before(text, sig.start())
        n = _NAME_AFTER_MARK.match(text, sig.end())
        if not titles or n is None:
            continue
        kind = "latin" if n.group("latin") else "han"
        start, end = n.start(kind), n.end(kind)
        k = bisect_right(line_starts, start)
        line_end = line_starts[k] if k < len(line_starts) else len(text)
        end = min(end, line_end)
        name = text[start:end]
        if kind == "han" and MIDDLE_DOT not in name and not 2 <= len(name) <= 4:
            continue
        if end != line_end and end < len(text) and kind == "han":
            continue  # a Chinese name runs into the next words: where it ends is unknown
        sender = sender or letter_sender(text, states)
        out.append(_unattached(name, start, end, titles, _titles_en(titles), sender))
    return out


def _title_run_before(text: str, pos: int) -> str:
    """The titles printed one after the other right before ``pos`` ("常驻联合国代表大使")."""
    start = pos
    while m := _title_before().search(text, max(0, start - _TITLES_BEFORE_MARK), start):
        start = m.start()
    return text[start:pos]


def _signed_han_start(text: str, first: int, end: int) -> int | None:
    """A name in Chinese characters before "(签名)": a transliterated one cut after the words
    before it; a name without "·" only right after the end of a sentence."""
    if MIDDLE_DOT in text[first:end]:
        return _transliterated_start(text, first)
    return first if 2 <= end - first <= 4 and text[first - 1:first] in ("。", "") else None


def _dotted(text: str, pattern: re.Pattern) -> Iterator[re.Match]:
    """The matches of a pattern for a transliterated name, found from each "·" (a scan from
    every character would cost a regex attempt per character)."""
    end = 0
    dot = text.find(MIDDLE_DOT)
    while dot >= 0:
        m = pattern.search(text, max(end, dot - FIRST_PART_SPAN), dot + DOTTED_NAME_SPAN)
        if m is not None and m.start() < dot:
            yield m
            end = m.end()
        dot = text.find(MIDDLE_DOT, max(dot + 1, end))


def find_titled(text: str) -> list[PersonMention]:
    """"<affiliation><title>丽莎·萨顿女士" (a list of members, a panel), "选举米歇尔·福斯特为…特别
    报告员": a transliterated name with its title before it or its role after it. The State is
    the one the item opens with ("尼日利亚政府…司长扎卡利亚乌·拉瓦尔先生"), when it does."""
    out, prev_end = [], 0
    if MIDDLE_DOT not in text:
        return out
    for m in _dotted(text, _TRANSLITERATED_TITLED):
        if text.startswith("(", m.end()) and _state_at(text, m.end() + 1):
            continue  # "(State)" after it: the rules above read it
        start = _transliterated_start(text, m.start("name"))
        title = _title_before().search(text, max(0, start - ITEM_LOOKBACK), start) if start else None
        if title is None:
            continue
        item = max(prev_end, start - ITEM_LOOKBACK, text.rfind("。", 0, start) + 1)
        item = _after_bracket(text, item)
        zh = title.group()
        out.append(_unattached(text[start:m.end("name")], start, m.end(), zh, role_en(zh),
                               _item_state(text, item, title.start()),
                               affiliation=text[item:title.start()] or None))
        prev_end = m.end()
    for m in _dotted(text, _TRANSLITERATED_APPOINTED):
        start = _transliterated_start(text, m.start("name"))
        if start is None or not _before_name_end().search(text, max(0, start - ROLE_LOOKBEHIND), start):
            continue
        zh = m.group("role").strip()
        out.append(_unattached(text[start:m.end("name")], start, m.end(), zh, role_en(zh)))
    return out


_GOVERNMENT = "政府"  # "德国政府…司长": an official of that State's government


def _item_state(text: str, item: int, end: int) -> str | None:
    """The State of an item of a list of members: the State it opens with, else the one whose
    government it names ("…成员名单德国政府联邦外交部…")."""
    state = _state_at(text, item)
    if state is not None:
        return state
    for gov in re.finditer(_GOVERNMENT, text[item:end]):
        for n in range(min(STATE_NAME_MAX, gov.start()), 1, -1):
            state = state_alias_index().get(text[item + gov.start() - n:item + gov.start()])
            if state is not None:
                return state
    return None


def _after_bracket(text: str, pos: int) -> int:
    """Past a bracket opening at ``pos`` ("(小组主席)尼日利亚政府…": the previous item's role)."""
    if text.startswith("(", pos):
        close = text.find(")", pos)
        return close + 1 if close > 0 else pos
    return pos


def _state_at(text: str, pos: int) -> str | None:
    """The State whose name (any alias) opens the text at ``pos``, longest first."""
    index = state_alias_index()
    for n in range(min(STATE_NAME_MAX, len(text) - pos), 1, -1):
        if text[pos:pos + n] in index:
            return index[text[pos:pos + n]]
    return None


def find_latin_unattached(text: str) -> list[PersonMention]:
    """A personal name in Latin letters with no State printed, and the role the text gives it:
    "Lynk先生(…前特别报告员)", "百慕大总督John Vereker", "Ewart Frederick Brown总理", or an
    author cited ("Jenny Lei Ravelo (Devex),“…”")."""
    out = []
    for m in _LATIN_PERSON.finditer(text):
        name = m.group()
        if any(w.strip(".") in _not_a_name() for w in name.split()):
            continue
        role = _latin_role(text, m.start(), m.end(), single=" " not in name)
        if role is not None:
            zh, en, end = role
            out.append(_unattached(name, m.start(), end, zh, en))
    return out


def _latin_role(text: str, s: int, e: int, single: bool) -> tuple[str, str, int] | None:
    """(role as printed, in English, end of the span) of a Latin name at [s, e), or None. A name
    of one word is a person's only with a courtesy title and the office in brackets after it."""
    honored = _LATIN_HONORED.match(text, e)
    if honored and not _state_at(text, honored.start("role")) and _title_re().search(honored.group("role")):
        zh = honored.group("role")
        return zh, role_en(zh), honored.end()
    if single or text.startswith("(", e) and _state_at(text, e + 1):
        return None  # one word without its office; or "(State)" after it, read by the rules above
    before = _title_before().search(text, max(0, s - ROLE_LOOKBEHIND), s)
    if before:
        return before.group(), role_en(before.group()), e
    after = _title_re().match(text, e)
    if after:
        return after.group(), role_en(after.group()), after.end()
    if _AUTHOR_AFTER.match(text, e):
        return AUTHOR[0], AUTHOR[1], e
    return None


def extract(doc: Document) -> list[PersonMention]:
    states = doc.facts.of(StateMention)
    orgs = doc.facts.of(OrganizationMention)
    text = doc.normalized.text
    found = find_persons(text, states)
    seen = {(f.key, f.role) for f in found}
    for f in find_speakers(text, states, orgs):
        k = (f.key, f.role)
        if k not in seen:
            seen.add(k)
            found.append(f)
    # persons with no "(State)": never where a rule above already read a person, and not again
    # a person the document names with their State ("主席Amina Mohamed" after the bureau list)
    named = {person_identity(f.name) for f in found}
    signatures = [*find_signatures(text, states),
                  *find_signatures_after_mark(text, states, doc.normalized.line_starts())]
    for f in [*signatures, *find_titled(text), *find_latin_unattached(text)]:
        if person_identity(f.name) in named or any(g.start < f.end and f.start < g.end for g in found):
            continue
        named.add(person_identity(f.name))
        found.append(f)
    found.sort(key=lambda f: f.start)
    return found
