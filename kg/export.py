"""export: the built outputs in other formats — RDF (ttl, nt, jsonld: the union of the graphs;
nq, trig: the dataset with its named graphs), graphs for Gephi (graphml, gexf, from the
projection kept with the build, the one graph.html draws) and CSV tables (one per named query).

``nq`` is written in shards (``graph.nq.d/part-00000.nq`` …, ``SHARD_BYTES`` each at most, cut
at line ends) for loaders of very large graphs, e.g. QLever (README: "Beyond one store").
"""
from __future__ import annotations

import itertools
import json
import re
import shutil
import tempfile
from pathlib import Path

import networkx as nx
from pyoxigraph import BlankNode, NamedNode, RdfFormat

from .emit import Vocab
from .query import execute, named_queries, present_named, to_csv
from .resolve import base_iri
from .store import CURRENT, RDF_FORMATS, atomic_output, dump, open_store

FORMATS = ("ttl", "nt", "jsonld", "nq", "trig", "graphml", "gexf", "csv")
SHARD_BYTES = 256 << 20


def export(fmt: str, out_dir: str | Path = "output", shard_bytes: int = SHARD_BYTES) -> list[Path]:
    out = Path(out_dir)
    store = open_store(out)
    if fmt == "jsonld":
        path = out / "graph.jsonld"
        with atomic_output(path) as tmp:
            write_jsonld(store, tmp, Vocab(base_iri()).prefixes())
        return [path]
    if fmt in RDF_FORMATS:
        # graph.ttl is a link into the current version: rewrite the file it points at
        path = (out / RDF_FORMATS[fmt][1]).resolve()
        dump(store, fmt, path, Vocab(base_iri()).turtle_prefixes())
        return [out / RDF_FORMATS[fmt][1]]
    if fmt == "trig":
        path = out / "graph.trig"
        with atomic_output(path) as tmp:
            store.dump(str(tmp), RdfFormat.TRIG, prefixes=Vocab(base_iri()).turtle_prefixes())
        return [path]
    if fmt == "nq":
        return _nquads_shards(store, out / "graph.nq.d", shard_bytes)
    if fmt in ("graphml", "gexf"):
        from .graph import PROJECTION_FILE, load

        g = for_gephi(load(out / CURRENT / PROJECTION_FILE), fmt)
        path = out / f"graph.{fmt}"
        with atomic_output(path) as tmp:
            (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(g, tmp)
        return [path]
    if fmt == "csv":
        paths = []
        for name, sparql in named_queries().items():
            # kg's own queries, run here; the SPEC's columns, then the IRIs of what each row
            # names (act_iri…), so a row joins back to the graph
            result = present_named(name, execute(store, sparql), iris=True)
            path = out / "csv" / f"{name}.csv"
            with atomic_output(path) as tmp:
                tmp.write_text(to_csv(*result.strings()), encoding="utf-8")
            paths.append(path)
        return paths
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


# --- JSON-LD ---------------------------------------------------------------------------------
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Compactor:
    """IRIs as compact IRIs (``kgo:Mandate``, ``kg:act/untoc-cop/resolution/5-1``) under the
    longest namespace of the context that leaves a suffix JSON-LD reads back as written."""

    def __init__(self, prefixes: dict[str, str]):
        # every namespace ends with "/" or "#", so JSON-LD 1.1 uses each as a prefix
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri.startswith("//", len(ns)):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


def _jsonld_value(term, compact: _Compactor):
    if isinstance(term, NamedNode):
        return {"@id": compact(term.value)}
    if isinstance(term, BlankNode):
        return {"@id": f"_:{term.value}"}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def _node_object(subject, quads, compact: _Compactor) -> dict:
    node: dict = {"@id": compact(subject.value) if isinstance(subject, NamedNode)
                  else f"_:{subject.value}"}
    for q in quads:
        if q.predicate.value == RDF_TYPE and isinstance(q.object, NamedNode):
            node.setdefault("@type", []).append(compact(q.object.value))
        else:
            node.setdefault(compact(q.predicate.value), []).append(_jsonld_value(q.object, compact))
    # one value stands alone, as compaction writes it
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()}


