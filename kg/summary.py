"""summary: what a build keeps of one document once its graph is written — small, JSON, cached.

A build does not hold its documents (texts, offset maps, facts) in memory: each is read,
emitted and dropped, and this summary stays (``DocumentSummary``): its kind, the counts and
warnings the build prints, the acts it names (the corpus-level steps of ``kg/resolve.py`` run
over them), the vocabulary entries it uses, what its emitters gathered for the components'
closing steps (``gathered``: the forms it prints of each person's name), and the records that
graph.html and GraphML/GEXF are drawn from (``kg/graph.py``), so the page is projected from the
facts, never from SPARQL.

Spans in the records are code points of the source file (like the fragments of the graph);
the file name is not stored (the same content may be read under several names; the build
joins the name in).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from . import iris
from .components import fact_counts
from .emit import Emission, Vocab
from .emit.core import PARAGRAPH_QUOTE_MAX, report_iri
from .emit.drafts import sponsor_iri
from .emit.mandates import BODY_PREFIX, ORGAN_PREFIX, addressee_node, addressee_organization
from .facts import (BodyMention, Citation, Draft, Establishment, KeyTerm, Mandate,
                    OrganizationMention, SubjectHeading, UnresolvedActMention)
from .lexicon import addressees, organizations, states
from .lexicon import bodies as lexicon_bodies
from .models import ActKey, Document

SUMMARY_VERSION = 3

# What the build summary counts as entities: the kinds of annotation (``Emitter.annotate``)
# whose facts or things it counts, each once however many documents state or mention it — the
# graph's nodes, not the mentions (a report names Kenya 30 times; the graph has one Kenya).
ENTITIES: dict[str, tuple[str, ...]] = {
    "paragraphs": ("paragraph",),
    "citations": ("citation",),
    "mandates": ("mandate",),
    "establishments": ("establishment",),
    "working groups": ("body-mention",),
    "states": ("state-mention",),
    "delegations": ("speaks-for",),
    "organizations": ("organization-mention",),
    "persons": ("person-mention",),
    "seats": ("membership",),
    "provisions": ("provision",),
    "symbols": ("symbol",),
    "drafts": ("draft",),
    "subjects": ("subject", "keyword"),
}
# … and those whose mentions it prints beside them
MENTIONED = ("working groups", "states", "organizations", "persons", "provisions", "symbols",
             "subjects")


def key_list(key: ActKey) -> list:
    """An act key as JSON: ``[body, kind, number]``, then — only when one is set — its date,
    title, recommending act (itself a key list), carrying document and draft flag."""
    items = [key.body, key.kind, key.number, key.date, key.title,
             key_list(key.recommended_by) if key.recommended_by is not None else None,
             key.document, key.draft]
    while len(items) > 3 and items[-1] in (None, False):
        items.pop()
    return items


def key_of(items) -> ActKey:
    """The act key of ``key_list``."""
    body, kind, number, date, title, recommended_by, document, draft = (
        list(items) + [None, None, None, None, False])[:8]
    return ActKey(body, kind, number, date, title,
                  key_of(recommended_by) if recommended_by is not None else None, document,
                  bool(draft))


@lru_cache(maxsize=4)
def _vocabulary_subjects(base: str) -> frozenset[str]:
    from .emit import vocabulary_index

    return frozenset(vocabulary_index(base))


def summarize(doc: Document, emission: Emission, v: Vocab) -> dict:
    """The summary of one document (plain JSON data)."""
    counts = {kind: n for kind, n in fact_counts(doc).items() if n}
    vocabulary = _vocabulary_subjects(v.base)
    used = sorted(emission.named & vocabulary)
    return {
        "version": SUMMARY_VERSION,
        "report": emission.report,
        "sha256": doc.source.sha256,
        "path": doc.source.path,
        "name": doc.source.name,
        "encoding": doc.source.encoding,
        "chars": len(doc.source.text),
        "label": emission.label,
        "kind": doc.kind,  # read from the text (kg/header.py)
        "adopted": [key_list(a.key) for a in doc.acts],
        "paragraphs": sum(len(a.paragraphs) for a in doc.acts),
        "counts": counts,
        "act_mentions": len(doc.mentions),
        "unresolved_act_mentions": len(doc.facts.of(UnresolvedActMention)),
        "act_keys": sorted((key_list(k) for k in emission.act_keys), key=json_order),
        "vocabulary": used,
        "shown": emission.shown or {},
        "mention_counts": emission.mention_counts or {},
        "gathered": emission.gathered or {},
        "warnings": [_bare(w, doc.source) for w in doc.warnings],
        "entities": {label: sorted({_short(i) for k in kinds for i in (emission.things or {}).get(k, ())})
                     for label, kinds in ENTITIES.items()},
        "mentions": {label: sum((emission.spans or {}).get(k, 0) for k in ENTITIES[label])
                     for label in MENTIONED},
        "graph": _projection(doc, v),
    }


def _bare(warning: str, source) -> str:
    """A warning without the file name some extractors put first: the build names the file
    of every warning itself (``DocumentSummary.warnings``), under every name it was read."""
    for prefix in (source.path, source.name):
        if prefix and warning.startswith(prefix + ": "):
            return warning[len(prefix) + 2:]
    return warning


def _short(iri: str) -> str:
    """An IRI as 16 hex digits: enough to count distinct ones over any corpus, small to cache."""
    return hashlib.blake2s(iri.encode(), digest_size=8).hexdigest()


def json_order(item) -> str:
    """A total order of JSON values (act key lists mix strings, lists and None)."""
    import json

    return json.dumps(item, ensure_ascii=False)


def _span(doc: Document, start: int, end: int) -> tuple[int, int, str]:
    s, e = doc.source_span(start, end)
    return s, e, doc.source.text[s:e]


def _body_labels(doc: Document) -> dict[str, tuple[str, str]]:
    labels: dict[str, tuple[str, str]] = {}
    for f in doc.facts.of(BodyMention):
        if not f.anaphor:
            labels.setdefault(f.key, (f.label_zh, f.label_en))
    return labels


def _projection(doc: Document, v: Vocab) -> dict:
    """The records of the page's views: acts (with their subjects), citations, drafts
    recommended to another body, mandates (an act's or a body's, one record per addressee),
    endorsements of a body's recommendations, establishment, sponsors."""
    base = v.base
    bodies = _body_labels(doc)
    s = doc.session
    session = s.notation if s and s.ordinal and s.body else ""
    session_date = (s.start_date or "") if session else ""
    acts: dict[str, dict] = {}
    by_key: dict[ActKey, dict] = {}  # the same record, without writing the key as JSON again

    def act(key: ActKey) -> dict:
        record = by_key.get(key)
        if record is None:
            items = key_list(key)
            record = by_key[key] = acts.setdefault(json_order(items),
                                                   {"key": items, "dates": [], "subjects": []})
        return record

    recommends = []
    for a in doc.acts:
        record = act(a.key)
        record["title"] = a.title
        record["adopted"] = True  # adopted in this text (not only cited)
        if a.key.recommended_by is not None:  # a draft recommended to another body
            act(a.key.recommended_by)
            recommends.append([key_list(a.key.recommended_by), key_list(a.key),
                               *_span(doc, *_heading(a))])
        if a.date:
            record["dates"].append(a.date)
        if session:
            record["session"], record["session_date"] = session, session_date
        # the UNBIS headings printed with the report are the subjects of the acts it adopts
        record["subjects"] += [h.label for h in doc.facts.of(SubjectHeading)]
    for m in doc.mentions:
        record = act(m.key)
        if m.date:
            record["dates"].append(m.date)
    for t in doc.facts.of(KeyTerm):
        act(t.act)["subjects"].append(t.term)
    citations = [[key_list(c.citing), key_list(c.cited.key), c.relation, c.verb_zh or "",
                  *_span(doc, c.evidence_start, c.cited.end),
                  c.paragraph.label if c.paragraph is not None else ""]
                 for c in doc.facts.of(Citation)]
    for c in doc.facts.of(Citation):
        act(c.citing), act(c.cited.key)
    labels: dict[str, list[str]] = {}
    mandates, endorses = _mandates(doc, v, bodies, labels, act)
    establishes = []
    for f in doc.facts.of(Establishment):
        body = iris.subsidiary_body_iri(f.key, base)
        labels.setdefault(body, list(bodies.get(f.key, (f.label_zh, ""))))
        establishes.append([key_list(f.act), body, *_span(doc, f.start, f.end)])
        act(f.act)
    sponsors, became = _sponsors(doc, base, bodies, labels, act)
    return {"acts": list(acts.values()), "citations": citations, "recommends": recommends,
            "mandates": mandates, "endorses": endorses, "establishes": establishes,
            "sponsors": sponsors, "became": became, "labels": labels}


