"""lexicon: every data file in ``kg/data``, read by one loader against one declared schema.

``SCHEMA`` below is the only description of the files' columns. A column spec is
``name`` (required), ``name?`` (may be empty or missing at the end of the row), ``name[]``
(a ``|``-separated list; empty items dropped) and ``name{a,b}`` (one of the values given).
A row that does not fit raises ``LexiconError`` naming ``file:line`` and the problem.

On top of the rows this module holds the gazetteers (bodies, verbs, States, organizations,
instruments, …) and the shared word lists of ``words.tsv`` (adverbs, head nouns, modal
exclusions, blockers, …), each read and each pattern compiled once.
"""
from __future__ import annotations

import re
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .patterns import NUMBERING_STYLES, ActNumber, alternation, lookahead_pattern, trie_regex

SCHEMA: dict[str, str] = {
    "addressees.tsv": "key label_en forms_zh[]",
    "bodies.tsv": ("code slug type{principal-organ,subsidiary-organ,functional-commission,"
                   "regional-commission,executive-board,governing-body,treaty-conference,treaty-body,"
                   "regional-body} label_en labels_zh[] generic_zh[]? numbering[]? convention?"),
    "instruments.tsv": "id type label_en names_zh[] keywords[]? bodies[]?",
    "keyword_stopwords.tsv": "word reason",
    "mandate_verbs.tsv": "key forms_zh[] label_en kind{,modal}?",
    "organizations.tsv": "id label_en labels_zh[] type",
    "places.tsv": "zh en",
    "preamble_verbs.tsv": "form",
    "roles.tsv": "zh en kind{title,ministry,qualifier}",
    "state_exceptions.tsv": "name rejected_before[] reason",
    "states.tsv": "iso3 label_zh label_en aliases_zh[]? status{,member,observer,non-member,historical}?",
    "subsidiary_bodies.tsv": "slug parent label_en forms_zh[] established_by?",
    "symbol_series.tsv": "series label_en next[]?",
    "t2s.tsv": "traditional simplified",
    "verbs.tsv": "key forms_zh[] label_en cito",
    "words.tsv": "word lists[] reason",
}

# The lists of words.tsv, and the code that reads each (the file's header says what they hold).
WORD_LISTS = {
    "adverb/paragraph": "segment", "adverb/enacting": "extract.acts",
    "adverb/citation": "extract.citations", "adverb/mandate": "extract.mandates",
    "connector/mandate": "extract.mandates", "adverb/modal": "extract.mandates",
    "modal/not-before": "extract.mandates", "head/addressee": "extract.mandates",
    "addressee/item": "extract.mandates", "head/not-before": "extract.mandates",
    "head/common": "extract.mandates", "addressee/not-first": "extract.mandates",
    "body/head": "extract.working_groups", "body/gated-head": "extract.working_groups",
    "body/self-naming-head": "extract.working_groups", "body/modifier": "extract.working_groups",
    "body/formal-modifier": "extract.working_groups", "body/generic": "extract.working_groups",
    "body/stop-topic": "extract.working_groups", "body/collective": "extract.working_groups",
    "body/leading": "extract.working_groups", "body/boundary": "extract.working_groups",
    "state/blocker": "extract.states", "state/rejected-after": "extract.states",
    "state/accepted-after": "extract.states",
    "state/organization-suffix": "extract.states",
    "person/before-name": "extract.persons", "person/not-a-name": "extract.persons",
    "organization/opener": "extract.organizations", "organization/suffix": "extract.organizations",
    "organization/generic": "extract.organizations", "organization/strong-suffix": "extract.organizations",
    "organization/not-a-name-start": "extract.organizations",
}


class LexiconError(ValueError):
    """A data file does not match its schema; the message starts with ``file:line``."""


@dataclass(frozen=True)
class Column:
    name: str
    is_list: bool
    required: bool
    allowed: frozenset[str] | None  # None: any value


_COLUMN = re.compile(r"(?P<name>\w+)(?P<list>\[\])?(?:\{(?P<allowed>[^}]*)\})?(?P<optional>\?)?$")


def _columns(spec: str) -> tuple[Column, ...]:
    out = []
    for token in spec.split():
        m = _COLUMN.match(token)
        if not m:
            raise LexiconError(f"kg/lexicon.py SCHEMA: bad column spec {token!r}")
        allowed = m.group("allowed")
        out.append(Column(m.group("name"), bool(m.group("list")), not m.group("optional"),
                          frozenset(allowed.split(",")) if allowed is not None else None))
    return tuple(out)


