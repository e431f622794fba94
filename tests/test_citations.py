"""Citations typed by the verb that governs them, on a mini report written for the test."""
import pytest

from kg.models import SourceText
from kg.pipeline import process_source

HEAD = ("联合国打击跨国有组织犯罪公约缔约方会议2014年10月6日至10日在维也纳举行的第七届会议报告。"
        "一.缔约方会议通过的决议1.缔约方会议在其第七届会议上通过了下列决议:第7/1号决议测试标题缔约方会议,")


def cited(body: str) -> set:
    text = HEAD + body + "二.组织事项A.会议开幕2.会议开幕。"
    doc = process_source(SourceText("t.txt", "t.txt", text, "utf-8", str(hash(text))))
    assert [a.key.notation for a in doc.acts] == ["UNTOC-COP resolution 7/1"]
    return {(c.cited.key.notation, c.relation, c.verb_zh) for c in doc.citations}


@pytest.mark.parametrize("body,expected", [
    ("又回顾大会第68/186号决议,", {("GA resolution 68/186", "obtainsBackgroundFrom", "又回顾")}),
    ("重申其第6/1号决议,", {("UNTOC-COP resolution 6/1", "confirms", "重申")}),
    ("满意地注意到预防犯罪和刑事司法委员会第22/7号决议,",
     {("CCPCJ resolution 22/7", "citesForInformation", "满意地注意到")}),
    ("欢迎人权理事会第26/8号决议,", {("HRC resolution 26/8", "agreesWith", "欢迎")}),
    ("1.核可经济及社会理事会第2013/40号决议所载建议;", {("ECOSOC resolution 2013/40", "supports", "核可")}),
    ("1.请秘书处按照其第5/6号决议继续工作;", {("UNTOC-COP resolution 5/6", "citesAsAuthority", "按照")}),
    ("铭记安全理事会第2195(2014)号决议,", {("SC resolution 2195 (2014)", "cites", "")}),
    # a mention in a parenthesis "(见…)" is a plain reference, whatever verb came before
    ("1.欢迎工作组的建议(见第6/3号决议);", {("UNTOC-COP resolution 6/3", "cites", "见")}),
    # a new clause with its own subject: the act is not the verb's object
    ("关切地注意到新的犯罪形式,这在其第6/2号决议中已予以指出,",
     {("UNTOC-COP resolution 6/2", "cites", "")}),
    # an earlier clause's verb does not reach past ";"
    ("1.欢迎各项努力;2.鼓励各缔约国考虑大会第69/196号决议;", {("GA resolution 69/196", "cites", "")}),
])
def test_verbs(body, expected):
    assert cited(body) == expected
