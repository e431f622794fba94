"""Working groups / subsidiary bodies: names, alias merging, anaphors, "establishes"."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract import working_groups as wg
from kg.facts import BodyMention
from kg.models import Document, SourceText
from kg.pipeline import process_source

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests/gold/entities_bodies_provisions_mandates.json"


def _doc(text: str) -> Document:
    return process_source(SourceText("t.txt", "t.txt", text, "utf-8", "0" * 64))


def _bodies(doc):
    out = {}
    for f in doc.facts.of(BodyMention):
        if not f.anaphor:
            out.setdefault(f.key, set()).add(f.label)
    return out


def test_parse_name_strips_generic_modifiers():
    assert wg.parse_name("技术援助问题不限成员名额政府专家临时工作组")[:2] == ("工作组", "技术援助")
    assert wg.parse_name("枪支问题不限成员名额政府间工作组")[:2] == ("工作组", "枪支")
    assert wg.same_body("国际合作", wg.topic_key("引渡、司法协助和没收事宜国际合作"))
    assert wg.same_body("人口贩运", "贩运人口")  # word order
    assert not wg.same_body("洗钱", "网络犯罪")


UNSEEN = (
    "联合国打击跨国有组织犯罪公约缔约方会议第九届会议报告。一.缔约方会议通过的决议和决定A.决议1.联合国打击跨国有组织"
    "犯罪公约缔约方会议在2018年10月15日至19日于维也纳举行的第九届会议上通过了下列决议:"
    "第9/3号决议资产追回联合国打击跨国有组织犯罪公约缔约方会议,回顾其据以设立资产追回问题不限成员名额政府间工作组的第7/2号决定,"
    "1.欢迎资产追回问题工作组的工作;2.请秘书处协助追回资产工作组履行职能;3.还决定工作组应举行一次会议;"
    "4.决定设立一个洗钱问题不限成员名额政府专家临时工作组;5.请各工作组报告;6.促请各缔约国和签署国支持洗钱问题工作组。"
    "第9/4号决议其他事项联合国打击跨国有组织犯罪公约缔约方会议,1.请会员国提供资料。二.会议安排"
)


def test_unseen_report_other_bodies_merge_and_establish():
    doc = _doc(UNSEEN)
    bodies = _bodies(doc)
    keys = [k for k in bodies if "%" in k]  # no English name known: slug from the zh topic
    assert len(bodies) == 2, bodies
    asset = next(v for v in bodies.values() if any("资产追回" in s for s in v))
    assert {"资产追回问题不限成员名额政府间工作组", "资产追回问题工作组", "追回资产工作组"} <= asset
    est = [(e.act.notation, e.key) for e in doc.facts.of(wg.Establishment)]
    assert any(a == "UNTOC-COP decision 7/2" for a, _ in est), est
    assert any(a == "UNTOC-COP resolution 9/3" and "洗钱" in bodies[k].pop() for a, k in est), est
    # bare 工作组 / 各工作组 make no node
    assert all(lbl not in ("工作组", "各工作组") for v in bodies.values() for lbl in v)
    assert keys


OTHER_BODIES = (
    "联合国打击跨国有组织犯罪公约缔约方会议第九届会议报告。二.会议安排12.发言者提到打击非法贩运文化财产机构间协调小组的工作,"
    "并注意到第六委员会和会费委员会的报告。还提请注意会费委员会关于分摊比额表的意见。13.一些发言者注意到关于《公约》第三十条"
    "执行情况的可能技术援助机制不限成员名额政府间专家组会议的报告。"
    "14.与会者面前有下列文件:CTOC/COP/2018/CRP.3秘书处的报告:电子证据方面法律问题专家组会议。"
)


def test_unseen_coordination_groups_committees_titles():
    doc = _doc(OTHER_BODIES)
    labels = {lbl for v in _bodies(doc).values() for lbl in v}
    assert "打击非法贩运文化财产机构间协调小组" in labels  # 小组 head, 机构间 a generic modifier
    assert {"第六委员会", "会费委员会"} <= labels  # committees known to the gazetteer
    keys = {f.key for f in doc.facts.of(BodyMention)}
    assert "un-ga/committee-on-contributions" in keys and "un-ga/sixth-committee" in keys
    assert "关于《公约》第三十条执行情况的可能技术援助机制不限成员名额政府间专家组" in labels  # 关于…的 is part of the name
    assert not any("电子证据" in lbl for lbl in labels)  # a document title, not a body


def test_committee_short_form_and_unknown_committees():
    text = ("联合国打击跨国有组织犯罪公约缔约方会议第九届会议报告。二.会议安排12.大会重申了行政和预算问题咨询委员会的作用。"
            "还提请注意咨询委员会的报告。欧洲委员会观察员和国家委员会代表也发了言。")
    doc = _doc(text)
    b = _bodies(doc)
    assert b.get("un-ga/acabq", set()) >= {"行政和预算问题咨询委员会", "咨询委员会"}, b
    assert not any("欧洲" in lbl or "国家委员会" in lbl for v in b.values() for lbl in v)


@pytest.fixture(scope="module")
def seeds():
    import kg.batch
    from kg.pipeline import process_file
    return {p.name: process_file(p) for p in kg.batch.sample_corpus()}


def test_seed_bodies_read_by_hand(seeds):
    b000 = _bodies(seeds["000_dc5ae500f19723a9.txt"])
    ta = b000["untoc-cop/technical-assistance"]
    assert {"技术援助问题不限成员名额政府专家工作组", "技术援助问题政府专家工作组"} <= ta
    assert {"贩运人口问题工作组", "人口贩运工作组"} <= b000["untoc-cop/trafficking-in-persons"]
    assert "引渡、司法协助和没收事宜国际合作问题不限成员名额政府专家工作组" in b000["untoc-cop/international-cooperation"]
    b004 = _bodies(seeds["004_6ccde6d073868c0f.txt"])
    assert {"技术援助问题不限成员名额政府专家临时工作组", "技术援助问题工作组"} <= b004["untoc-cop/technical-assistance"]
    est = {(e.act.notation, e.key) for d in seeds.values() for e in d.facts.of(wg.Establishment)}
    assert ("UNTOC-COP resolution 5/4", "untoc-cop/firearms") in est
    assert ("UNTOC-COP decision 2/6", "untoc-cop/technical-assistance") in est
    assert ("UNTOC-COP decision 5/2", "untoc-cop/committee-of-the-whole") in est


def test_provenance_quotes_contain_surface(seeds):
    for doc in seeds.values():
        for f in doc.facts.of(BodyMention):
            assert f.label in "".join(doc.quote(f.start, f.end).split())


def _score(seeds):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    tp_p = n_found = tp_r = n_gold = 0
    e_found, e_gold = set(), set()
    for name, g in gold.items():
        if name.startswith("_"):
            continue
        doc = seeds[name]
        clusters = {}
        for f in doc.facts.of(BodyMention):
            if not f.anaphor:
                c = clusters.setdefault(f.key, {"en": f.label_en, "zh": {f.label_zh}})
                c["zh"].add(f.label)

        # one cluster per gold body: an English-label match first; an alias match only to a cluster
        # that no other gold body claims by its English label (不限成员名额工作组 names two bodies)
        by_en = {c["en"]: k for k, c in clusters.items() if c["en"]}
        claimed = {by_en[e["canonical"]] for e in g["working_groups"] if e["canonical"] in by_en}

        def match(entry):
            if entry["canonical"] in by_en:
                return by_en[entry["canonical"]]
            for k, c in clusters.items():
                if k not in claimed and set(entry.get("aliases_zh") or []) & c["zh"]:
                    return k
            return None

        matched = {match(e) for e in g["working_groups"]} - {None}
        tp_r += sum(1 for e in g["working_groups"] if match(e))
        n_gold += len(g["working_groups"])
        tp_p += len(matched)
        n_found += len(clusters)
        by_canon = {e["canonical"]: match(e) for e in g["working_groups"]}
        e_gold |= {(name, e["act"], by_canon.get(e["body"]) or e["body"]) for e in g["establishes"]}
        e_found |= {(name, e.act.notation, e.key) for e in doc.facts.of(wg.Establishment)}
    ep = len(e_found & e_gold) / len(e_found) if e_found else 1.0
    er = len(e_found & e_gold) / len(e_gold) if e_gold else 1.0
    return tp_p / n_found, tp_r / n_gold, ep, er


def test_score_against_gold(seeds):
    p, r, ep, er = _score(seeds)
    print(f"working groups precision {p:.3f} recall {r:.3f}; establishes precision {ep:.3f} recall {er:.3f}")
    assert p >= 0.95 and r >= 0.95 and ep >= 0.95 and er >= 0.95


# --- aliases are whole names --------------------------------------------------------------
JUNK_ALIASES = {"可通知实施情况检查组", "除非实施情况检查组", "审议实施情况检查组",
                "关系审议进程目标国别审议专家分析实施情况检查组", "秘书长、打击人口贩运机构间协调小组"}


def _opening_words() -> set[str]:
    """Words that open a clause, not a name: verbs of two characters or more (preambular,
    citation and mandate verbs) and the boundary words of kg/data/words.tsv."""
    from kg.lexicon import mandate_verbs, preamble_verbs, verb_form_index, words
    verbs = set(preamble_verbs()) | set(verb_form_index()) | set(mandate_verbs())
    return {w for w in verbs if len(w) >= 2} | set(words("body/boundary"))


def _actor_names() -> set[str]:
    from kg.lexicon import addressees, body_alias_index, organization_alias_index, state_alias_index
    return set(addressees()) | set(state_alias_index()) | set(organization_alias_index()) | set(body_alias_index())


def test_every_alias_is_a_whole_name(seeds):
    """Each name a body is published under occurs in its report, and is not cut out of a
    clause: it does not open with a verb or a conjunction, does not carry a list item naming
    another actor ("秘书长、…"), and is not a gazetteer name with words of the sentence before it."""
    opening, actors = _opening_words(), _actor_names()
    known = {(kb.slug, kb.form) for kb in wg.known_bodies()}
    for name, doc in seeds.items():
        text = doc.normalized.text
        for key, labels in _bodies(doc).items():
            slug = key.split("/", 1)[1]
            forms = [form for s, form in known if s == slug]
            for label in labels:
                assert label not in JUNK_ALIASES, (name, key, label)
                assert label in text, (name, key, label)
                assert not any(label.startswith(w) for w in opening), (name, key, label)
                head = label.split("、")[0]
                assert "、" not in label or head not in actors, (name, key, label)
                assert not any(label.endswith(f) and label != f for f in forms), (name, key, label)


def test_names_end_where_the_clause_does():
    """Unseen text: the same rules cut a body the gazetteer does not know out of its clause."""
    doc = _doc(UNSEEN.replace("5.请各工作组报告;", "5.请秘书长、洗钱问题工作组和各国报告;请秘书处通知洗钱问题工作组,"
                                                  "除非洗钱问题工作组另有决定;"))
    labels = _bodies(doc)
    money = next(v for v in labels.values() if any("洗钱" in s for s in v))
    assert money == {"洗钱问题不限成员名额政府专家临时工作组", "洗钱问题工作组"}, money


def test_a_generic_name_joins_a_body_only_where_the_text_ties_them():
    head = UNSEEN.split("第9/3号决议")[0]
    untied = _doc(head + "第9/3号决议资产追回联合国打击跨国有组织犯罪公约缔约方会议,1.欢迎资产追回问题不限成员名额工作组的工作;"
                         "2.注意到大会决定设立一个不限成员名额工作组。二.会议安排")
    assert _bodies(untied) == {next(iter(_bodies(untied))): {"资产追回问题不限成员名额工作组"}}
    tied = _doc(head + "第9/3号决议资产追回联合国打击跨国有组织犯罪公约缔约方会议,回顾其第7/2号决定,"
                       "其中缔约方会议决定设立一个不限成员名额工作组,1.欢迎资产追回问题不限成员名额工作组的工作。二.会议安排")
    est = {e.key for e in tied.facts.of(wg.Establishment)}
    generic = [k for k, v in _bodies(tied).items() if "不限成员名额工作组" in v]
    assert generic and set(generic) <= est  # the body that decision 7/2 established, and only it
    assert all("资产追回问题不限成员名额工作组" not in _bodies(tied)[k] for k in generic)


# --- subsidiary bodies of any UN organ, in documents that are no Conference's report ----------
def _named(text):
    """{label_zh of each body: (key, parent)} and the labels printed."""
    doc = _doc(text)
    found = {}
    for f in doc.facts.of(BodyMention):
        if not f.anaphor:
            found.setdefault(f.label_zh, (f.key, f.parent, set()))[2].add(f.label)
    return found


def test_committee_named_with_its_owner():
    got = _named("秘书长的说明。2023年5月在曼谷举行的亚太经社会统计委员会第八届会议审议了该报告。"
                 "此外,人口基金监督咨询委员会提出了意见。监督咨询委员会还建议加强评价。")
    assert got["亚太经社会统计委员会"][:2] == ("un-escap/%E7%BB%9F%E8%AE%A1", "ESCAP")
    oac = got["人口基金监督咨询委员会"]
    assert oac[1] == "UNFPA" and "监督咨询委员会" in oac[2]  # its short name, the same body
    # the Statistical Commission is not named by ESCAP's committee
    from kg.facts import OrganizationMention
    assert "StatCom" not in {f.key for f in _doc("亚太经社会统计委员会第八届会议").facts.of(OrganizationMention)}


def test_bodies_identified_by_the_act_and_paragraph_establishing_them():
    got = _named("安全理事会,1.请根据第1973(2011)号决议第24段设立的专家小组协助"
                 "第1970(2011)号决议第24段所设委员会;2.决定继续处理此案。")
    panel = next(v for k, v in got.items() if k.endswith("专家小组"))
    committee = next(v for k, v in got.items() if k.endswith("所设委员会"))
    assert panel[0] != committee[0]  # two bodies, though both "established by" a resolution
    assert "para-24" in committee[0] and committee[1] == "SC"


def test_task_forces_panels_and_advisory_groups():
    got = _named("经济及社会理事会设立的海地问题特设咨询小组以及大会设立的气候安全问题机构间工作队。")
    assert "haiti-advisory-group" in got["海地问题特设咨询小组"][0]
    assert got["气候安全问题机构间工作队"][1] == "GA"
    # whose a body is, when no body is named: not guessed (the Secretary-General is no body here)
    assert _named("秘书长设立的气候安全问题机构间工作队。") == {}


def test_no_national_or_collective_or_titled_body():
    assert _named("科特迪瓦设立了一个多部门委员会,圭亚那的精神卫生问题多部门工作组开始运作。") == {}
    assert _named("联合国国家工作队和其他专题联盟和小组。") == {}
    assert _named("见《欧洲经委会森林和林业委员会年度市场审查》。") == {}


def test_executive_boards_are_ecosoc_bodies():
    got = _named("开发署/人口基金/项目署执行局2023年年度会议")
    assert got["联合国开发计划署/联合国人口基金/联合国项目事务署执行局"][:2] == ("undp-eb", "ECOSOC")


def test_wei_inside_a_word_is_part_of_the_topic():
    got = _named("经济及社会理事会,注意到毒品和犯罪问题办公室作为打击恐怖主义行为问题工作组主席的作用。")
    assert "打击恐怖主义行为问题工作组" in got