@lru_cache(maxsize=None)
def _row_type(file: str):
    # the columns, then the row's line number in its file (for later checks' messages)
    return namedtuple(file.removesuffix(".tsv").title().replace("_", "") + "Row",
                      [c.name for c in _columns(SCHEMA[file])] + ["line"])


def parse_rows(file: str, text: str) -> list:
    """The rows of ``text`` (the content of ``file``) as named tuples, checked against the schema."""
    if file not in SCHEMA:
        raise LexiconError(f"{file}: not described in kg/lexicon.py SCHEMA")
    columns = _columns(SCHEMA[file])
    row_type = _row_type(file)
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(row_type(*_cells(file, number, line, columns), number))
    return rows


def _cells(file: str, number: int, line: str, columns: tuple[Column, ...]) -> list:
    raw = [cell.strip() for cell in line.split("\t")]
    where = f"{file}:{number}"
    if len(raw) > len(columns):
        raise LexiconError(f"{where}: {len(raw)} columns, the schema has {len(columns)} "
                           f"({' '.join(c.name for c in columns)})")
    raw += [""] * (len(columns) - len(raw))
    cells = []
    for column, value in zip(columns, raw):
        if column.required and not value:
            raise LexiconError(f"{where}: column {column.name!r} is empty")
        if column.is_list:
            cells.append(tuple(item.strip() for item in value.split("|") if item.strip()))
            continue
        if column.allowed is not None and value not in column.allowed:
            raise LexiconError(f"{where}: column {column.name!r} is {value!r}, "
                               f"expected one of {sorted(column.allowed)}")
        cells.append(value)
    return cells


@lru_cache(maxsize=None)
def rows(file: str) -> tuple:
    """The rows of ``kg/data/<file>`` (read once)."""
    text = resources.files("kg.data").joinpath(file).read_text(encoding="utf-8")
    return tuple(parse_rows(file, text))


def data_files() -> list[str]:
    return sorted(p.name for p in resources.files("kg.data").iterdir() if p.name.endswith(".tsv"))


# --- word lists (words.tsv) ------------------------------------------------------------------
@lru_cache(maxsize=None)
def _word_lists() -> dict[str, tuple[str, ...]]:
    lists: dict[str, list[str]] = {name: [] for name in WORD_LISTS}
    seen: set[str] = set()
    for row in rows("words.tsv"):
        if row.word in seen:
            raise LexiconError(f"words.tsv:{row.line}: {row.word!r} is listed twice; "
                               "give it all its lists on one row")
        seen.add(row.word)
        for name in row.lists:
            if name not in lists:
                raise LexiconError(f"words.tsv:{row.line}: unknown list {name!r}")
            lists[name].append(row.word)
    return {name: tuple(words) for name, words in lists.items()}


def words(list_name: str) -> tuple[str, ...]:
    """The words of one list of words.tsv, in file order."""
    return _word_lists()[list_name]


@lru_cache(maxsize=None)
def word_pattern(list_name: str) -> str:
    """The list as a regex alternation (longest first), for building patterns."""
    return alternation(words(list_name))


@lru_cache(maxsize=None)
def word_regex(list_name: str) -> re.Pattern:
    """The list's alternation compiled once: matches any one of its words."""
    return re.compile(f"(?:{word_pattern(list_name)})")


# --- acting bodies (bodies.tsv) --------------------------------------------------------------
@dataclass(frozen=True)
class Body:
    code: str
    slug: str
    type: str  # principal-organ, functional-commission, treaty-conference, …
    label_en: str
    labels_zh: tuple[str, ...]  # names that name this body alone
    generic_zh: tuple[str, ...]  # words that name it only in its own documents (理事会, 委员会)
    numbering: tuple[str, ...]  # the numbering styles of its acts (patterns.NUMBERING_STYLES)
    convention: str  # the instrument a bare 第N条 in its reports belongs to ("" when none)

    def follows(self, number: ActNumber) -> bool:
        """Does ``number`` follow this body's numbering ("session:31": session numbers from the
        31st session on, as the General Assembly's since 1976)?"""
        for entry in self.numbering:
            style, _, least = entry.partition(":")
            if style == number.style and (not least or (number.series or 0) >= int(least)):
                return True
        return False

    @property
    def is_un_organ(self) -> bool:
        """An organ of the UN system (not a treaty's conference, not a regional body)."""
        return self.type not in ("treaty-conference", "regional-body")


