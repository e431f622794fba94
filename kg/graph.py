"""graph: the networkx projection of the store used by the HTML page and GraphML/GEXF.

Nodes are acts and bodies; edges are citations (typed by CiTO), with the evidence.
"""
from __future__ import annotations

import networkx as nx
from pyoxigraph import Store

from .query import run

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
  BIND(STRAFTER(STR(?rel), STR(cito:)) AS ?relation)
  OPTIONAL { ?c kgo:verbText ?verb }
  OPTIONAL {
    SELECT ?c (MIN(?src) AS ?source) (SAMPLE(?ex) AS ?evidence) WHERE {
      ?ann oa:hasBody ?c ; oa:hasTarget ?t .
      ?t oa:hasSource/kgo:fileName ?file ; oa:hasSelector ?p, ?q .
      ?p oa:start ?s ; oa:end ?e . ?q oa:exact ?ex .
      BIND(CONCAT(?file, ":", STR(?s), "-", STR(?e)) AS ?src)
    } GROUP BY ?c
  }
}"""


def citation_graph(store: Store) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    header, rows = run(store, _NODES)
    for r in rows:
        a = dict(zip(header, r))
        g.add_node(
            a["iri"],
            label=a["notation"], notation=a["notation"], kind="act", act_kind=a["kind"],
            body=a["body"], title=a["title"], date=a["date"], session=a["session"],
            session_date=a["session_date"], label_zh=a["title"], label_en=a["notation"],
        )
    header, rows = run(store, _EDGES)
    for r in rows:
        e = dict(zip(header, r))
        g.add_edge(
            e["citing"], e["cited"], key=e["relation"], relation=e["relation"],
            verb=e["verb"], evidence=e["evidence"], source=e["source"], view="citations",
        )
    return g
