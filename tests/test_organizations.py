"""Groups and organizations: gazetteer names, observer lists, seeds, provenance, query."""
import unicodedata

from kg.extract.organizations import find_organizations, organizations
from kg.pipeline import process_file
from kg.facts import OrganizationMention

SAMPLES = "kg/samples/"


def keys(text):
    return [f.key for f in find_organizations(text)]


def test_gazetteer_aliases_merge():
    assert keys("联合国毒品和犯罪问题办公室和毒品和犯罪问题办公室") == ["UNODC", "UNODC"]
    assert keys("国际刑事警察组织(国际刑警组织)") == ["INTERPOL", "INTERPOL"]
    assert keys("欧洲联盟、欧盟和非洲联盟") == ["EU", "EU", "AU"]
    assert keys("亚太国家组与西欧和其他国家组") == ["ASIA-PACIFIC-GROUP", "WEOG"]
    assert keys("联合国教育、科学及文化组织(教科文组织)") == ["UNESCO", "UNESCO"]
    assert organizations()["G77"].type == "political group"
    assert organizations()["AFRICAN-GROUP"].type == "regional group"


def test_observer_list_of_unseen_ngos():
    text = "下列非政府组织的观察员也作了发言:国际透明组织、人权观察社和世界青年基金会。"
    fs = find_organizations(text)
    assert [(f.key, f.type) for f in fs] == [
        ("国际透明组织", "NGO"), ("人权观察社", "NGO"), ("世界青年基金会", "NGO")]
    text = "下列政府间组织派观察员出席了会议:美洲国家组织、加勒比共同体和某区域警察合作组织。"
    assert keys(text) == ["OAS", "CARICOM", "某区域警察合作组织"]


def test_seed_organizations():
    d = process_file(SAMPLES + "004_6ccde6d073868c0f.txt")
    ks = {f.key for f in d.facts.of(OrganizationMention)}
    # read in the attendance section of the report of session 3
    assert {"UNHCR", "UNODC", "UNICRI", "ILO", "AALCO", "CAMI", "COE", "COUNCIL-OF-THE-EU", "IOM",
            "G77", "EU", "EC", "GUAM"} <= ks
    assert {"美国律师协会", "国际警察协会", "La Strada International", "瓦特拉心理社会中心",
            "维也纳可持续发展问题国际社会"} <= ks
    d = process_file(SAMPLES + "002_6441b59882876535.txt")
    ks = {f.key for f in d.facts.of(OrganizationMention)}
    assert {"INTERPOL", "EPLO", "IACA", "PAM", "打击跨国有组织犯罪全球倡议", "ADM资本基金会"} <= ks
    for f in d.facts.of(OrganizationMention):
        quoted = unicodedata.normalize("NFKC", "".join(d.quote(f.start, f.end).split()))
        assert quoted == unicodedata.normalize("NFKC", "".join(f.label.split()))


def test_organizations_query(built):
    rows = built.query("organizations")
    assert list(rows[0]) == ["organization", "label_zh", "label_en", "type", "mentions"]
    by = {r["organization"]: r for r in rows}
    assert by["G77"]["label_zh"] == "77国集团和中国" and by["G77"]["type"] == "political group"
    assert by["INTERPOL"]["label_en"] == "International Criminal Police Organization"
    assert int(by["UNODC"]["mentions"]) > 50


# --- observers speaking, UN organs, titles ----------------------------------------------------
import json  # noqa: E402
import re  # noqa: E402
from functools import lru_cache  # noqa: E402
from pathlib import Path  # noqa: E402

from kg.extract.states import find_states  # noqa: E402


def named(text):
    return [(f.key, f.type) for f in find_organizations(text, find_states(text))]


def test_observers_speaking_unseen_forms():
    assert named("12.国际移民组织以及人权观察社的观察员也作了发言。") == [
        ("IOM", "UN related organization"), ("人权观察社", "NGO")]
    assert named("委员会还听取了政府间组织美洲国家组织和非政府组织和平与正义协会、透明国际的观察员的发言。") == [
        ("OAS", "IGO"), ("和平与正义协会", "NGO"), ("TI", "NGO")]  # Transparency International: known
    # a name with "、" and "和" inside stays whole
    assert named("会议还听取了非政府组织人权、民主和发展中心和某某基金会的观察员的发言。") == [
        ("人权、民主和发展中心", "NGO"), ("某某基金会", "NGO")]
    assert named("联合国教育、科学及文化组织的代表和世界自然基金会的观察员也作了发言。") == [
        ("UNESCO", "UN specialized agency"), ("世界自然基金会", "NGO")]
    # States speaking as observers are not organizations
    assert named("签署国日本和越南的观察员也作了发言。") == []


def test_un_organs_point_to_bodies():
    fs = find_organizations("大会第70/1号决议、经济及社会理事会以及麻醉药品委员会")
    assert [(f.key, f.body, f.type) for f in fs] == [
        ("GA", "GA", "UN entity"), ("ECOSOC", "ECOSOC", "UN entity"), ("CND", "CND", "UN entity")]
    # a congress or another assembly is not the General Assembly; a conference of States parties
    # is not an organization here
    assert keys("第十四届联合国预防犯罪和刑事司法大会和世界卫生大会") == ["WHA"]
    assert keys("《联合国反腐败公约》缔约国会议") == []


def test_names_inside_titles_are_not_mentions():
    assert keys("《南部非洲发展共同体枪支、弹药和其他有关材料管制议定书》") == []
    assert keys("西非国家经济共同体(西非经共体)《轻小武器公约》") == ["ECOWAS", "ECOWAS"]


