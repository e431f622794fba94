"""Drafts: sponsors and what they became. Sponsors come from the States and organizations
extractors (doc.facts.of(StateMention), doc.facts.of(OrganizationMention))."""
import hashlib
from functools import lru_cache

import pytest

from kg.batch import sample_corpus
from kg.models import SourceText
from kg.pipeline import process_file, process_source
from kg.components import fact_counts
from kg.facts import Draft

def with_names(doc):
    """The drafts of a document (States and organizations come from their own extractors)."""
    assert {"states", "organizations"} <= fact_counts(doc).keys()
    return doc


def doc_of(text):
    src = SourceText("mem.txt", "mem.txt", text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    return with_names(process_source(src))


def table(doc):
    return {d.symbol: ({s.key for s in d.sponsors if s.role == "sponsor"},
                       d.became.notation if d.became else None) for d in doc.facts.of(Draft)}


@lru_cache(maxsize=None)
def seed(i):
    return with_names(process_file(sample_corpus()[i]))


@pytest.mark.parametrize("text,expected", [
    ("在2016年10月21日第8次会议上，缔约方会议第八届会议通过了一份修订决议草案（CTOC/COP/2016/L.5/Rev.1），"
     "该草案的提案国为德国（代表联合国会员国中的欧洲联盟成员国）、印度和日本。（案文见第一章，A节，第8/2号决议）。",
     {"CTOC/COP/2016/L.5/Rev.1": ({"DEU", "EU", "IND", "JPN"}, "UNTOC-COP resolution 8/2")}),
    ("缔约方会议第八届会议通过了一项决定草案(CTOC/COP/2016/L.9)，提案方有：欧洲联盟、挪威和埃及。"
     "(案文见第一章B节，第8/1号决定。)",
     {"CTOC/COP/2016/L.9": ({"EU", "NOR", "EGY"}, "UNTOC-COP decision 8/1")}),
    ("缔约方会议第八届会议通过了贩运人口问题工作组主席提交的决议草案(CTOC/COP/2016/L.3)。"
     "(案文见第一章A节，第8/5号决议。)",
     {"CTOC/COP/2016/L.3": ({"贩运人口问题工作组主席"}, "UNTOC-COP resolution 8/5")}),
    ("缔约方会议第八届会议审议了由非洲国家组作为提案国的一份决定草案(CTOC/COP/2016/L.12)。",
     {"CTOC/COP/2016/L.12": ({"AFRICAN-GROUP"}, None)}),
    ("缔约方会议第八届会议通过了报告(CTOC/COP/2016/L.1和Add.1-4)。", {}),
])
def test_forms_not_in_the_seeds(text, expected):
    assert table(doc_of(text)) == expected


def test_seed_session_5():
    t = table(seed(0))
    assert t["CTOC/COP/2010/L.7/Rev.1"] == (
        # "比利时(代表联合国会员国中的欧洲联盟成员)": Belgium and, through it, the EU
        {"BEL", "EU", "CHL", "COL", "CRI", "FRA", "GTM", "HUN", "ITA", "PER", "SRB", "CHE"},
        "UNTOC-COP resolution 5/1")
    assert t["CTOC/COP/2010/L.9"] == ({"KEN", "NGA"}, "UNTOC-COP resolution 5/6")
    assert t["CTOC/COP/2010/L.10"] == ({"G77"}, "UNTOC-COP decision 5/2")  # submitted by the Bureau
    assert "CTOC/COP/2010/L.1" not in t  # the draft report


def test_seed_session_11():
    t = table(seed(1))
    assert t["CTOC/COP/2022/L.4"] == ({"GBR", "USA"}, "UNTOC-COP resolution 11/1")
    assert t["CTOC/COP/2022/L.6/Rev.1"] == ({"EU", "FRA", "GBR", "USA"}, "UNTOC-COP resolution 11/3")
    assert t["CTOC/COP/2022/L.2/Rev.1"][1] == "UNTOC-COP decision 11/1"
    sponsors, became = t["CTOC/COP/2022/L.9/Rev.1"]  # not adopted; sponsors in a footnote
    assert became is None and {"AUS", "JPN", "EU", "GBR", "USA"} <= sponsors


def test_seed_session_3():
    t = table(seed(2))
    assert t["CTOC/COP/2006/L.10"] == ({"AUS", "BRA", "CAN", "PHL", "ZAF"}, "UNTOC-COP decision 3/3")
    # "芬兰(代表联合国会员国中的欧洲联盟成员国)"
    assert t["CTOC/COP/2006/L.6/Rev.1"] == ({"AUS", "BRA", "CAN", "FIN", "EU", "USA"},
                                           "UNTOC-COP decision 3/1")
    assert t["CTOC/COP/2006/L.9/Rev.1"][1] == "UNTOC-COP decision 3/4"
    assert t["CTOC/COP/2006/L.2"][0] == {"FIN", "EU"}  # Finland for the EU (list of documents, para 131)
    assert "CTOC/COP/2006/L.8/Rev.1" not in t  # recommendations of the working group, not a draft


def test_provenance_quotes_the_sponsor():
    for i in range(3):
        d = seed(i)
        for dr in d.facts.of(Draft):
            assert dr.symbol.split("/")[-1] in d.quote(dr.start, dr.end).replace(" ", "").replace("\n", "")
            for s in dr.sponsors:
                assert s.label.replace(" ", "") in d.quote(s.start, s.end).replace(" ", "").replace("\n", "")


def test_named_query(built):
    rows = built.query("drafts")
    assert rows and list(rows[0]) == ["draft", "sponsors", "became"]
    by = {r["draft"]: r for r in rows}
    assert by["CTOC/COP/2010/L.7/Rev.1"]["became"] == "UNTOC-COP resolution 5/1"


def test_a_working_group_as_sponsor_is_the_group_node():
    t = table(doc_of("缔约方会议第九届会议通过了不限成员名额政府间枪支问题工作组提交的决议草案(CTOC/COP/2018/L.4)。"
                     "(案文见第一章A节,第9/2号决议。)"))
    [(sponsors, became)] = t.values()
    assert became == "UNTOC-COP resolution 9/2"
    assert len(sponsors) == 1 and next(iter(sponsors)).startswith("untoc-cop/")


def test_sponsor_nodes_are_the_entities_nodes(tmp_path):
    import kg

    result = kg.build([sample_corpus()[0]], tmp_path, html=False)
    rows = result.query("""SELECT ?draft ?label WHERE {
        ?d skos:notation ?draft ; kgo:sponsoredBy ?who . ?who skos:prefLabel ?label
        FILTER(lang(?label) = "en") }""")
    by_draft = {}
    for r in rows:
        by_draft.setdefault(r["draft"], set()).add(r["label"])
    # 000 §153: "由77国集团和中国作为提案国的一份决定草案(CTOC/COP/2010/L.10)"
    assert by_draft["CTOC/COP/2010/L.10"] == {"Group of 77 and China"}
    assert "Kenya" in by_draft["CTOC/COP/2010/L.9"]
