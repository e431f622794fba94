"""Persons: bureau lists in the forms reports print them, seeds, provenance, query."""
from kg.extract.persons import find_persons
from kg.extract.states import find_states
from kg.pipeline import process_file

SAMPLES = "kg/samples/"


def people(text):
    return [(f.attrs["name"], f.attrs["state"], f.attrs["role"]) for f in find_persons(text, find_states(text))]


def test_bureau_list_unseen_forms():
    text = ("以鼓掌方式选出下列主席团成员:主席:María Ángeles Pérez(西班牙)副主席:王小明(中国) "
            "John O'Neill(爱尔兰) Ahmed Al-Thani(卡塔尔)报告员:Nkosazana Dlamini(南非) 3.缔约方会议")
    assert people(text) == [
        ("María Ángeles Pérez", "ESP", "president"), ("王小明", "CHN", "vice-president"),
        ("John O'Neill", "IRL", "vice-president"), ("Ahmed Al-Thani", "QAT", "vice-president"),
        ("Nkosazana Dlamini", "ZAF", "rapporteur")]


def test_dashed_list_and_truncated_label():
    text = "-主席:Ana Silva(巴西)-副主席:Lee Min(大韩民国)-报告员:Jan Novak(捷克共和国)"
    assert [p[2] for p in people(text)] == ["president", "vice-president", "rapporteur"]
    # PDF lost the first character of 报告员
    text = "主席:Ana Silva(巴西)副主席:Lee Min(大韩民国)告员:Jan Novak(捷克)"
    [*_, last] = find_persons(text, find_states(text))
    assert (last.attrs["role"], last.attrs["role_inferred"]) == ("rapporteur", True)


def test_chair_of_a_working_group():
    text = "工作组由Maria Rossi女士(意大利)担任主席。"
    assert people(text) == [("Maria Rossi", "ITA", "chair")]


def test_no_person_without_list_or_role():
    assert people("下列国家的代表作了发言:智利(代表拉丁美洲和加勒比组)、中国(代表团)") == []
    assert people("尤里·费多托夫(俄罗斯联邦)说") == []


def test_seed_bureaus():
    # read in the reports (section "选举主席团成员")
    d = process_file(SAMPLES + "000_dc5ae500f19723a9.txt")
    got = [(f.attrs["name"], f.attrs["state"], f.attrs["role"]) for f in d.entities["persons"]]
    assert got == [
        ("Amina C.Mohamed", "KEN", "president"),
        ("Taous Ferroukhi", "DZA", "vice-president"), ("Eugenio María Curia", "ARG", "vice-president"),
        ("I Gusti Agung Wesaka Puja", "IDN", "vice-president"), ("Gianni Ghisi", "ITA", "vice-president"),
        ("Yerzhan Kazykhanov", "KAZ", "vice-president"),
        ("Marisela Morales Ibáñez", "MEX", "vice-president"), ("Dominika Krois", "POL", "vice-president"),
        ("Simona Marin", "ROU", "vice-president"), ("Elizabeth Verville", "USA", "rapporteur")]
    d = process_file(SAMPLES + "004_6ccde6d073868c0f.txt")
    got = [(f.attrs["name"], f.attrs["state"], f.attrs["role"]) for f in d.entities["persons"]]
    assert got[:11] == [
        ("Eugenio Curia", "ARG", "president"), ("Fuad Ismayilov", "AZE", "vice-president"),
        ("Milenko Skoknic", "CHL", "vice-president"), ("唐国强", "CHN", "vice-president"),
        ("Klaus-Peter Gottwald", "DEU", "vice-president"), ("Olawale Maiyegun", "NGA", "vice-president"),
        ("Linglingay Lacanlale", "PHL", "vice-president"), ("Simon Jiyane", "ZAF", "vice-president"),
        ("Peter Storr", "GBR", "vice-president"), ("Dominika Krois", "POL", "rapporteur"),
        ("Antenor Madruga", "BRA", "chair")]
    d = process_file(SAMPLES + "002_6441b59882876535.txt")
    got = [(f.attrs["name"], f.attrs["state"], f.attrs["role"]) for f in d.entities["persons"]]
    assert got[0] == ("Baker Fattah Hussen", "IRQ", "president")
    assert got[-1] == ("Kamel Mohamed Elabaseery", "EGY", "rapporteur")
    assert len(got) == 10
    for f in d.entities["persons"]:
        assert "".join(f.attrs["name"].split()) in "".join(d.quote(f.start, f.end).split())


def test_persons_query(built):
    rows = built.query("persons")
    assert list(rows[0]) == ["person", "role", "country", "session"]
    assert {"person": "Amina C.Mohamed", "role": "President", "country": "KEN",
            "session": "UNTOC-COP session 5"} in rows
    assert {"person": "唐国强", "role": "Vice-President", "country": "CHN",
            "session": "UNTOC-COP session 3"} in rows
    # the same name + State across sessions is one person, with two seats
    krois = [r for r in rows if r["person"] == "Dominika Krois"]
    assert {(r["role"], r["session"]) for r in krois} == {
        ("Vice-President", "UNTOC-COP session 5"), ("Rapporteur", "UNTOC-COP session 3")}