def test_organs_in_query(built):
    by = {r["organization"]: r for r in built.query("organizations")}
    assert by["GA"]["type"] == "UN entity" and by["GA"]["label_en"] == "General Assembly"
    assert by["un-ga/fifth-committee"]["label_zh"] == "第五委员会"


# --- score against the independent gold reading ----------------------------------------------
ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests/gold/entities_people_states.json"


@lru_cache(maxsize=None)
def _doc(name):
    return process_file(ROOT / "kg/samples" / name)


def _norm(s):
    return re.sub(r"[\s“”\"]", "", unicodedata.normalize("NFKC", s or "")).lower()


def score_organizations():
    """Precision over the distinct organizations found per file (a found one is right when one of
    its names — key, label, gazetteer aliases, English name — is the gold's printed or canonical
    name), recall over the gold entries."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    orgs = organizations()
    right = nf = hit = ng = 0
    per = {}
    for name, g in gold.items():
        if name.startswith("_"):
            continue
        forms: dict[str, set] = {}
        for f in _doc(name).facts.of(OrganizationMention):
            s = forms.setdefault(f.key, set())
            s |= {_norm(f.key), _norm(f.label), _norm(f.label_en), _norm(f.label_zh)}
            if f.key in orgs:
                s |= {_norm(a) for a in orgs[f.key].labels_zh} | {_norm(orgs[f.key].label_en)}
        matched, h = set(), 0
        for o in g["organizations"]:
            ks = [k for k, s in forms.items() if s & {_norm(o["name"]), _norm(o["canonical"])}]
            matched |= set(ks)
            h += bool(ks)
        per[name] = (len(matched), len(forms), h, len(g["organizations"]))
        right, nf, hit, ng = right + len(matched), nf + len(forms), hit + h, ng + len(g["organizations"])
    return right / nf, hit / ng, per


def test_score_against_gold():
    p, r, per = score_organizations()
    # measured: P 0.992 R 1.00 (was P 0.962 R 1.00 while a bare 秘书处 named the UN Secretariat,
    # "generic" to the gold reader); the one extra is FATF (named as an actor in 004)
    assert p >= 0.98 and r >= 1.0, per


def test_organizations_of_unseen_texts():
    """Funds, programmes, regional commissions and IGOs named in the un2023 and UNPC texts."""
    from kg.extract.organizations import find_organizations

    text = ("联合国人口基金(人口基金)、世界粮食计划署、联合国艾滋病毒/艾滋病联合规划署(艾滋病署)、"
            "拉加经委会和亚太经社会与各国议会联盟合作,难民事务高级专员公署")
    assert [f.key for f in find_organizations(text)] == [
        "UNFPA", "UNFPA", "WFP", "UNAIDS", "UNAIDS", "ECLAC", "ESCAP", "IPU", "UNHCR"]
    # an organ's name is not followed by its particle: "委员会的建议"
    [f] = [f for f in find_organizations("根据预防犯罪和刑事司法委员会的建议") if f.body]
    assert f.label == "预防犯罪和刑事司法委员会"


# --- organizations named by the text's own conventions (not in the gazetteer) ---------------
import pytest  # noqa: E402


@pytest.mark.parametrize("text,expected", [
    # an opener (国际, 全球, a State's name …), a topic, a suffix that ends names
    ("秘书处与国际刑法改革协会合作编写了手册。", ["国际刑法改革协会"]),
    ("全球反腐败联盟的代表出席了会议。", ["全球反腐败联盟"]),
    ("南非安全研究所编写的研究报告", ["南非安全研究所"]),
    # quotes the text calls an organization
    ("一个名为“正义之声”和“和平之桥”的非政府组织", ["正义之声", "和平之桥"]),
    # a short name in brackets after the name
    ("与地方政府联合会(UCLG)合作", ["地方政府联合会"]),
    # an item of a list with a known organization
    ("合作伙伴包括开发署、妇女健康联盟和儿童权利协会。", ["UNDP", "妇女健康联盟", "儿童权利协会"]),
    # a known name that runs on into a longer one is not that organization
    ("全球基金会和全球基金", ["全球基金会", "GLOBAL-FUND"]),
])
def test_organizations_named_by_convention(text, expected):
    assert [f.key for f in find_organizations(text)] == expected


@pytest.mark.parametrize("text", [
    "与其他国际组织以及国际和区域组织合作",  # common nouns
    "打击跨国有组织犯罪",  # 组织 of 有组织犯罪
    "芬兰代表提请注意跨国有组织犯罪。",  # a State opening a clause
    "建立近1000个临时学习中心(主要在信德省)",  # a clause in brackets is no short name
    "德国政府研究所",  # a State's own body
])
def test_no_organization_named_by_convention(text):
    assert [f.key for f in find_organizations(text)] == []


def test_drug_control_and_crime_prevention_bodies_and_institutes():
    # the treaty body and committees the commissions' documents name, with their short forms
    assert named("委员会注意到国际麻醉品管制局(麻管局)2022年报告和世界粮食安全委员会(粮安委)的工作。") == [
        ("INCB", "UN entity"), ("INCB", "UN entity"), ("CFS", "UN entity"), ("CFS", "UN entity")]
    assert named("欧洲毒品和毒瘾监测中心、美洲药物滥用管制委员会和联合国亚洲及远东预防犯罪和罪犯待遇研究所") == [
        ("EMCDDA", "EU institution"), ("CICAD", "IGO"), ("UNAFEI", "UN entity")]
