import codecs

import pytest

from kg.read import ReadError, decode, read_file

CHINESE = "联合国打击跨国有组织犯罪公约缔约方会议第5/1号决议，回顾大会第55/25号决议。" * 20


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", CHINESE.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + CHINESE.encode("utf-8")),
    ("gb18030", CHINESE.encode("gb18030")),
    ("gbk", CHINESE.encode("gbk")),
    ("utf-16", CHINESE.encode("utf-16")),  # with BOM
    ("utf-16-le", ("abc " + CHINESE).encode("utf-16-le")),  # no BOM
    ("utf-16-be", ("abc " + CHINESE).encode("utf-16-be")),
])
def test_decodes_chinese_in_every_common_encoding(encoding, data):
    text, _ = decode(data, "x.txt")
    assert CHINESE in text
    assert not text.startswith("\ufeff")


def test_gbk_short_text_is_not_mistaken_for_latin():
    text, enc = decode("第三届会议".encode("gbk"), "x.txt")
    assert text == "第三届会议" and enc == "gb18030"


def test_truncated_last_character_is_dropped_not_garbled():
    data = CHINESE.encode("utf-8")[:-2]
    text, enc = decode(data, "x.txt")
    assert text == CHINESE[:-1]
    assert "truncated" in enc


def test_crlf_kept_so_offsets_match_the_file(tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes("第一行\r\n第二行\r\n".encode("utf-8"))
    assert read_file(p).text == "第一行\r\n第二行\r\n"


@pytest.mark.parametrize("data,words", [
    (b"%PDF-1.7\n...", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
    (b"\x00\x01\x02\x03" * 100, "binary"),
])
def test_binary_files_are_refused_by_name(tmp_path, data, words):
    p = tmp_path / "report.txt"
    p.write_bytes(data)
    with pytest.raises(ReadError) as e:
        read_file(p)
    assert "report.txt" in str(e.value) and words.lower() in str(e.value).lower()


def test_empty_and_missing_files_name_the_problem(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty.txt: empty file"):
        read_file(empty)
    with pytest.raises(ReadError, match="nope.txt: no such file"):
        read_file(tmp_path / "nope.txt")