_NUMBERING = re.compile(r"[a-z]+(?::\d+)?")  # a style, and the first number it was used from


@lru_cache(maxsize=None)
def bodies() -> dict[str, Body]:
    out = {}
    for r in rows("bodies.tsv"):
        unknown = {n for n in r.numbering if not _NUMBERING.fullmatch(n)
                   or n.partition(":")[0] not in NUMBERING_STYLES}
        if unknown:
            raise LexiconError(f"bodies.tsv:{r.line}: unknown numbering {sorted(unknown)}; "
                               f"expected some of {list(NUMBERING_STYLES)}")
        out[r.code] = Body(r.code, r.slug, r.type, r.label_en, r.labels_zh, r.generic_zh,
                           r.numbering, r.convention)
    return out


@lru_cache(maxsize=None)
def body_alias_index() -> dict[str, str]:
    """Chinese name -> body code (the names that name one body wherever they stand)."""
    return {alias: body.code for body in bodies().values() for alias in body.labels_zh}


@lru_cache(maxsize=None)
def un_organ_index() -> dict[str, str]:
    """Chinese name -> code of the UN organs (``Body.is_un_organ``), each an organization too."""
    return {alias: b.code for b in bodies().values() if b.is_un_organ for alias in b.labels_zh}


@lru_cache(maxsize=None)
def body_generic_index() -> dict[str, tuple[str, ...]]:
    """Generic word (理事会, 委员会, 执行局, 缔约方会议 …) -> the bodies that call themselves so."""
    index: dict[str, list[str]] = {}
    for body in bodies().values():
        for word in body.generic_zh:
            index.setdefault(word, []).append(body.code)
    return {word: tuple(codes) for word, codes in index.items()}


@lru_cache(maxsize=None)
def body_alias_pattern() -> re.Pattern:
    """Any body name: a proper name or a generic word (longest first)."""
    return re.compile(trie_regex(set(body_alias_index()) | set(body_generic_index())))


def body_of_name(name: str, acting_body: str | None) -> str | None:
    """The body a name written in a document denotes: its own body for a proper name; for a
    generic word (理事会, 本委员会), the document's acting body when it calls itself so, else
    None (the word does not say which council or committee)."""
    code = body_alias_index().get(name)
    if code is not None:
        return code
    word = name[1:] if name.startswith("本") else name
    claimants = body_generic_index().get(word, ())
    return acting_body if acting_body in claimants else None


# --- citation and preamble verbs -------------------------------------------------------------
@dataclass(frozen=True)
class Verb:
    key: str
    forms_zh: tuple[str, ...]
    label_en: str
    cito: str


@lru_cache(maxsize=None)
def verbs() -> dict[str, Verb]:
    return {r.key: Verb(r.key, r.forms_zh, r.label_en, r.cito) for r in rows("verbs.tsv")}


@lru_cache(maxsize=None)
def verb_form_index() -> dict[str, str]:
    return {form: v.key for v in verbs().values() for form in v.forms_zh}


@lru_cache(maxsize=None)
def verb_pattern() -> re.Pattern:
    return re.compile(alternation(verb_form_index()))


@lru_cache(maxsize=None)
def preamble_verbs() -> tuple[str, ...]:
    return tuple(sorted((r.form for r in rows("preamble_verbs.tsv")), key=len, reverse=True))


@lru_cache(maxsize=None)
def preamble_verb_pattern() -> str:
    return alternation(preamble_verbs())


# --- mandate verbs and addressees ------------------------------------------------------------
@dataclass(frozen=True)
class MandateVerb:
    key: str
    label_en: str
    forms_zh: tuple[str, ...]
    modal: bool  # said after the addressee ("各国应…"), not at the opening of a clause


@lru_cache(maxsize=None)
def mandate_verbs() -> dict[str, MandateVerb]:
    """Chinese form -> its verb."""
    out = {}
    for r in rows("mandate_verbs.tsv"):
        verb = MandateVerb(r.key, r.label_en, r.forms_zh, r.kind == "modal")
        for form in r.forms_zh:
            out[form] = verb
    return out


@dataclass(frozen=True)
class Addressee:
    key: str
    label_en: str
    pref_zh: str


