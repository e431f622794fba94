"""The functional commissions' documents: the session reports of CCPCJ and CND to ECOSOC (their
chapter I of drafts for the Council and the General Assembly and of the commission's own acts,
the narrative of the action on drafts, the bureau, States speaking for groups), reports of the
Secretary-General issued for a commission's session, generic names of bodies read from their
antecedent, citation verbs inside relative clauses, and letters transmitting a group's statement.
The test documents are ``tests/data/commissions/`` (two shapes each), their gold reading
``tests/gold/commissions.json`` (scored by ``tests/score_corpus.py``)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.facts import ActMention, Citation, Draft, Mandate, PersonMention, SpeaksFor, UnresolvedActMention
from kg.iris import act_iri
from kg.models import ActKey, SourceText
from kg.pipeline import process_file, process_source

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "commissions"
GOLD = json.loads((ROOT / "tests" / "gold" / "commissions.json").read_text(encoding="utf-8"))
SHAPES = (".clean.txt", ".wrapped.txt")
CCPCJ = "session-report-ccpcj32"
CND = "session-report-cnd66"
BASE = "https://w3id.org/untoc-kg/"


def doc_of(text: str, name: str = "t.txt"):
    return process_source(SourceText(name, name, text, "utf-8", "0" * 64))


def read(stem: str, shape: str):
    return process_file(DATA / f"{stem}{shape}")


# --- kinds and acting bodies, from the text ---------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", sorted(k for k in GOLD if not k.startswith("_")))
def test_kind_and_acting_body_are_read_from_the_text(name, shape, tmp_path):
    anonymous = tmp_path / f"document{shape}"  # the name says nothing
    shutil.copy(DATA / name.replace(".clean.txt", shape), anonymous)
    doc = process_file(anonymous)
    assert (doc.kind, doc.acting_body) == (GOLD[name]["kind"], GOLD[name]["body"])


SESSION_HEADER = ("联合国 E/CN.15/2023/7\n经济及社会理事会\n预防犯罪和刑事司法委员会\n第三十二届会议\n"
                  "2023年5月15日至19日，维也纳\n临时议程*项目6\n预防犯罪和刑事司法标准和规范\n")


@pytest.mark.parametrize("title", ["秘书长的报告", "秘书处的说明", "秘书长的说明", "执行主任的报告"])
def test_a_note_issued_for_a_session_is_a_secretariat_note_not_a_session_report(title):
    # the header names the session, and the note asks for a report to that very session
    doc = doc_of(SESSION_HEADER + f"某一专题\n{title}\n摘要\n"
                 "1. 委员会在其第31/2号决议中请秘书长向委员会第三十二届会议报告该决议的执行情况。\n")
    assert (doc.kind, doc.acting_body, doc.acts) == ("secretariat-note", "CCPCJ", [])
    # 委员会 is the commission whose session the header names
    assert [m.key.notation for m in doc.mentions] == ["CCPCJ resolution 31/2"]


# --- the session -----------------------------------------------------------------------------
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("stem,expected", [
    (CCPCJ, ("CCPCJ", 32, "2022-12-09", "2023-05-19", "维也纳", "E/2023/30-E/CN.15/2023/13")),
    (CND, ("CND", 66, "2022-12-09", "2023-03-17", "维也纳", "E/2023/28-E/CN.7/2023/15")),
])
def test_the_session_is_read_from_the_title_page_and_the_session_sentence(stem, expected, shape):
    s = read(stem, shape).session
    # the title page's dates are the session's extent (it opened months before its meetings)
    assert (s.body, s.ordinal, s.start_date, s.end_date, s.place_zh, s.symbol) == expected


def test_the_place_of_a_session_sentence_stops_before_held():
    doc = doc_of("预防犯罪和刑事司法委员会第三十二届会议于2023年5月15日至19日在维也纳举行，共举行了9次"
                 "会议。委员会第三十三届会议将于2024年举行。")
    s = doc.session
    assert (s.body, s.ordinal, s.start_date, s.end_date, s.place_zh) == (
        "CCPCJ", 32, "2023-05-15", "2023-05-19", "维也纳")
    # the COP's form (date, place, then the ordinal) keeps reading the same
    doc = doc_of("联合国打击跨国有组织犯罪公约缔约方会议于2010年10月18日至22日在维也纳举行的第五届会议")
    assert (doc.session.place_zh, doc.session.ordinal, doc.session.body) == ("维也纳", 5, "UNTOC-COP")


def test_a_request_for_a_report_to_a_session_is_no_title():
    doc = doc_of("某一说明\n1. 请秘书长向预防犯罪和刑事司法委员会第三十四届会议报告本决议的执行情况。\n")
    assert doc.session is None and doc.kind != "session-report"


# --- chapter I: the drafts for the Council and the Assembly, the commission's own acts --------
@pytest.mark.parametrize("shape", SHAPES)
def test_chapter_one_of_the_ccpcj_report(shape):
    doc = read(CCPCJ, shape)
    assert [(a.key.notation, a.section, a.label, a.date) for a in doc.acts] == [
        ("GA draft resolution of 2023-05-19 “加强联合国预防犯罪和刑事司法方案,特别是其技术合作能力”",
         "A", "决议草案一", "2023-05-19"),
        ("GA draft resolution of 2023-05-19 “第十五届联合国预防犯罪和刑事司法大会的筹备工作”",
         "A", "决议草案二", "2023-05-19"),
        ("ECOSOC draft resolution of 2023-05-19 “在预防犯罪和刑事司法领域促进和加强法治”", "B", "", "2023-05-19"),
        ("ECOSOC draft decision of 2023-05-19 “预防犯罪和刑事司法委员会第三十二届会议的报告和第三十三届会议临时议程”",
         "C", "", "2023-05-19"),
        ("CCPCJ resolution 32/1", "D", "", "2023-05-19"),
        # dated by the meeting its own text opens with ("在2023年5月19日第9次会议上，…决定")
        ("CCPCJ decision 32/1", "D", "", "2023-05-19"),
    ]
    draft_one, *_, resolution, decision = doc.acts
    assert draft_one.key.draft and not resolution.key.draft
    assert [p.label for p in draft_one.paragraphs] == ["p1", "p2", "p3", "p4", "p5", "p6", "1.", "2.", "3.", "4.", "5."]
    assert (resolution.title, decision.title) == ("加强国际合作,打击网上儿童性剥削和性虐待", "委员会第三十三届会议专题讨论的主题")
    # 其 in the Assembly's draft is the Assembly; in the commission's resolution, the commission
    cited = {(c.citing.body, c.cited.key.notation) for c in doc.citations}
    assert ("GA", "GA resolution 77/232") in cited and ("CCPCJ", "CCPCJ resolution 31/2") in cited
    # the table of contents prints a page number before each heading: no act "6"
    assert not doc.facts.of(UnresolvedActMention)


@pytest.mark.parametrize("shape", SHAPES)
def test_chapter_one_of_the_cnd_report(shape):
    doc = read(CND, shape)
    assert [(a.key.notation, a.date) for a in doc.acts] == [
        ("ECOSOC draft decision of 2023-03-17 “麻醉药品委员会第六十六届会议的报告和第六十七届会议临时议程”", "2023-03-17"),
        # its approval is not narrated: the last day of the session, when the report was adopted
        ("ECOSOC draft decision of 2023-03-17 “国际麻醉品管制局的报告”", "2023-03-17"),
        ("CND resolution 66/1", "2023-03-17"),
        ("CND resolution 66/2", "2023-03-17"),
        ("CND decision 66/1", "2023-03-15"),
    ]


def test_a_commissions_draft_is_identified_by_its_day_and_title():
    # the same title recommended in two years is two drafts
    a = ActKey("GA", "resolution", "", date="2022-05-20", title="加强联合国预防犯罪和刑事司法方案", draft=True)
    b = ActKey("GA", "resolution", "", date="2023-05-19", title="加强联合国预防犯罪和刑事司法方案", draft=True)
    assert act_iri(a, BASE) != act_iri(b, BASE)
    assert act_iri(b, BASE).startswith(BASE + "act/un-ga/resolution/draft/2023-05-19/t-")


def test_drafts_in_the_narrative_became_the_drafts_of_chapter_one():
    doc = read(CCPCJ, ".wrapped.txt")
    became = {d.symbol: (d.became.notation if d.became else None, [s.key for s in d.sponsors])
              for d in doc.facts.of(Draft)}
    draft_one, draft_two, ecosoc_draft = (a.key.notation for a in doc.acts[:3])
    assert became == {
        # the sponsors are listed in the next sentence ("该订正决议草案的提案国为：…")
        "E/CN.15/2023/L.3/Rev.1": (draft_one, ["AUS", "AUT", "CAN", "ITA", "JPN", "MEX", "THA", "USA"]),
        "E/CN.15/2023/L.4": (draft_two, ["ARE", "EGY"]),
        "E/CN.15/2023/L.5": (ecosoc_draft, ["主席"]),  # "(案文见第一章，B节)": the section's only act
        "E/CN.15/2023/L.2/Rev.1": ("CCPCJ resolution 32/1", ["ARG", "BRA", "PHL", "GBR"]),
    }


def test_the_graph_says_which_acts_were_adopted_and_which_recommended(tmp_path):
    import kg

    result = kg.build([DATA / f"{CCPCJ}.clean.txt"], out_dir=tmp_path / "out", html=False, jobs=0)
    rows = result.query("""SELECT ?act ?how WHERE {
        ?a skos:notation ?act ; ?p ?s . ?s skos:notation "CCPCJ session 32" .
        VALUES (?p ?how) { (kgo:adoptedAt "adopted") (kgo:recommendedAt "recommended") } }""")
    how = {r["act"]: r["how"] for r in rows}
    assert how["CCPCJ resolution 32/1"] == how["CCPCJ decision 32/1"] == "adopted"
    assert sorted(v for k, v in how.items() if " draft " in k) == ["recommended"] * 4
    assert len(how) == 6


def test_a_commissions_report_validates_against_the_shapes(tmp_path):
    import pyshacl
    import rdflib

    import kg

    result = kg.build([DATA / f"{CCPCJ}.wrapped.txt"], out_dir=tmp_path / "out", html=False, jobs=0)
    data = rdflib.Graph().parse(result.files["ttl"])
    shapes = rdflib.Graph()
    for path in sorted((ROOT / "ontology").glob("shapes*.ttl")):
        shapes.parse(path)
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text[:3000]


@pytest.mark.parametrize("stem", [CCPCJ, CND])
def test_the_bureau_with_its_numbered_vice_chairs(stem):
    doc = read(stem, ".wrapped.txt")
    roles = [(p.role, p.state) for p in doc.facts.of(PersonMention) if p.bureau]
    expected = {CCPCJ: ["SEN", "AUT", "CHL", "VNM", "UKR"], CND: ["IRN", "POL", "KEN", "COL", "DNK"]}[stem]
    assert roles == list(zip(["president", "vice-president", "vice-president", "vice-president", "rapporteur"],
                             expected))


def test_mandates_of_the_executive_director():
    doc = read(CND, ".clean.txt")
    found = {(m.act.notation, m.paragraph, m.addressee_key) for m in doc.facts.of(Mandate)}
    assert ("CND resolution 66/1", "4", "executive-director") in found


# --- generic names of bodies ------------------------------------------------------------------
def test_a_generic_name_is_the_body_named_before_it_in_another_bodys_document():
    doc = doc_of(SESSION_HEADER + "秘书长的报告\n"
                 "3. 联合国打击跨国有组织犯罪公约缔约方会议在2020年10月16日第10/6号决议中强调了《公约》的作用。"
                 "缔约方会议在2022年10月21日第11/3号决议中请秘书处收集资料。\n")
    assert [m.key.notation for m in doc.mentions] == ["UNTOC-COP resolution 10/6", "UNTOC-COP resolution 11/3"]
    assert doc.acting_body == "CCPCJ"


def test_a_generic_name_with_no_antecedent_stays_unresolved():
    doc = doc_of(SESSION_HEADER + "秘书长的报告\n3. 缔约方会议在2022年10月21日第11/3号决议中请秘书处收集资料。\n")
    assert not doc.mentions
    assert [(u.number, u.kind) for u in doc.facts.of(UnresolvedActMention)] == [("11/3", "resolution")]


def test_the_acting_bodys_own_generic_name_is_itself():
    # in the Council's text 理事会 is the Council, even after the Human Rights Council is named
    doc = doc_of("2023年7月25日经济及社会理事会决议\n某一标题\n经济及社会理事会，\n"
                 "回顾人权理事会2007年6月18日第5/1号决议，\n又回顾理事会第2006/27号决议，\n请秘书长提交报告。\n")
    assert [m.key.notation for m in doc.mentions] == ["HRC resolution 5/1", "ECOSOC resolution 2006/27"]


# --- a citation verb inside a relative clause --------------------------------------------------
def cited(preamble: str) -> set[tuple[str, str, str]]:
    doc = doc_of("2023年7月25日经济及社会理事会决议\n某一标题\n经济及社会理事会，\n回顾其各项决议，\n" + preamble
                 + "\n请秘书长提交报告。\n")
    return {(c.cited.key.notation, c.relation, c.verb_zh) for c in doc.facts.of(Citation)}


@pytest.mark.parametrize("preamble,expected", [
    # 根据 governs the article inside the clause that ends at 作出的; 欢迎 governs the decision
    ("欢迎麻醉药品委员会根据《1988年公约》第12条作出的将若干前体列入该公约表一的第64/1号决定，",
     {("CND decision 64/1", "agreesWith", "欢迎")}),
    # 所依据的: the report's basis, not the Council's
    ("注意到执行主任的报告及该报告所依据的大会第77/238号决议，",
     {("GA resolution 77/238", "citesForInformation", "注意到")}),
    # the clause is the act's own adoption (its body, its date): 根据 governs the act
    ("根据大会2009年12月18日通过的第64/179号决议，", {("GA resolution 64/179", "citesAsAuthority", "根据")}),
    ("根据2009年12月18日通过的大会第64/179号决议，", {("GA resolution 64/179", "citesAsAuthority", "根据")}),
    # the verb introduces the act; the clause after it modifies something else
    ("欢迎秘书长依照大会第77/232号决议编写的报告，", {("GA resolution 77/232", "citesAsAuthority", "依照")}),
    # the clause modifies an earlier object of the list, not the act
    ("回顾国际法院2004年7月9日发表的咨询意见以及大会第ES-10/15号决议，",
     {("GA resolution ES-10/15", "obtainsBackgroundFrom", "回顾")}),
])
def test_a_verb_inside_a_relative_clause_does_not_govern_the_act(preamble, expected):
    assert cited(preamble) == expected


# --- States speaking for a group as its chair -------------------------------------------------
def test_a_letter_transmitting_a_groups_statement():
    for shape in SHAPES:
        doc = read("letter-indonesia-asean-cnd66", shape)
        assert [(s.state, s.group) for s in doc.facts.of(SpeaksFor)] == [("IDN", "ASEAN")]
        [s] = doc.facts.of(SpeaksFor)
        text = doc.normalized.text
        assert text[s.state_start:s.state_end] == "印度尼西亚"  # the sender of the title line
        assert text[s.start:s.end].startswith("谨以东南亚国家联盟")


@pytest.mark.parametrize("body,expected", [
    ("谨代表77国集团和中国，随函转递关于预防犯罪的声明。", [("PAK", "G77")]),
    ("谨代表我国政府，随函转递关于预防犯罪的声明。", []),  # no group
])
def test_a_letter_on_behalf_of_a_group(body, expected):
    doc = doc_of("2023年3月1日巴基斯坦常驻联合国（维也纳）代表给执行主任的信\n" + body + "\n")
    assert doc.kind == "letter"
    assert [(s.state, s.group) for s in doc.facts.of(SpeaksFor)] == expected


def test_a_state_speaking_as_the_chair_of_a_group_in_a_report():
    doc = read(CCPCJ, ".wrapped.txt")
    assert ("IDN", "ASEAN") in [(s.state, s.group) for s in doc.facts.of(SpeaksFor)]
    doc = doc_of("8. 泰国代表以委员会主席的身份作了发言。")  # the commission's chair: no group
    assert not doc.facts.of(SpeaksFor)


@pytest.mark.parametrize("name,key", [("海合会", "GCC"), ("加共体", "CARICOM"), ("非加太国家组织", "OACPS"),
                                      ("最不发达国家集团", "LDC-GROUP"), ("小岛屿国家联盟", "AOSIS")])
def test_regional_groups_in_the_gazetteer(name, key):
    doc = doc_of(f"7. 在一般性辩论中，巴基斯坦（代表{name}）的代表作了发言。")
    assert [(s.state, s.group) for s in doc.facts.of(SpeaksFor)] == [("PAK", key)]


def test_mentions_of_the_cnd_report_name_its_bodies():
    doc = read(CND, ".wrapped.txt")
    assert {m.key.notation for m in doc.facts.of(ActMention)} == set(GOLD[f"{CND}.clean.txt"]["mentioned_acts"])
