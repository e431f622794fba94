"""iris: every IRI of the graph is minted here, from what a thing *is*.

IRIs come from identity (body + kind + number for an act, ISO 3166 alpha-3 for a State, the
symbol for a UN document …), never from the document that mentions a thing, so the same
act cited by two reports is one node. The base IRI is configurable (``KG_BASE_IRI``); the
default is documented in the README.

Vocabularies: ``Vocab`` makes the NamedNodes of the standard vocabularies and of our own
``kgo:`` namespace, which is *closed*: its terms are read from ``ontology/kg.ttl`` and any
other name raises ``UnknownTerm`` (as rdflib's ``DefinedNamespace`` does), so a misspelt
predicate is an error, not a new predicate.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import quote

from pyoxigraph import NamedNode, RdfFormat, parse

from .lexicon import bodies, organizations
from .models import ActKey

DEFAULT_BASE = "https://w3id.org/untoc-kg/"
# The kgo: namespace as ontology/kg.ttl writes it (at run time it moves with the base IRI).
ONTOLOGY_NS = DEFAULT_BASE + "ontology#"


@lru_cache(maxsize=16384)  # a few MB: the recurring nodes stay, a document's own pass through
def node(iri: str) -> NamedNode:
    """The NamedNode of ``iri``, made once per process: pyoxigraph parses and checks an IRI
    every time it makes a node of it (0.2-0.4 µs, more than the rest of a triple), and a corpus
    names the same acts, States, bodies, verbs and subjects again and again. IRIs minted once
    per document (fragments, annotations) are made with ``NamedNode`` itself."""
    return NamedNode(iri)


def base_iri() -> str:
    base = os.environ.get("KG_BASE_IRI", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


# --- slugs -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SlugRule:
    """How one family of IRIs turns a name into a path segment.

    The families were minted with different rules before they met here; each rule is kept as
    it was so that no IRI changes (the provenance redesign is the place to unify them)."""

    separators: re.Pattern  # each run of these becomes one "-"
    lower: bool = False
    lower_first: bool = False  # lower-case before replacing (the separators are lower-case only)
    unicode_form: str = ""  # "NFC", or "NFKD" (accents then dropped), or "" (as written)
    empty: str = ""  # the slug of a name that has nothing left


# act numbers, paragraph labels, places, topics of bodies: case and punctuation kept
KEY = SlugRule(re.compile(r"[\s/()]+"))
# organizations: lower-case, accents folded, anything but letters, digits and CJK a separator
ORGANIZATION = SlugRule(re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+"), lower=True, unicode_form="NFKD",
                        empty="x")
# persons: the identity read from the name (extract.persons.person_identity: "eugenio-curia")
PERSON = SlugRule(re.compile(r"[^\w]+"), lower=True, unicode_form="NFC", empty="x")
# subjects: UNBIS headings and key terms, lower-case, anything but letters, digits and CJK a separator
SUBJECT = SlugRule(re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+"), lower=True, empty="x")
# roles: their English label, lower-case ASCII words
ROLE = SlugRule(re.compile(r"[^a-z0-9]+"), lower_first=True, empty="role")


@lru_cache(maxsize=65536)  # a corpus names the same acts, States and bodies again and again
def slug(text: str, rule: SlugRule = KEY) -> str:
    """``text`` as one IRI path segment under ``rule`` (percent-encoded beyond ``-._~``)."""
    if rule.unicode_form == "NFKD":
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    elif rule.unicode_form:
        text = unicodedata.normalize(rule.unicode_form, text)
    if rule.lower_first:
        text = text.lower()
    text = rule.separators.sub("-", text).strip("-")
    if rule.lower:
        text = text.lower()
    return quote(text or rule.empty, safe="-._~")


def _segment(text: str) -> str:
    """An identity written as one path segment, every reserved character percent-encoded."""
    return quote(text, safe="")


# --- acts, bodies, sessions, reports ---------------------------------------------------------
@lru_cache(maxsize=4096)
def body_slug(code: str) -> str:
    body = bodies().get(code)
    return body.slug if body else slug(code.lower())


@lru_cache(maxsize=65536)
def act_iri(key: ActKey, base: str) -> str:
    """…/act/<body>/<kind>/<number>; a Security Council act by its number alone (第1325号 and
    第1325(2000)号 are one act); an act whose number is not printed by its adoption date and a
    short hash of its title (…/act/un-ecosoc/resolution/2023-07-25/t-1a2b3c4d5e), else by the file
    that carries it; a recommended draft below the act recommending it."""
    if key.recommended_by is not None:
        return (f"{act_iri(key.recommended_by, base)}/draft/{body_slug(key.body)}/{key.kind}"
                f"/{_title_id(key.title)}")
    body = body_slug(key.body) if key.body else "unknown-body"
    if key.draft:  # a commission's drafts of one title recur yearly: its day tells them apart
        return (f"{base}act/{body}/{key.kind}/draft/{f'{key.date}/' if key.date else ''}"
                f"{f'doc-{key.document}/' if key.document else ''}{_title_id(key.title)}")
    if key.number:
        return f"{base}act/{body}/{key.kind}/{slug(act_number_identity(key))}"
    if key.document:
        return f"{base}act/{body}/{key.kind}/{key.date or 'undated'}/doc-{key.document}/{_title_id(key.title)}"
    return f"{base}act/{body}/{key.kind}/{key.date or 'undated'}/{_title_id(key.title)}"


def act_number_identity(key: ActKey) -> str:
    """The part of an act's number that identifies it: the Security Council's number without
    the year it is sometimes printed with ("2133 (2014)" -> "2133")."""
    if key.body == "SC":
        return _SC_YEAR.sub("", key.number)
    return key.number


_SC_YEAR = re.compile(r"\s?\(\d{4}\)$")


def _title_id(title: str | None) -> str:
    """A short, stable identifier of a title (its words would make a long IRI)."""
    if not title:
        return "untitled"
    return "t-" + hashlib.blake2s(title.encode(), digest_size=5).hexdigest()


def paragraph_iri(key: ActKey, label: str, base: str) -> str:
    return f"{act_iri(key, base)}/para/{slug(label.strip('.()')) or 'x'}"


def body_iri(code: str, base: str) -> str:
    """An acting body of bodies.tsv (the Conference, the General Assembly, …). A code that is no
    body's but an organization's (the owner of a subsidiary body: 儿基会审计咨询委员会 is UNICEF's)
    is that organization's node."""
    if code not in bodies() and code in organizations():
        return organization_iri(code, base)
    return f"{base}body/{body_slug(code)}"


def subsidiary_body_key(parent: str, name_slug: str) -> str:
    """Identity of a subsidiary body: its parent's slug and its own ("untoc-cop/firearms")."""
    return f"{body_slug(parent)}/{name_slug}"


def subsidiary_body_iri(key: str, base: str) -> str:
    return f"{base}body/{key}"


def session_iri(body: str, ordinal: int, base: str) -> str:
    return f"{base}session/{body_slug(body)}/{ordinal}"


def session_instant_iri(session: str, which: str) -> str:
    """The session's beginning ("start") or end ("end") as a time:Instant."""
    return f"{session}/{which}"


def report_iri(sha256: str, base: str, name: str | None = None) -> str:
    """The report a fact was read from — a file — by what it is and by its content:
    ``…/doc/CTOC-COP-2006-14/6ccde6d07386`` (``report_name``: its symbol when it prints one,
    else its session, its act or its kind; then the first 12 hex digits of its sha256, so two
    files that print one symbol — two shapes of a report, a corrected copy — are two reports,
    and the IRI is known from the file alone, whatever else a build reads)."""
    return f"{base}doc/{name or 'document'}/{sha256[:12]}"


_SYMBOL_SEPARATORS = re.compile(r"[/\s]+")


def report_name(symbol: str | None, session: tuple[str, int] | None, act: ActKey | None,
                author: str | None, kind: str) -> str:
    """The readable part of a report IRI: ``CTOC-COP-2006-14`` (its symbol, slashes as
    hyphens), ``untoc-cop-session-5``, ``un-ecosoc-resolution-2023-18`` (the act a standalone
    resolution is), ``untoc-cop-trafficking-in-persons`` (the working group whose report it
    is), or its kind (``secretariat-note``)."""
    if symbol:
        return quote(_SYMBOL_SEPARATORS.sub("-", symbol.strip()).strip("-"), safe="-._~()")
    if session is not None:
        return f"{body_slug(session[0])}-session-{session[1]}"
    if act is not None:
        return act_iri(act, "").removeprefix("act/").replace("/", "-")
    if author:
        return subsidiary_body_iri(author, "").removeprefix("body/").replace("/", "-")
    return slug(kind)


def place_iri(label: str, base: str) -> str:
    return f"{base}place/{slug(label)}"


def citation_iri(citing: ActKey, cited: ActKey, relation: str, base: str) -> str:
    tail = act_iri(cited, base)[len(f"{base}act/"):]
    return f"{act_iri(citing, base)}/cites/{relation}/{tail}"


def verb_scheme_iri(base: str) -> str:
    return f"{base}verb"


def verb_iri(key: str, base: str) -> str:
    """A citation or mandate verb (a SKOS concept)."""
    return f"{base}verb/{key}"


def mandate_verb_scheme_iri(base: str) -> str:
    return f"{base}verbs/mandate"


# --- where a fact was read (provenance) ------------------------------------------------------
def fragment_iri(report: str, start: int, end: int) -> str:
    """Characters [start, end) of the report's source file as an RFC 5147 fragment IRI
    (``…/doc/ID#char=100,120``): code points of the decoded file, line ends counted."""
    return f"{report}#char={start},{end}"


FRAGMENT = re.compile(r"#char=(\d+),(\d+)$")


def annotation_iri(report: str, kind: str, fact: str) -> str:
    """The one annotation of ``report`` on ``fact`` (all the spans where the report states it
    or mentions it); the fact's IRI enters as a short hash."""
    return f"{report}/ann/{kind}/{_fact_id(fact)}"


@lru_cache(maxsize=16384)  # the things reports mention (States, bodies, acts) recur
def _fact_id(fact: str) -> str:
    return hashlib.blake2s(fact.encode(), digest_size=6).hexdigest()


def shared_graph_iri(base: str) -> str:
    """The named graph of the descriptions that belong once (vocabularies, acts' identity and
    notation, the things and facts the documents describe); each document's own graph is its
    report IRI."""
    return f"{base}graph/shared"


def session_or_report_path(body: str | None, ordinal: int | None, sha256: str, sep: str) -> str:
    """Where a seat or a delegation was held: the session (``untoc-cop<sep>5``) when the report
    names one, else the report itself (``doc<sep><hash>``)."""
    if body and ordinal:
        return f"{body_slug(body)}{sep}{ordinal}"
    return f"doc{sep}{sha256[:16]}"


# --- entities --------------------------------------------------------------------------------
EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"


def state_iri(iso3: str, base: str) -> str:
    return f"{base}state/{iso3}"


def eu_country_iri(iso3: str) -> str:
    return EU_COUNTRY + iso3


def delegation_iri(iso3: str, group: str, where: str, base: str) -> str:
    """State speaks on behalf of a group at a session (``where``: session_or_report_path)."""
    return f"{state_iri(iso3, base)}/on-behalf-of/{slug(group, ORGANIZATION)}/{where}"


def organization_iri(oid: str, base: str) -> str:
    return f"{base}organization/{slug(oid, ORGANIZATION)}"


def person_iri(identity: str, iso3: str | None, base: str, affiliation: str | None = None) -> str:
    """From identity: the name's identity (``extract.persons.person_identity``, the same for
    every way the name is printed) + State, or + organization/affiliation when no State is
    printed."""
    tail = iso3.lower() if iso3 else slug(affiliation or "x", ORGANIZATION)
    return f"{base}person/{slug(identity, PERSON)}-{tail}"


def role_key(label_en: str) -> str:
    """The identity of a role: its English label as a slug ("minister-of-justice")."""
    return slug(label_en, ROLE)


def role_scheme_iri(base: str) -> str:
    return f"{base}role"


def role_iri(role: str, base: str) -> str:
    return f"{base}role/{role}"


def membership_iri(where: str, role: str, person: str, base: str) -> str:
    """A seat: who (the person IRI's last segment) held which role where."""
    return f"{base}membership/{where}/{role}/{person.rsplit('/', 1)[1]}"


def establishment_iri(act: ActKey, body_key: str, base: str) -> str:
    return f"{act_iri(act, base)}/establishes/{body_key}"


def mandate_iri(act: ActKey, index: int, base: str) -> str:
    return f"{act_iri(act, base)}/mandate/{index}"


def recommendation_iri(report: str, index: int) -> str:
    """A recommendation a body adopted, recorded in a report (a working group's): the report's."""
    return f"{report}/recommendation/{index}"


def report_paragraph_iri(report: str, label: str) -> str:
    return f"{report}/para/{slug(label.strip('.()')) or 'x'}"


def addressee_iri(key: str, base: str) -> str:
    return f"{base}addressee/{key}"


def unlisted_addressee_iri(surface: str, base: str) -> str:
    """An addressee that addressees.tsv does not know, by its words as written."""
    return f"{base}addressee/{slug(surface)}"


def instrument_iri(iid: str, base: str) -> str:
    return f"{base}instrument/{iid}"


def provision_path(instrument: str, article: str, paragraph: str | None,
                   subparagraph: str | None) -> str:
    path = f"{instrument}/art/{article}"
    if paragraph:
        path += f"/para/{paragraph}"
    if subparagraph:
        path += f"/sub/{subparagraph}"
    return path


def provision_iri(path: str, base: str) -> str:
    return f"{base}instrument/{path}"


def provision_citation_iri(citing: str, relation: str, path: str) -> str:
    return f"{citing}/cites-provision/{relation}/{path}"


def subject_scheme_iri(scheme: str, base: str) -> str:
    """A scheme of subjects: ``unbis`` (the UNBIS Thesaurus headings) or ``keyword``."""
    return f"{base}subject/{scheme}"


def subject_iri(scheme: str, label: str, base: str) -> str:
    return f"{subject_scheme_iri(scheme, base)}/{slug(label, SUBJECT)}"


def un_document_iri(symbol: str, base: str) -> str:
    """A UN document by its symbol (the slashes of the symbol kept as path separators)."""
    return f"{base}document/{quote(symbol)}"


def sponsorship_iri(draft: str, role: str, sponsor_key: str) -> str:
    return f"{draft}/sponsorship/{role}/{_segment(sponsor_key)}"


def draft_outcome_iri(draft: str) -> str:
    return f"{draft}/became"


def annotation_role(kind: str, *identity: str) -> str:
    """The role of an annotation whose span carries several facts ("symbol/CTOC%2FCOP…"): each
    fact's identity keeps its annotation apart."""
    return "/".join((kind, *(_segment(part) for part in identity)))


# --- vocabularies ----------------------------------------------------------------------------
NS = {
    "undo": "https://w3id.org/un/ontology/undo/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "cito": "http://purl.org/spar/cito/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


class UnknownTerm(AttributeError):
    """A kgo: term that ontology/kg.ttl does not declare."""


class Namespace(dict):
    """``ns("local")`` -> the NamedNode ``<ns + local>``, made once.

    A dict of the nodes made so far, called as its own ``__getitem__`` (a missing term is made
    by ``__missing__``): emitters ask for a term for nearly every triple, and a call that stays
    in C is a third of a Python method's."""

    __slots__ = ("iri",)

    def __init__(self, iri: str):
        super().__init__()
        self.iri = iri

    __call__ = dict.__getitem__

    def __missing__(self, local: str) -> NamedNode:
        node = self[local] = self._new(local)
        return node

    def _new(self, local: str) -> NamedNode:
        return NamedNode(self.iri + local)


class ClosedNamespace(Namespace):
    """A namespace whose terms are fixed: any other name raises ``UnknownTerm``."""

    __slots__ = ("terms",)

    def __init__(self, iri: str, terms: frozenset[str]):
        super().__init__(iri)
        self.terms = terms

    def _new(self, local: str) -> NamedNode:  # checked once per term, when its node is made
        if local not in self.terms:
            raise UnknownTerm(f"kgo:{local} is not declared in ontology/kg.ttl")
        return super()._new(local)


@lru_cache(maxsize=None)
def ontology_terms() -> frozenset[str]:
    """Local names of every kgo: IRI that ontology/kg.ttl declares (as a subject)."""
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    return frozenset(
        t.subject.value[len(ONTOLOGY_NS):]
        for t in parse(data, format=RdfFormat.TURTLE)
        if isinstance(t.subject, NamedNode) and t.subject.value.startswith(ONTOLOGY_NS)
    )


@lru_cache(maxsize=None)
def ontology_concepts(scheme: str) -> tuple[tuple[str, tuple], ...]:
    """The SKOS concepts ontology/kg.ttl puts in ``kgo:<scheme>``: (local name, their triples as
    (predicate IRI, term)) — written into every graph, so queries see their labels."""
    data = resources.files("kg.ontology").joinpath("kg.ttl").read_bytes()
    triples = list(parse(data, format=RdfFormat.TURTLE))
    in_scheme = NS["skos"] + "inScheme"
    members = {t.subject.value for t in triples
               if t.predicate.value == in_scheme and t.object.value == ONTOLOGY_NS + scheme}
    return tuple((m[len(ONTOLOGY_NS):], tuple((t.predicate.value, t.object) for t in triples
                                               if t.subject.value == m))
                 for m in sorted(members))


class Vocab:
    """NamedNode factories per prefix: ``v.eli("number")`` -> <…eli/ontology#number>."""

    def __init__(self, base: str):
        self.base = base
        self.kgo_ns = base + "ontology#"
        for prefix, iri in NS.items():
            setattr(self, prefix, Namespace(iri))
        self.kgo = ClosedNamespace(self.kgo_ns, ontology_terms())

    def prefixes(self) -> dict[str, str]:
        return {**NS, "kgo": self.kgo_ns, "kg": self.base}

    def turtle_prefixes(self) -> dict[str, str]:
        # no kg: prefix — our IRIs have slashes, which Turtle would have to escape
        return {**NS, "kgo": self.kgo_ns}