def _heading(a) -> tuple[int, int]:
    """The span an act is shown by: its heading, else its first characters (as its adoption's
    provenance, ``Emitter._adopted_act``)."""
    if a.heading_end > a.heading_start:
        return a.heading_start, a.heading_end
    return a.start, min(a.end, a.start + PARAGRAPH_QUOTE_MAX)


def _mandates(doc: Document, v: Vocab, bodies, labels: dict, act) -> tuple[list, list]:
    """Mandate records ``[mandate IRI, proponent act key or None, proposing body IRI or None,
    addressee IRI, verb, action, start, end, text, paragraph]``, one per addressee a list
    names; and
    ``[act key, body IRI, start, end, text]`` for each act that endorses a body's
    recommendations (an annex)."""
    base = v.base
    mandates, endorses = [], []
    report = report_iri(doc, base)
    for m in doc.facts.of(Mandate):
        body = iris.subsidiary_body_iri(m.proponent_body, base) if m.proponent_body else None
        if body is not None:
            labels.setdefault(body, list(bodies.get(m.proponent_body, ("", ""))))
        if m.act is not None:
            act(m.act)
            iri = iris.mandate_iri(m.act, m.index, base)
            if body is not None:
                endorses.append([key_list(m.act), body, *_span(doc, m.start, m.end)])
        else:
            iri = iris.recommendation_iri(report, m.index)
        span = _span(doc, m.start, m.end)
        for key, zh, en in m.addressees:
            who = addressee_node(key, zh, base).value
            labels.setdefault(who, list(_addressee_labels(key, zh, en, bodies)))
            mandates.append([iri, key_list(m.act) if m.act is not None else None, body, who,
                             m.verb_zh, m.action, *span, m.paragraph])
    return mandates, endorses