def write_jsonld(store, path: Path, prefixes: dict[str, str]) -> None:
    """The union of the store's graphs as compacted JSON-LD: a ``@context`` of kg's prefixes
    and a ``@graph`` of node objects with compact IRIs, streamed (one subject at a time, never
    the whole graph in memory). A subject described in several graphs (a report's and the
    shared one) may appear as several node objects with one ``@id``, which JSON-LD merges."""
    compact = _Compactor(prefixes)
    context = dict(sorted(prefixes.items()))
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"@context": ' + json.dumps(context, ensure_ascii=False) + ',\n"@graph": [')
        first = True
        for subject, quads in itertools.groupby(store, key=lambda q: q.subject):
            out.write("\n" if first else ",\n")
            first = False
            out.write(json.dumps(_node_object(subject, quads, compact), ensure_ascii=False))
        out.write("\n]}\n")


class _ShardWriter:
    """A binary file-like object that starts a new shard past ``limit`` bytes, at a line end."""

    def __init__(self, folder: Path, limit: int):
        self.folder, self.limit = folder, limit
        self.paths: list[Path] = []
        self._file = None
        self._size = 0
        self._tail = b""

    def _next(self):
        if self._file is not None:
            self._file.close()
        path = self.folder / f"part-{len(self.paths):05d}.nq"
        self.paths.append(path)
        self._file, self._size = open(path, "wb"), 0

    def write(self, given: bytes) -> int:
        data = self._tail + bytes(given)
        cut = data.rfind(b"\n") + 1
        self._tail = data[cut:]
        if cut:
            if self._file is None or self._size + cut > self.limit and self._size:
                self._next()
            self._file.write(data[:cut])
            self._size += cut
        return len(given)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self._tail:
            if self._file is None:
                self._next()
            self._file.write(self._tail)
        if self._file is not None:
            self._file.close()


def _nquads_shards(store, folder: Path, limit: int) -> list[Path]:
    """The whole dataset as N-Quads shards, written beside ``folder`` and swapped in."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".graph.nq.", dir=folder.parent))
    try:
        writer = _ShardWriter(tmp, limit)
        store.dump(writer, RdfFormat.N_QUADS)
        writer.close()
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [folder / p.name for p in writer.paths]


# characters XML 1.0 cannot hold at all, not even as &#…; (a \x08 in a report would make
# the file malformed): C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    """A plain string XML can carry: None is empty, a forbidden character is written out."""
    if value is None:
        return ""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", str(value))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _plain(value):
    """A value GraphML/GEXF can type (bool, int, float) or carry as well-formed XML text."""
    return value if isinstance(value, (bool, int, float)) else xml_text(value)


def for_gephi(g: nx.MultiDiGraph, fmt: str) -> nx.MultiDiGraph:
    """The projection as Gephi reads it. Every node keeps its attributes (``kind``: act, body,
    addressee, State, organization; ``body``, ``notation``, ``label_zh``/``label_en``,
    ``adopted``…) and gets the page's colour (``color``, ``#rrggbb``), a position (one block
    per body or kind, in order of date: a start for Gephi's layouts) and a size (by how often
    it is the target of an edge): in GraphML as the attributes Gephi's importer reads (``x``,
    ``y``, ``size``, ``r``, ``g``, ``b``; edges ``label``, ``weight``, ``r``, ``g``, ``b``), in
    GEXF as its ``viz:`` elements. Strings are made well-formed XML (``xml_text``)."""
    from .views import RELATIONS, block_layout, body_colours, node_colour

    colours = body_colours(d.get("body") or "" for _, d in g.nodes(data=True) if d.get("kind") == "act")
    pos = block_layout(g, list(g.nodes))
    h = nx.MultiDiGraph()
    for n, a in g.nodes(data=True):
        attrs = {k: _plain(v) for k, v in a.items()}
        colour = node_colour(a, colours)
        (x, y), size = pos[n], round(10 + 4 * (g.in_degree(n) ** 0.5), 2)
        r, gg, b = _rgb(colour)
        attrs["color"] = colour
        if fmt == "gexf":
            attrs["viz"] = {"color": {"r": r, "g": gg, "b": b, "a": 1.0},
                            "position": {"x": float(x), "y": float(-y), "z": 0.0}, "size": size}
        else:
            attrs.update(x=float(x), y=float(-y), size=size, r=r, g=gg, b=b)
        h.add_node(xml_text(n), **attrs)
    for u, v, k, a in g.edges(keys=True, data=True):
        attrs = {x: _plain(y) for x, y in a.items()}
        name, colour = RELATIONS.get(a.get("relation"), (a.get("relation") or "", "#888888"))
        r, gg, b = _rgb(colour)
        attrs.update(label=name, weight=1.0)
        if fmt == "gexf":
            attrs["viz"] = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}}
        else:
            attrs.update(r=r, g=gg, b=b)
        h.add_edge(xml_text(u), xml_text(v), key=xml_text(k), **attrs)
    return h
