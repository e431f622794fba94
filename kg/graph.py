"""graph: the networkx projection of the store used by the HTML page and GraphML/GEXF.

Nodes are acts and bodies; edges are citations (typed by CiTO), with the evidence.
"""
from __future__ import annotations

import networkx as nx
from pyoxigraph import Store

from .query import run_trusted


def _provenance(var: str, kind: str) -> str:
    """SPARQL: ?source ("file:start-end") and ?evidence of one annotation on ?var.

    A fact read in two files has two annotations; both columns come from the same one (the
    first by IRI), never a span of one file with the text of the other: one key per
    annotation, "IRI \\n file:start-end \\n text" (IRIs and file names hold no line break),
    the smallest taken and split. ``kind`` (the class of ?var) keeps the grouping to the
    annotations of such facts, not every annotation in the store (10× faster)."""
    return f"""OPTIONAL {{
    SELECT ?{var} (MIN(?key) AS ?first_{var}) WHERE {{
      ?{var} a {kind} . ?ann oa:hasBody ?{var} ; oa:hasTarget ?t .
      ?t oa:hasSource/kgo:fileName ?file ; oa:hasSelector ?p, ?q .
      ?p oa:start ?st ; oa:end ?e . ?q oa:exact ?ex .
      BIND(CONCAT(STR(?ann), "\\n", ?file, ":", STR(?st), "-", STR(?e), "\\n", ?ex) AS ?key)
    }} GROUP BY ?{var}
  }}
  BIND(STRBEFORE(STRAFTER(?first_{var}, "\\n"), "\\n") AS ?source)
  BIND(STRAFTER(STRAFTER(?first_{var}, "\\n"), "\\n") AS ?evidence)"""


_NODES = """
SELECT ?iri ?notation ?kind ?body ?title ?date ?session ?session_date WHERE {
  ?iri a eli:LegalResource ; skos:notation ?notation ; kgo:kind ?kind ;
       eli:passed_by/skos:notation ?body .
  OPTIONAL { ?iri eli:title ?title }
  OPTIONAL { SELECT ?iri (MIN(?d) AS ?date) WHERE { ?iri eli:date_document ?d } GROUP BY ?iri }
  OPTIONAL { ?iri kgo:adoptedAt ?s . ?s skos:notation ?session .
             OPTIONAL { ?s time:hasBeginning/time:inXSDDate ?session_date } }
}"""

_EDGES = """
SELECT ?citing ?cited ?relation ?verb ?source ?evidence WHERE {
  ?c a cito:Citation ; cito:hasCitingEntity ?citing ; cito:hasCitedEntity ?cited ;
     cito:hasCitationCharacterization ?rel .
  ?citing a eli:LegalResource . ?cited a eli:LegalResource .
  BIND(STRAFTER(STR(?rel), STR(cito:)) AS ?relation)
  OPTIONAL { ?c kgo:verbText ?verb }
  """ + _provenance("c", "cito:Citation") + """
}"""


_MANDATES = """
SELECT ?act ?who ?who_zh ?who_en ?verb ?action ?source ?evidence WHERE {
  ?m a kgo:Mandate ; kgo:proponent ?act ; kgo:addressee ?who .
  OPTIONAL { ?who skos:prefLabel ?who_zh FILTER(lang(?who_zh) = "zh") }
  OPTIONAL { ?who skos:prefLabel ?who_en FILTER(lang(?who_en) = "en") }
  OPTIONAL { ?m kgo:verbText ?verb }
  OPTIONAL { ?m kgo:action ?action }
  """ + _provenance("m", "kgo:Mandate") + """
}"""

_ESTABLISHES = """
SELECT ?act ?body ?body_zh ?body_en ?source ?evidence WHERE {
  ?x a kgo:Establishment ; kgo:establishingAct ?act ; kgo:establishedBody ?body .
  OPTIONAL { ?body skos:prefLabel ?body_zh FILTER(lang(?body_zh) = "zh") }
  OPTIONAL { ?body skos:prefLabel ?body_en FILTER(lang(?body_en) = "en") }
  """ + _provenance("x", "kgo:Establishment") + """
}"""


_SPONSORS = """
SELECT ?who ?who_zh ?who_en ?kind ?act ?draft ?source ?evidence WHERE {
  ?s a kgo:Sponsorship ; kgo:draft ?d ; kgo:sponsor ?who ; kgo:sponsorRole "sponsor" .
  ?d kgo:became ?act ; skos:notation ?draft .
  OPTIONAL { ?who skos:prefLabel ?who_zh FILTER(lang(?who_zh) = "zh") }
  OPTIONAL { ?who skos:prefLabel ?who_en FILTER(lang(?who_en) = "en") }
  BIND(IF(CONTAINS(STR(?who), "/state/"), "state", "organization") AS ?kind)
  """ + _provenance("s", "kgo:Sponsorship") + """
}"""


def _records(store: Store, sparql: str) -> list[dict[str, str]]:
    # kg's own queries, run in-process without a time limit: a build never dies of a timeout
    header, rows = run_trusted(store, sparql)
    return [dict(zip(header, r)) for r in rows]


def _add_party(g: nx.MultiDiGraph, iri: str, zh: str, en: str, kind: str) -> None:
    if iri not in g:
        g.add_node(iri, label=en or zh or iri.rsplit("/", 1)[-1], kind=kind, body="", title=zh,
                   notation=en or zh, date="", session="", session_date="", label_zh=zh,
                   label_en=en)


def graph(store: Store) -> nx.MultiDiGraph:
    """All views: citations, mandates and establishment (and whatever else is present)."""
    g = citation_graph(store)
    for e in _records(store, _MANDATES):
        if e["act"] not in g:
            continue
        _add_party(g, e["who"], e["who_zh"], e["who_en"], "addressee")
        g.add_edge(e["act"], e["who"], relation="mandates", verb=e["verb"],
                   evidence=e["action"] or e["evidence"], source=e["source"], view="mandates")
    for e in _records(store, _ESTABLISHES):
        if e["act"] not in g:
            continue
        _add_party(g, e["body"], e["body_zh"], e["body_en"], "body")
        g.add_edge(e["act"], e["body"], key="establishes", relation="establishes", verb="设立",
                   evidence=e["evidence"], source=e["source"], view="mandates")
    for e in _records(store, _SPONSORS):
        if e["act"] not in g:
            continue
        _add_party(g, e["who"], e["who_zh"], e["who_en"], e["kind"])
        g.add_edge(e["who"], e["act"], key=f"sponsors {e['draft']}", relation="sponsors",
                   verb="提案", evidence=f"{e['draft']}: {e['evidence'] or ''}",
                   source=e["source"], view="states")
    return g


def citation_graph(store: Store) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for a in _records(store, _NODES):
        g.add_node(
            a["iri"],
            label=a["notation"], notation=a["notation"], kind="act", act_kind=a["kind"],
            body=a["body"], title=a["title"], date=a["date"], session=a["session"],
            session_date=a["session_date"], label_zh=a["title"], label_en=a["notation"],
        )
    for e in _records(store, _EDGES):
        g.add_edge(
            e["citing"], e["cited"], key=e["relation"], relation=e["relation"],
            verb=e["verb"], evidence=e["evidence"], source=e["source"], view="citations",
        )
    return g