@lru_cache(maxsize=None)
def addressees() -> dict[str, Addressee]:
    """Chinese form -> the addressee it names."""
    return {form: Addressee(r.key, r.label_en, r.forms_zh[0])
            for r in rows("addressees.tsv") for form in r.forms_zh}


@lru_cache(maxsize=None)
def addressee_pattern() -> re.Pattern:
    return re.compile(alternation(addressees()))


# --- States and organizations ----------------------------------------------------------------
@dataclass(frozen=True)
class State:
    iso3: str
    label_zh: str
    label_en: str
    aliases_zh: tuple[str, ...]
    status: str


@lru_cache(maxsize=None)
def states() -> dict[str, State]:
    return {r.iso3: State(r.iso3, r.label_zh, r.label_en, r.aliases_zh, r.status or "member")
            for r in rows("states.tsv")}


@lru_cache(maxsize=None)
def state_alias_index() -> dict[str, str]:
    return {alias: st.iso3 for st in states().values() for alias in (st.label_zh, *st.aliases_zh)}


@lru_cache(maxsize=None)
def state_rejected_before() -> dict[str, tuple[str, ...]]:
    """State name -> words that, written just before it, make it the tail of another word."""
    return {r.name: r.rejected_before for r in rows("state_exceptions.tsv")}


@dataclass(frozen=True)
class Organization:
    id: str
    label_en: str
    labels_zh: tuple[str, ...]
    type: str


@lru_cache(maxsize=None)
def organizations() -> dict[str, Organization]:
    return {r.id: Organization(r.id, r.label_en, r.labels_zh, r.type)
            for r in rows("organizations.tsv")}


@lru_cache(maxsize=None)
def organization_alias_index() -> dict[str, str]:
    return {alias: o.id for o in organizations().values() for alias in o.labels_zh}


@lru_cache(maxsize=None)
def organization_pattern() -> re.Pattern:
    """Longest organization alias at each position (see ``patterns.overlapping_longest``)."""
    return lookahead_pattern(organization_alias_index())


# --- treaties, places, titles, subsidiary bodies, characters ---------------------------------
@dataclass(frozen=True)
class Instrument:
    id: str
    type: str  # convention | protocol | rules | charter | …
    label_en: str
    names_zh: tuple[str, ...]
    keywords: tuple[tuple[str, ...], ...]  # alternatives, each a set of words a title must hold
    bodies: tuple[str, ...] = ()  # rules of procedure: the bodies (bodies.tsv codes) whose rules they are


@lru_cache(maxsize=None)
def instruments() -> dict[str, Instrument]:
    return {r.id: Instrument(r.id, r.type, r.label_en, r.names_zh,
                             tuple(tuple(k.split("+")) for k in r.keywords), r.bodies)
            for r in rows("instruments.tsv")}


@lru_cache(maxsize=None)
def rules_of_procedure() -> dict[str, str]:
    """Body code -> the id of its rules of procedure (instruments.tsv)."""
    return {code: i.id for i in instruments().values() if i.type == "rules" for code in i.bodies}


@lru_cache(maxsize=None)
def places() -> dict[str, str]:
    """Chinese place name -> English name."""
    return {r.zh: r.en for r in rows("places.tsv")}


@lru_cache(maxsize=None)
def titles() -> dict[str, tuple[str, str]]:
    """Title or ministry as printed -> (English, kind) (kind: title | ministry | qualifier)."""
    return {r.zh: (r.en, r.kind) for r in rows("roles.tsv")}


@lru_cache(maxsize=None)
def symbol_series() -> dict[str, tuple[str, ...]]:
    """Series of UN document symbols -> the components that follow it (empty: any)."""
    return {r.series: r.next for r in rows("symbol_series.tsv")}


def subsidiary_bodies() -> tuple:
    """Rows of subsidiary_bodies.tsv (slug, parent, label_en, forms_zh, established_by)."""
    return rows("subsidiary_bodies.tsv")


@lru_cache(maxsize=1)
def traditional_to_simplified() -> dict[int, int]:
    """str.translate table: traditional character -> simplified (one for one)."""
    return {ord(r.traditional): ord(r.simplified) for r in rows("t2s.tsv")}


@lru_cache(maxsize=1)
def keyword_stopwords() -> frozenset[str]:
    """Words never taken as a key term of an act (keyword_stopwords.tsv)."""
    return frozenset(r.word for r in rows("keyword_stopwords.tsv"))
