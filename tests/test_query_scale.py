"""Issue 10 item 5: the named queries that show a source read it from one triple.

The build writes each shown source as users read it (``kgo:shownLocation``, "file:start-end",
the report's smallest file name): the queries neither join the reports' files on a computed IRI
nor build and compare long strings (``provisions`` at 10M triples spent most of its 3.3 s so).
And ``rows_of`` reads a solution's values in the order of its variables (None when unbound)."""
from __future__ import annotations

import shutil

from pyoxigraph import Literal, NamedNode, Quad, Store

import kg
from kg.batch import sample_corpus
from kg.query import named_queries, rows_of

KGO = "https://w3id.org/untoc-kg/ontology#"
SOURCE_QUERIES = {"citations", "delegations", "establishes", "mandates", "provisions"}


def test_the_queries_showing_a_source_read_the_written_location():
    using = {name for name, text in named_queries().items() if "?source" in text}
    assert SOURCE_QUERIES <= using
    for name in using:
        text = named_queries()[name]
        assert "kgo:shownLocation ?source" in text, name
        # no file join nor string built per row any more
        assert "kgo:fileName" not in text and "#char=" not in text, name


def _locations(out) -> dict[str, tuple[str, str]]:
    """fact -> (its shown fragment, its shown location) in the store of a build."""
    store = Store.read_only(str(out / "store"))
    found = {}
    for quad in store.quads_for_pattern(None, NamedNode(KGO + "shownSource"), None, None):
        where = list(store.quads_for_pattern(quad.subject, NamedNode(KGO + "shownLocation"),
                                             None, None))
        assert len(where) == 1, quad  # one location for each shown source, in the same graph
        assert where[0].graph_name == quad.graph_name
        found[quad.subject.value] = (quad.object.value, where[0].object.value)
    assert len(list(store.quads_for_pattern(None, NamedNode(KGO + "shownLocation"), None,
                                            None))) == len(found)
    del store
    return found


def _expected(fragment: str, file: str) -> str:
    start, end = fragment.split("#char=")[1].split(",")
    return f"{file}:{start}-{end}"


def test_each_shown_source_names_the_reports_smallest_file_and_follows_a_new_name(tmp_path):
    text = sample_corpus()[0].read_text(encoding="utf-8")[:40_000]
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("z-copy.txt", "m-copy.txt"):  # one report read under two names
        (folder / name).write_text(text, encoding="utf-8")
    kg.build([str(folder)], out, html=False, jobs=0)
    shown = _locations(out)
    assert len(shown) > 10
    assert all(where == _expected(fragment, "m-copy.txt") for fragment, where in shown.values())
    sources = {r["source"] for r in kg.build([str(folder)], out, html=False, jobs=0)
               .query("provisions")}
    assert sources and all(s.startswith("m-copy.txt:") for s in sources)
    # a smaller name added: the incremental build rewrites the locations, as a fresh one has them
    shutil.copyfile(folder / "z-copy.txt", folder / "a-copy.txt")
    kg.build([str(folder)], out, html=False, jobs=0)
    again = _locations(out)
    assert again.keys() == shown.keys()
    assert all(where == _expected(fragment, "a-copy.txt") for fragment, where in again.values())
    fresh = tmp_path / "fresh"
    kg.build([str(folder)], fresh, html=False, jobs=0)
    assert _locations(fresh) == again


def _store(reports: int, shown: int) -> Store:
    """``shown`` facts each shown by a fragment of one of ``reports`` reports, which have files."""
    store = Store()
    base = "https://example.org/doc/"
    quads = [Quad(NamedNode(f"{base}r{i}"), NamedNode(KGO + "fileName"), Literal(f"r{i}.txt"))
             for i in range(reports)]
    quads += [Quad(NamedNode(f"{base}fact{k}"), NamedNode(KGO + "shownSource"),
                   NamedNode(f"{base}r{k % reports}#char={k},{k + 5}")) for k in range(shown)]
    store.extend(quads)
    return store


def test_rows_of_reads_each_solution_in_the_order_of_its_variables():
    store = _store(3, 4)
    header, rows = rows_of(store.query(f"""PREFIX kgo: <{KGO}>
        SELECT ?file ?missing ?m WHERE {{ ?m kgo:shownSource ?x .
          OPTIONAL {{ ?m kgo:nothing ?missing }}
          BIND(CONCAT("f", STR(?x)) AS ?file) }} ORDER BY ?m"""))
    assert header == ["file", "missing", "m"]
    assert rows[0] == ["fhttps://example.org/doc/r0#char=0,5", "", "https://example.org/doc/fact0"]
    assert len(rows) == 4 and all(r[1] == "" and r[2].startswith("https://") for r in rows)


def test_provisions_ordered_by_its_keys_come_as_ordered_by_the_plain_values(built):
    text = named_queries()["provisions"]
    order = text[text.index("ORDER BY"):]
    assert order.rstrip().endswith("?subparagraph ?source_key")
    # the order as the keys' plain values: act, instrument, article, …, the source string
    by_string = text.replace(order, "ORDER BY ?act ?instrument xsd:integer(?article) ?paragraph "
                                    "?subparagraph ?source\n")

    def rows(sparql):  # the IRI columns too (the named query's text alone prints without them)
        return [tuple(r.items()) for r in built.query(sparql, iris=True)]

    assert len(rows(text)) > 50 and rows(text) == rows(by_string)
