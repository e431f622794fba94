"""summary: what a build keeps of one document once its graph is written — small, JSON, cached.

A build does not hold its documents (texts, offset maps, facts) in memory: each is read,
emitted and dropped, and this summary stays (``DocumentSummary``): the counts and warnings the
build prints, the acts it names (the corpus-level steps of ``kg/resolve.py`` run over them),
the vocabulary entries it uses, and the records that graph.html and GraphML/GEXF are drawn
from (``kg/graph.py``), so the page is projected from the facts, never from SPARQL.

Spans in the records are code points of the source file (like the fragments of the graph);
the file name is not stored (the same content may be read under several names; the build
joins the name in).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from . import iris
from .components import fact_counts
from .emit import Emission, Vocab
from .emit.drafts import sponsor_iri
from .emit.mandates import addressee_node
from .facts import BodyMention, Citation, Draft, Establishment, Mandate, OrganizationMention
from .lexicon import addressees, organizations, states
from .models import ActKey, Document

SUMMARY_VERSION = 1


def key_list(key: ActKey) -> list[str]:
    return [key.body, key.kind, key.number]


def key_of(items) -> ActKey:
    return ActKey(*items)


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
        "adopted": [key_list(a.key) for a in doc.acts],
        "paragraphs": sum(len(a.paragraphs) for a in doc.acts),
        "counts": counts,
        "act_keys": sorted(key_list(k) for k in emission.act_keys),
        "vocabulary": used,
        "shown": emission.shown or {},
        "mention_counts": emission.mention_counts or {},
        "warnings": list(doc.warnings),
        "graph": _projection(doc, v),
    }


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
    """The records of the page's views: acts, citations, mandates, establishment, sponsors."""
    base = v.base
    bodies = _body_labels(doc)
    session = doc.session.notation if doc.session and doc.session.ordinal else ""
    session_date = (doc.session.start_date or "") if session else ""
    acts: dict[str, dict] = {}

    def act(key: ActKey) -> dict:
        return acts.setdefault(" ".join(key_list(key)), {"key": key_list(key), "dates": []})

    for a in doc.acts:
        record = act(a.key)
        record["title"] = a.title
        if a.date:
            record["dates"].append(a.date)
        if session:
            record["session"], record["session_date"] = session, session_date
    for m in doc.mentions:
        record = act(m.key)
        if m.date:
            record["dates"].append(m.date)
    citations = [[key_list(c.citing), key_list(c.cited.key), c.relation, c.verb_zh or "",
                  *_span(doc, c.evidence_start, c.cited.end)] for c in doc.facts.of(Citation)]
    for c in doc.facts.of(Citation):
        act(c.citing), act(c.cited.key)
    labels: dict[str, list[str]] = {}
    mandates = []
    for m in doc.facts.of(Mandate):
        who = addressee_node(m.addressee_key, m.addressee_zh, base).value
        labels.setdefault(who, list(_addressee_labels(m, bodies)))
        mandates.append([iris.mandate_iri(m.act, m.index, base), key_list(m.act), who, m.verb_zh,
                         m.action, *_span(doc, m.start, m.end)])
        act(m.act)
    establishes = []
    for f in doc.facts.of(Establishment):
        body = iris.subsidiary_body_iri(f.key, base)
        labels.setdefault(body, list(bodies.get(f.key, (f.label_zh, ""))))
        establishes.append([key_list(f.act), body, *_span(doc, f.start, f.end)])
        act(f.act)
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
    return {"acts": list(acts.values()), "citations": citations, "mandates": mandates,
            "establishes": establishes, "sponsors": sponsors, "became": became,
            "labels": labels}


def _addressee_labels(m: Mandate, bodies: dict[str, tuple[str, str]]) -> tuple[str, str]:
    if m.addressee_key.startswith("body:"):
        return bodies.get(m.addressee_key[len("body:"):], (m.addressee_zh, m.addressee_en))
    if m.addressee_key == "other":
        return m.addressee_zh, ""
    known = next((a for a in addressees().values() if a.key == m.addressee_key), None)
    return (known.pref_zh, known.label_en) if known else (m.addressee_zh, m.addressee_en)


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
        return self.data["warnings"]

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


def counts(summaries: list[DocumentSummary], triples: int) -> dict[str, int]:
    """The build summary: documents, acts, paragraphs, mentions, facts of every kind, triples."""
    entities: dict[str, int] = {}
    for s in summaries:
        for kind, n in s.counts.items():
            if kind not in ("acts", "citations"):  # counted as act mentions, citations
                label = kind.replace("_", " ")
                entities[label] = entities.get(label, 0) + n
    distinct = {tuple(k) for s in summaries for k in s.data["act_keys"]}
    return {
        "documents": len(summaries),
        "adopted acts": sum(len(s.data["adopted"]) for s in summaries),
        "paragraphs": sum(s.data["paragraphs"] for s in summaries),
        "act mentions": sum(s.counts.get("acts", 0) for s in summaries),
        "distinct acts": len(distinct),
        "citations": sum(s.counts.get("citations", 0) for s in summaries),
        **dict(sorted(entities.items())),
        "triples": triples,
    }
