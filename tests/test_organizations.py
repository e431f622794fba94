"""Groups and organizations: gazetteer names, observer lists, seeds, provenance, query."""
import unicodedata

from kg.extract.organizations import find_organizations, organizations
from kg.pipeline import process_file

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
    assert [(f.key, f.attrs["type"]) for f in fs] == [
        ("国际透明组织", "NGO"), ("人权观察社", "NGO"), ("世界青年基金会", "NGO")]
    text = "下列政府间组织派观察员出席了会议:美洲国家组织、加勒比共同体和某区域警察合作组织。"
    assert keys(text) == ["OAS", "CARICOM", "某区域警察合作组织"]


def test_seed_organizations():
    d = process_file(SAMPLES + "004_6ccde6d073868c0f.txt")
    ks = {f.key for f in d.entities["organizations"]}
    # read in the attendance section of the report of session 3
    assert {"UNHCR", "UNODC", "UNICRI", "ILO", "AALCO", "CAMI", "COE", "COUNCIL-OF-THE-EU", "IOM",
            "G77", "EU", "EC", "GUAM"} <= ks
    assert {"美国律师协会", "国际警察协会", "La Strada International", "瓦特拉心理社会中心",
            "维也纳可持续发展问题国际社会"} <= ks
    d = process_file(SAMPLES + "002_6441b59882876535.txt")
    ks = {f.key for f in d.entities["organizations"]}
    assert {"INTERPOL", "EPLO", "IACA", "PAM", "打击跨国有组织犯罪全球倡议", "ADM资本基金会"} <= ks
    for f in d.entities["organizations"]:
        quoted = unicodedata.normalize("NFKC", "".join(d.quote(f.start, f.end).split()))
        assert quoted == unicodedata.normalize("NFKC", "".join(f.label.split()))


def test_organizations_query(built):
    rows = built.query("organizations")
    assert list(rows[0]) == ["organization", "label_zh", "label_en", "type", "mentions"]
    by = {r["organization"]: r for r in rows}
    assert by["G77"]["label_zh"] == "77国集团和中国" and by["G77"]["type"] == "political group"
    assert by["INTERPOL"]["label_en"] == "International Criminal Police Organization"
    assert int(by["UNODC"]["mentions"]) > 50