def _sponsors(doc: Document, base: str, bodies, labels: dict, act) -> tuple[list, list]:
    sponsors, became = [], []
    listed = {o.key: o.label for o in doc.facts.of(OrganizationMention)}
    for d in doc.facts.of(Draft):
        if d.became is not None:
            became.append([d.symbol, key_list(d.became)])
            act(d.became)
        for sp in d.sponsors:
            who = sponsor_iri(sp, base)
            if who is None or sp.role != "sponsor":
                continue
            labels.setdefault(who, list(_sponsor_labels(sp, bodies, listed)))
            sponsors.append([d.symbol, who, "state" if sp.kind == "state" else "organization",
                             *_span(doc, sp.start, sp.end)])
    return sponsors, became


def _addressee_labels(key: str, zh: str, en: str,
                      bodies: dict[str, tuple[str, str]]) -> tuple[str, str]:
    if key.startswith(BODY_PREFIX):
        return bodies.get(key[len(BODY_PREFIX):], (zh, en))
    if key.startswith(ORGAN_PREFIX):
        organ = lexicon_bodies().get(key[len(ORGAN_PREFIX):])
        return (organ.labels_zh[0], organ.label_en) if organ else (zh, en)
    organization = addressee_organization(key, zh)
    if organization is not None:
        o = organizations()[organization]
        return o.labels_zh[0], o.label_en
    if key == "other":
        return zh, ""
    known = next((a for a in addressees().values() if a.key == key), None)
    return (known.pref_zh, known.label_en) if known else (zh, en)


