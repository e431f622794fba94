"""Subjects (issue 11, item 7): UNBIS headings of the %%% line, key terms of adopted acts with
jieba, the ``subjects`` named query."""
from __future__ import annotations

import re

from kg.batch import sample_corpus
from kg.extract import subjects
from kg.facts import KeyTerm, SubjectHeading
from kg.models import SourceText
from kg.pipeline import process_file, process_source
from kg.query import natural_key

SAMPLES = sample_corpus()
SEGMENTED = next(p for p in SAMPLES if p.name.startswith("000_"))  # session 5, with a %%% line
SEED_HEADINGS = ["TRANSNATIONAL CRIME", "ORGANIZED CRIME", "CONSULTATIONS", "DRUG CONTROL",
                 "CRIME PREVENTION", "EXTRADITION", "JUDICIAL ASSISTANCE",
                 "TRAFFICKING IN PERSONS", "CRIME VICTIMS", "WOMEN", "CHILDREN",
                 "ILLICIT ARMS TRAFFICKING", "TECHNICAL COOPERATION", "CULTURAL PROPERTY",
                 "DOCUMENTS"]  # the first line of the seed, read by hand


def test_the_headings_line_of_the_segmented_seed():
    doc = process_file(SEGMENTED)
    found = doc.facts.of(SubjectHeading)
    assert [h.label for h in found] == SEED_HEADINGS
    assert all(doc.quote(h.start, h.end) == h.label for h in found)


def test_headings_of_a_made_up_report_and_none_without_the_line():
    report = SEGMENTED.read_text(encoding="utf-8").split("\n", 1)[1]
    text = "%%%HUMAN RIGHTS|  CORRUPTION |MONEY LAUNDERING\n" + report
    doc = process_source(SourceText("x.txt", "x.txt", text, "utf-8", "0"))
    assert [h.label for h in doc.facts.of(SubjectHeading)] == ["HUMAN RIGHTS", "CORRUPTION",
                                                                "MONEY LAUNDERING"]
    plain = process_source(SourceText("y.txt", "y.txt", report, "utf-8", "1"))
    assert plain.facts.of(SubjectHeading) == ()
    assert plain.facts.of(KeyTerm)  # key terms do not need the line


def test_key_terms_say_what_each_act_is_about():
    doc = process_file(SEGMENTED)
    terms: dict[str, list[str]] = {}
    for t in doc.facts.of(KeyTerm):
        terms.setdefault(t.act.notation, []).append(t.term)
        # provenance: the first occurrence (the segmented source has spaces between words)
        assert doc.quote(t.start, t.end).replace(" ", "") == t.term
    assert set(terms) == {a.key.notation for a in doc.acts}
    assert all(len(v) <= subjects.KEY_TERMS_PER_ACT for v in terms.values())
    assert "枪支" in terms["UNTOC-COP resolution 5/4"]  # the firearms resolution
    assert "文化遗产" in terms["UNTOC-COP resolution 5/7"]  # cultural property
    assert "国际统一私法协会" in terms["UNTOC-COP resolution 5/7"]  # a name from the gazetteer, whole
    procedural = subjects._procedural_words()
    for term in (t for v in terms.values() for t in v):
        assert term not in procedural and not re.search(r"[0-9]|^第", term), term


def test_a_term_every_act_of_the_report_uses_is_no_key_term():
    doc = process_file(SEGMENTED)
    in_every_act = set.intersection(*(set(subjects._candidate_counts(
        doc.normalized.text[a.start:a.end])) for a in doc.acts))
    assert in_every_act  # the convention's name, 犯罪 …: the rule has work to do here
    assert not in_every_act & {t.term for t in doc.facts.of(KeyTerm)}


def test_the_subjects_query(built):
    rows = built.query("subjects")
    assert rows.columns == ["act", "subject", "scheme"]
    assert {r["scheme"] for r in rows} == {"UNBIS", "keyword"}
    unbis = {r["subject"] for r in rows if r["act"] == "UNTOC-COP resolution 5/1"
             and r["scheme"] == "UNBIS"}
    assert unbis == set(SEED_HEADINGS)
    assert not [r for r in rows if r["act"].startswith("UNTOC-COP decision 3/")
                and r["scheme"] == "UNBIS"]  # session 3's report prints no headings
    acts = [r["act"] for r in rows]
    assert acts == sorted(acts, key=natural_key)


def test_subjects_are_skos_concepts_in_their_scheme(built):
    rows = built.query("""SELECT ?scheme (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a skos:Concept ; skos:inScheme ?s . ?s a skos:ConceptScheme ; skos:notation ?scheme
        FILTER EXISTS { ?x dcterms:subject ?c } } GROUP BY ?scheme ORDER BY ?scheme""")
    counts = {r["scheme"]: r["n"] for r in rows}
    assert counts["UNBIS"] == len(SEED_HEADINGS)
    assert counts["keyword"] > 50
    on_report = built.query("""SELECT ?label WHERE { ?r a kgo:Report ; dcterms:subject ?c .
        ?c skos:prefLabel ?label }""")
    assert {r["label"] for r in on_report} == set(SEED_HEADINGS)
    assert {r["label"].lang for r in on_report} == {"en"}


def test_two_copies_of_a_report_give_each_subject_row_once(tmp_path):
    """Each copy is a report of the same session with the same headings (in its own graph);
    the default graph is their union, so the query must not list an act's heading per copy."""
    import kg

    folder = tmp_path / "in"
    folder.mkdir()
    text = SEGMENTED.read_text(encoding="utf-8")
    (folder / "one.txt").write_text(text, encoding="utf-8")
    (folder / "two.txt").write_text(text + "\n副本\n", encoding="utf-8")
    rows = kg.build([str(folder)], tmp_path / "out", html=False).query("subjects")
    keys = [(r["act"], r["subject"], r["scheme"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert ("UNTOC-COP resolution 5/1", "EXTRADITION", "UNBIS") in keys
