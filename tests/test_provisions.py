"""Treaty provisions: forms not in the seeds, real readings of the seeds, provenance."""
import hashlib
from functools import lru_cache

import pytest

from kg.batch import sample_corpus
from kg.models import SourceText
from kg.pipeline import process_file, process_source
from kg.facts import ProvisionCitation


# a report of the Conference: there, "the Convention" and a bare article are the UNTOC's
COP_REPORT = "联合国打击跨国有组织犯罪公约缔约方会议2020年10月12日至16日在维也纳举行的第十届会议报告。"


def doc_of(text: str, report: str = COP_REPORT):
    text = report + text
    src = SourceText("mem.txt", "mem.txt", text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    return process_source(src)


def facts(text):
    return {(f.instrument, f.article, f.paragraph, f.subparagraph) for f in doc_of(text).facts.of(ProvisionCitation)}


@lru_cache(maxsize=None)
def seed(i):
    return process_file(sample_corpus()[i])


def seed_facts(i):
    return {(f.citing.notation if f.citing else "", f.instrument, f.article, f.paragraph, f.subparagraph)
            for f in seed(i).facts.of(ProvisionCitation)}


@pytest.mark.parametrize("text,expected", [
    ("回顾《公约》第34条第1(a)款和第2款。", {("UNTOC", "34", "1", "a"), ("UNTOC", "34", "2", None)}),
    ("依照《枪支议定书》第11条第2款。", {("Firearms-Protocol", "11", "2", None)}),
    ("各国应执行《联合国反腐败公约》第46条第9(b)款。", {("UNCAC", "46", "9", "b")}),
    ("根据本公约第26条", {("UNTOC", "26", None, None)}),
    ("公约第29条第(1)(e)款规定", {("UNTOC", "29", "1", "e")}),
    ("公约第29条第1款(e)项规定", {("UNTOC", "29", "1", "e")}),
    ("《有组织犯罪公约》第 3 条(a)项", {("UNTOC", "3", None, "a")}),
    ("依照缔约方会议议事规则第35条和第36条", {("COP-Rules-of-Procedure", "35", None, None),
                                             ("COP-Rules-of-Procedure", "36", None, None)}),
    ("《贩运人口议定书》第5、第6和第11条", {("TIP-Protocol", a, None, None) for a in ("5", "6", "11")}),
    ("《公约》第23至25条", {("UNTOC", a, None, None) for a in ("23", "24", "25")}),
    ("《公约》第34条第2至第4款", {("UNTOC", "34", p, None) for p in ("2", "3", "4")}),
    ("《儿童权利公约》第三十五条", {("CRC", "35", None, None)}),
    # the protocol under discussion
    ("审查《枪支议定书》的执行情况。发言者回顾该议定书第15条。", {("Firearms-Protocol", "15", None, None)}),
    # paragraphs of documents are not provisions; unknown instruments are skipped
    ("见A/77/10,第2-4段和第9、12和13段。", set()),
    ("《某国刑法典》第12条", set()),
])
def test_forms_not_in_the_seeds(text, expected):
    assert facts(text) == expected


COSP_REPORT = "联合国反腐败公约缔约国会议2023年12月11日至15日在亚特兰大举行的第十届会议报告。"


@pytest.mark.parametrize("report,text,expected", [
    # rules of procedure are the acting body's when no other body is named before them
    (COSP_REPORT, "缔约国会议依照其议事规则第22条选出主席团成员。",
     {("UNCAC-COSP-Rules-of-Procedure", "22", None, None)}),
    (COSP_REPORT, "依照缔约国会议议事规则第2条第2款", {("UNCAC-COSP-Rules-of-Procedure", "2", "2", None)}),
    (COP_REPORT, "依照其议事规则第22条", {("COP-Rules-of-Procedure", "22", None, None)}),
    # … and another body's when it is named
    (COP_REPORT, "依照大会议事规则第78条", {("GA-Rules-of-Procedure", "78", None, None)}),
    ("", "根据安全理事会暂行议事规则第37条", {("SC-Provisional-Rules-of-Procedure", "37", None, None)}),
    ("", "依照经济及社会理事会的议事规则第72条", {("ECOSOC-Rules-of-Procedure", "72", None, None)}),
    # a document that is no body's: its rules are not guessed
    ("", "依照议事规则第22条", set()),
    # the article, and in particular one of its paragraphs (Chinese numerals)
    (COSP_REPORT, "回顾《联合国反腐败公约》第六十三条,特别是其中第七款,",
     {("UNCAC", "63", None, None), ("UNCAC", "63", "7", None)}),
    (COP_REPORT, "《公约》第十八条第十三款", {("UNTOC", "18", "13", None)}),
    (COP_REPORT, "回顾《公约》第32条,尤其是第3款和第4款", {("UNTOC", "32", None, None), ("UNTOC", "32", "3", None),
                                               ("UNTOC", "32", "4", None)}),
])
def test_rules_of_procedure_and_paragraphs_in_particular(report, text, expected):
    got = {(f.instrument, f.article, f.paragraph, f.subparagraph)
           for f in doc_of(text, report=report).facts.of(ProvisionCitation)}
    assert got == expected


def test_every_rules_owner_is_a_body():
    from kg.lexicon import bodies, rules_of_procedure
    assert set(rules_of_procedure()) <= set(bodies())
    assert rules_of_procedure()["UNTOC-COP"] == "COP-Rules-of-Procedure"


def test_bare_article_defaults_to_the_convention_with_a_warning():
    d = doc_of("主席指出第21条很重要。")
    (f,) = d.facts.of(ProvisionCitation)
    assert (f.instrument, f.article) == ("UNTOC", "21") and f.warning is not None


def test_outside_a_conference_report_the_convention_is_the_one_last_named():
    text = ("《公民及政治权利国际公约》保护生命权。各缔约国在《公约》第二条下受约束。"
            "另见第十五条。")
    d = doc_of(text, report="")
    assert {(f.instrument, f.article) for f in d.facts.of(ProvisionCitation)} == {("ICCPR", "2")}
    assert any("第十五条" in w and "no instrument" in w for w in d.warnings)


def test_seed_session_3():
    got = seed_facts(2)
    for fact in [
        ("UNTOC-COP decision 3/1", "UNTOC", "32", "3", "d"),
        ("UNTOC-COP decision 3/1", "UNTOC", "32", "4", None),
        ("UNTOC-COP decision 3/2", "UNTOC", "18", "13", None),
        ("UNTOC-COP decision 3/2", "SOM-Protocol", "8", "6", None),
        ("UNTOC-COP decision 3/3", "TIP-Protocol", "12", None, None),  # 这两项议定书第12条
        ("UNTOC-COP decision 3/3", "SOM-Protocol", "12", None, None),
        ("UNTOC-COP decision 3/4", "UNTOC", "30", "2", "c"),
        ("", "TIP-Protocol", "9", "5", None),
        ("", "SOM-Protocol", "6", "1", "b"),
        ("", "COP-Rules-of-Procedure", "22", None, None),
    ]:
        assert fact in got, fact


def test_seed_session_5_and_11():
    got5, got11 = seed_facts(0), seed_facts(1)
    assert ("UNTOC-COP resolution 5/1", "UNTOC", "30", "2", "c") in got5  # 第30条第(2)(c)款
    assert ("UNTOC-COP resolution 5/3", "SOM-Protocol", "16", None, None) in got5  # 《议定书》第16条
    assert ("UNTOC-COP resolution 5/3", "COP-Rules-of-Procedure", "2", "2", None) in got5
    # 《供应商行为守则》…特别是第5条: the Supplier Code, not the Convention
    assert ("UNTOC-COP resolution 5/2", "UN-Supplier-Code-of-Conduct", "5", None, None) in got5
    assert ("UNTOC-COP resolution 5/2", "UNTOC", "5", None, None) not in got5
    assert ("UNTOC-COP resolution 11/1", "UNTOC", "2", None, "b") in got11
    assert ("UNTOC-COP resolution 11/5", "TIP-Protocol", "6", "1", None) in got11
    assert ("UNTOC-COP resolution 11/4", "Hague-Convention-1954", "4", None, None) in got11
    assert ("", "COP-Rules-of-Procedure", "22", None, None) in got11
    assert {("", "COP-Rules-of-Procedure", a, None, None) for a in ("14", "15", "16", "17")} <= got11


def test_provenance_quotes_the_article():
    for i in range(3):
        d = seed(i)
        for f in d.facts.of(ProvisionCitation):
            quote = d.quote(f.start, f.end).replace(" ", "").replace("\n", "")
            assert "第" in quote and "条" in quote, quote


def test_named_query_and_most_cited_articles(built):
    rows = built.query("provisions")
    assert rows and list(rows[0]) == ["act", "instrument", "article", "paragraph", "subparagraph", "source"]
    assert {"act": "UNTOC-COP decision 3/1", "instrument": "UNTOC", "article": "32", "paragraph": "3",
            "subparagraph": "d"}.items() <= next(
        r for r in rows if r["act"] == "UNTOC-COP decision 3/1" and r["subparagraph"] == "d").items()
    top = built.query("""
        SELECT ?article (COUNT(DISTINCT ?citing) AS ?n) WHERE {
          ?c a cito:Citation ; cito:hasCitingEntity ?citing ; cito:hasCitedEntity ?p .
          ?p kgo:articleNumber ?article ; eli:is_part_of+ ?ins . ?ins skos:notation "UNTOC" .
        } GROUP BY ?article ORDER BY DESC(?n) LIMIT 3""")
    assert top[0]["article"] == "32"


def score_provisions(verbose=False):
    """Precision/recall against tests/gold/entities_bodies_provisions_mandates.json."""
    import json
    from pathlib import Path

    gold = json.loads((Path(__file__).parent / "gold/entities_bodies_provisions_mandates.json").read_text("utf-8"))
    found, expected = set(), set()
    for i, path in enumerate(sample_corpus()):
        name = path.name
        for f in seed(i).facts.of(ProvisionCitation):
            found.add((name, f.citing.notation if f.citing else "report", f.instrument, f.article,
                       f.paragraph, f.subparagraph))
        for g in gold[name]["provisions"]:
            expected.add((name, g["act"], g["instrument"], g["article"], g["paragraph"], g["subparagraph"]))
    tp = len(found & expected)
    if verbose:
        for x in sorted(found - expected, key=str):
            print("FP", x)
        for x in sorted(expected - found, key=str):
            print("FN", x)
    return tp / len(found), tp / len(expected)


def test_accuracy_against_independent_reading():
    p, r = score_provisions()
    assert p >= 0.9 and r >= 0.9, (p, r)


if __name__ == "__main__":
    print(score_provisions(verbose=True))


def test_charter_articles_and_no_article_from_a_chapter():
    got = {(f.instrument, f.article, f.paragraph)
           for f in doc_of("安全理事会根据《联合国宪章》第七章采取行动,回顾《宪章》第二十五条和第103条以及第二条第七款。",
                           report="").facts.of(ProvisionCitation)}
    # 第七章 is a chapter, not an article: no provision is read from it
    assert got == {("UN-Charter", "25", None), ("UN-Charter", "103", None), ("UN-Charter", "2", "7")}