def _sponsor_labels(sp, bodies, listed) -> tuple[str, str]:
    if sp.kind == "state":
        st = states().get(sp.key)
        return (st.label_zh, st.label_en) if st else (sp.label, "")
    if sp.kind == "organization":
        o = organizations().get(sp.key)
        return (o.labels_zh[0], o.label_en) if o else (listed.get(sp.key, sp.label), "")
    return bodies.get(sp.key, (sp.label, ""))


@dataclass
class DocumentSummary:
    """One file of a build, as the build result shows it (``BuildResult.documents``)."""

    path: str  # as given (printable)
    name: str  # as shown in the ``file`` columns (told apart from a namesake by its folder)
    data: dict = field(repr=False)

    @property
    def sha256(self) -> str:
        return self.data["sha256"]

    @property
    def report(self) -> str:
        return self.data["report"]

    @property
    def adopted(self) -> list[ActKey]:
        """The acts the document adopts."""
        return [key_of(k) for k in self.data["adopted"]]

    @property
    def chars(self) -> int:
        return self.data["chars"]

    @property
    def warnings(self) -> list[str]:
        """What the reading of this file found worth saying, each naming the file."""
        return [f"{self.path}: {w}" for w in self.data["warnings"]]

    @property
    def kind(self) -> str:
        """The document kind read from the text (``kg/header.py``: session-report, resolution…)."""
        return self.data["kind"]

    @property
    def counts(self) -> dict[str, int]:
        return self.data["counts"]

    @property
    def source(self):
        """The file read again (its text, encoding, name as shown): for a notebook or a test
        that wants the characters a span points at."""
        from .read import read_file

        source = read_file(self.path)
        source.name = self.name
        return source

    def document(self) -> Document:
        """The whole Document read again through the pipeline (not kept by the build)."""
        from .pipeline import process_file

        doc = process_file(self.path)
        doc.source.name = self.name
        return doc


def counts(summaries: list[DocumentSummary], triples: int, base: str) -> dict[str, int]:
    """The build summary: documents (distinct contents, and how many of each kind), acts,
    paragraphs, and the distinct entities of every kind as the graph has them (one node per IRI:
    a State named in every report is one State; a Security Council number with and without its
    year is one act), triples. Each document counts once however many files hold it."""
    from .header import KINDS

    unique = list({s.sha256: s for s in summaries}.values())
    kinds: dict[str, int] = {}
    for s in unique:
        kinds[s.kind] = kinds.get(s.kind, 0) + 1
    distinct = {iris.act_iri(key_of(k), base) for s in unique for k in s.data["act_keys"]}
    entities = {label: len({h for s in unique for h in s.data["entities"].get(label, ())})
                for label in ENTITIES}
    return {
        "documents": len(unique),
        # by kind, as read from the text (kg/header.py), in the order of header.KINDS
        **{f"  {kind}": kinds[kind] for kind in KINDS if kind in kinds},
        "adopted acts": len({iris.act_iri(key_of(k), base) for s in unique
                             for k in s.data["adopted"]}),
        "acts": len(distinct),
        "unresolved act mentions": sum(s.data["unresolved_act_mentions"] for s in unique),
        **entities,
        "triples": triples,
    }


def mentions(summaries: list[DocumentSummary]) -> dict[str, int]:
    """How often the documents name what ``counts`` counts (acts, States, organizations…):
    spans of text, each document once."""
    unique = list({s.sha256: s for s in summaries}.values())
    out = {"acts": sum(s.data["act_mentions"] for s in unique)}
    for label in MENTIONED:
        out[label] = sum(s.data["mentions"].get(label, 0) for s in unique)
    return out
