"""The un-2023 splitter and the gold reading of its documents agree with each other."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
import split_un2023  # noqa: E402

GOLD = Path(__file__).parent / "gold" / "corpus" / "un2023.json"


def test_masthead_closes_the_previous_document_and_titles_open_the_next():
    records = [
        "2023年届会", "议程项目5", "经济及社会理事会，", "回顾其决议，", "请秘书长提交报告。",
        "联合国", "经济及社会理事会", "供参考", "大会第70/1号决议。",
        "联合国儿童基金会", "执行局", "2023年年会", "2023年6月13日至16日", "临时议程* 项目4", "报告正文。",
    ]
    documents = split_un2023.split_theme(records)
    assert [doc[0] for doc in documents] == ["2023年届会", "联合国儿童基金会"]
    assert documents[0][-1] == "大会第70/1号决议。"


def test_table_rows_that_look_like_headers_stay_inside_the_report():
    records = [
        "2023年届会", "议程项目15", "秘书长的报告", "正文。",
        "区域委员会", "日期", "2022年11月16日和17日", "西亚经社会统计委员会第十五届会议", "西亚经社会",
        "2022年5月23日至27日", "亚太经社会第七十八届会议", "亚太经社会", "2022年10月19日至21日", "会议", "结论。",
    ]
    assert len(split_un2023.split_theme(records)) == 1


def test_a_running_header_is_not_taken_for_the_next_title():
    records = [
        "2023年届会", "议程项目15", "2023年7月25日经济及社会理事会决议", "要求加强秘书处在支持成员国方面的作用",
        "经济及社会理事会，", "核可该决定。", "联合国", "经济及社会理事会", "要求加强秘书处在 支持成员国方面的作用",
        "执行局", "2023年年会", "2023年6月13日至16日", "摘要", "正文。",
    ]
    documents = split_un2023.split_theme(records)
    assert [doc[0] for doc in documents] == ["2023年届会", "执行局"]


@pytest.fixture(scope="module")
def split_documents(tmp_path_factory):
    if not split_un2023.DEFAULT_CORPUS.exists():
        pytest.skip("shared un-2023 corpus not available")
    out = tmp_path_factory.mktemp("un2023")
    paths = split_un2023.write_documents(split_un2023.DEFAULT_CORPUS, out)
    return {path.name: path.read_text(encoding="utf-8") for path in paths}


def test_split_is_reproducible_and_matches_the_gold_documents(split_documents, tmp_path):
    again = split_un2023.write_documents(split_un2023.DEFAULT_CORPUS, tmp_path)
    assert {p.name: p.read_text(encoding="utf-8") for p in again} == split_documents
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert sorted(split_documents) == sorted(k for k in gold if not k.startswith("_"))
    assert len(split_documents) == 46


def test_every_gold_quote_is_in_its_document(split_documents):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for name, reading in gold.items():
        if name.startswith("_"):
            continue
        text = split_documents[name]
        flat = text.replace("\n", "")
        for entry in reading["citations"] + reading["mandates"] + reading["unresolved_mentions"]:
            assert entry["quote"] in text or entry["quote"] in flat, (name, entry["quote"])
        for citation in reading["citations"]:
            assert citation["cited"] in reading["mentioned_acts"], (name, citation["cited"])
        refs = {act["ref"] for act in reading["own_acts"]}
        assert {c["citing"] for c in reading["citations"]} <= refs, name
        assert {m["act"] for m in reading["mandates"]} <= refs, name
