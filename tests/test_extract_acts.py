"""Act mentions in the forms UN reports use, including forms not in the seed reports."""
import pytest

from kg.extract.acts import find_act_mentions


def notations(text, body="UNTOC-COP", session=5):
    return [m.key.notation for m in find_act_mentions(text, body, session)]


@pytest.mark.parametrize("text,expected", [
    ("第5/1号决议", ["UNTOC-COP resolution 5/1"]),
    ("第3/1号决定", ["UNTOC-COP decision 3/1"]),
    ("回顾其2008年10月17日第4/4号决定", ["UNTOC-COP decision 4/4"]),
    ("大会第61/144号、61/180号决议", ["GA resolution 61/144", "GA resolution 61/180"]),
    ("根据其第1/2、1/3、1/5和2/5号决定", ["UNTOC-COP decision 1/2", "UNTOC-COP decision 1/3",
                                       "UNTOC-COP decision 1/5", "UNTOC-COP decision 2/5"]),
    ("注意到大会2009年12月18日第64/179号决议", ["GA resolution 64/179"]),
    ("经济及社会理事会2006年7月27日第2006/27号决议", ["ECOSOC resolution 2006/27"]),
    ("预防犯罪和刑事司法委员会2010年5月21日第19/4号决议", ["CCPCJ resolution 19/4"]),
    ("安全理事会第2133(2014)号决议", ["SC resolution 2133 (2014)"]),
    ("安全理事会第2133(2014)、2178(2014)号决议", ["SC resolution 2133 (2014)", "SC resolution 2178 (2014)"]),
    ("大会在其2000年11月15日第55/25号决议中", ["GA resolution 55/25"]),
    ("人权理事会题为“贩运人口”的第35/5号决议", ["HRC resolution 35/5"]),
    ("麻醉药品委员会第65/2号决议", ["CND resolution 65/2"]),
    ("大会2006年12月19日第61/144号决议、2006年12月20日第61/180号决议",
     ["GA resolution 61/144", "GA resolution 61/180"]),
    ("《联合国反腐败公约》缔约国会议第9/3号决议", ["UNCAC-COSP resolution 9/3"]),
])
def test_forms(text, expected):
    assert notations(text) == expected


def test_dates_are_read_with_the_mention():
    [m] = find_act_mentions("回顾大会2009年12月18日第64/179号决议", "UNTOC-COP", 5)
    assert m.date == "2009-12-18"


def test_document_symbols_are_not_acts():
    assert notations("见A/54/7号文件和A/54/7号决议") == []


def test_body_inferred_from_numbering_when_not_written():
    # a GA-numbered act with no body written, in a report of session 5
    assert notations("第58/4号决议") == ["GA resolution 58/4"]
    # the acting body's own earlier sessions
    assert notations("第2/2号决定") == ["UNTOC-COP decision 2/2"]
    assert notations("第2008/23号决议") == ["ECOSOC resolution 2008/23"]


def test_lettered_parts_are_separate_acts():
    assert notations("大会第53/243 A和B号决议") == ["GA resolution 53/243 A", "GA resolution 53/243 B"]


def test_its_means_the_body_whose_text_this_is():
    # an ECOSOC-recommended draft: "大会，…回顾其…号决议" — 其 is the General Assembly
    text = "建议大会通过下列决议草案:大会,重申恐怖主义是威胁,特别回顾其2019年12月18日第74/175号决议,"
    assert notations(text) == ["GA resolution 74/175"]
    # and in a Conference text, the Conference
    text = "缔约方会议,回顾其第2/2号决定,"
    assert notations(text) == ["UNTOC-COP decision 2/2"]


def test_unknown_body_is_not_guessed_as_the_conference():
    # session 5 of the Conference cannot have adopted act 19/4: another body's, unwritten
    warnings = []
    assert [m.key.notation for m in find_act_mentions("鼓励各缔约国考虑第19/4号决议", "UNTOC-COP", 5,
                                                      warnings)] == []
    assert warnings and "19/4" in warnings[0]
