from pathlib import Path

import pytest

from kg.models import SourceText
from kg.normalize import _simplify, _traditional_to_simplified, normalize, sniff_shape

SAMPLES = Path(__file__).resolve().parent.parent / "kg" / "samples"


def source(text, name="t.txt"):
    return SourceText(name, name, text, "utf-8", "0")


@pytest.mark.parametrize("name,shape", [
    ("000_dc5ae500f19723a9.txt", "segmented"),
    ("002_6441b59882876535.txt", "clean"),
    ("004_6ccde6d073868c0f.txt", "wrapped"),
])
def test_shape_is_sniffed_and_offsets_point_into_the_original(name, shape):
    text = (SAMPLES / name).read_text(encoding="utf-8")
    nt = normalize(source(text, name))
    assert nt.shape == shape == sniff_shape(text)
    assert len(nt.offsets) == len(nt.text)
    fullwidth = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    t2s = _traditional_to_simplified()
    for i, ch in enumerate(nt.text):
        if not ch.isspace():
            assert text[nt.offsets[i]].translate(fullwidth).translate(t2s) == ch


def test_segmented_symbols_and_words_are_joined():
    text = "缔约 方 会议 收到 了 （ CTOC/COP/201 0/ CRP.4 ） 和 第5/1 号 决议 。 " * 30
    nt = normalize(source(text))
    assert nt.shape == "segmented"
    assert "缔约方会议收到了(CTOC/COP/2010/CRP.4)和第5/1号决议。" in nt.text


def test_fullwidth_digits_and_punctuation_become_ascii():
    nt = normalize(source("第５／１号决议，（ａ）"))
    assert nt.text == "第5/1号决议,(a)"


def test_wrapped_lines_page_furniture_and_footnotes():
    page = ("联合国打击跨国有组织犯罪公约缔约方会议回顾大会第 55/25\n号决议，并注意到\n5\n公约"
            "第 32 条的规定；\n\n______________\n 5 大会第 55/255号决议，附件。\n\n 12 \n"
            " CTOC/COP/2099/1\n")
    text = (page + "这是一个很长的句子，用来说明硬换行的情况，其中还有更多的文\n字内容。\n") * 4
    nt = normalize(source(text), shape="wrapped")
    body = nt.text[: nt.footnotes_start]
    assert "大会第55/25号决议,并注意到公约第32条的规定;" in body
    assert "CTOC/COP/2099/1" not in body and "55/255" not in body
    assert "大会第55/255号决议" in nt.text[nt.footnotes_start:]
    assert any(n == 5 for n, _ in nt.footnote_marks)
    assert any(n == 5 for n, _, _ in nt.footnote_texts)


def test_markdown_links_and_superscripts_are_dropped():
    nt = normalize(source("收到了[CTOC/COP/2022/1](#)号文件¹。\n\n¹ 大会第 1/2 号决议。\n"), shape="clean")
    assert nt.text.startswith("收到了CTOC/COP/2022/1号文件。")
    assert nt.footnote_marks and nt.footnote_marks[0][0] == 1


def test_traditional_characters_read_as_simplified():
    text = "聯合國打擊跨國有組織犯罪公約締約方會議2010年10月18日至22日在維也納舉行的第五屆會議報告。回顧大會第55/25號決議,"
    nt = normalize(source(text))
    assert "联合国打击跨国有组织犯罪公约缔约方会议" in nt.text
    assert "第五届会议" in nt.text and "第55/25号决议" in nt.text
    assert len(nt.text) == len(text) - 0  # one for one: offsets unchanged


def test_simplified_text_keeps_its_characters():
    # 002 has two stray traditional characters (盜); nothing else may change
    text = (SAMPLES / "002_6441b59882876535.txt").read_text(encoding="utf-8")
    out = _simplify(text)
    assert len(out) == len(text)
    changed = {(a, b) for a, b in zip(text, out) if a != b}
    assert changed == {("盜", "盗")}


def test_simplify_is_the_translation_of_every_character():
    """_simplify replaces the distinct characters present, one by one: the same as translating
    every character through the table (no simplified character is in the table itself)."""
    from kg.normalize import _chained

    table = _traditional_to_simplified()
    assert not _chained()
    text = "".join(map(chr, table)) + "中文" + "".join(map(chr, table))[::7]
    assert _simplify(text) == text.translate(table)


def test_the_whitespace_class_beyond_latin1_is_all_of_it():
    import re
    import sys

    from kg.normalize import WHITESPACE_BEYOND_LATIN1

    listed = re.compile(f"[{WHITESPACE_BEYOND_LATIN1}]")
    for c in map(chr, range(0x100, sys.maxunicode + 1)):
        assert bool(listed.match(c)) == c.isspace(), hex(ord(c))


def test_whitespace_between_latin_words_and_a_thousand_lines_without_it():
    """The offsets of a text that loses its blanks here and there (slices) and everywhere
    (segmented) still point at the characters they came from."""
    lines = [f"第{i}段 Working Group on Firearms {i} 的报告,\u3000联合国 \u2003毒品 和 犯罪" for i in range(1000)]
    text = "\n".join(lines)
    for shape in ("clean", "wrapped", "segmented"):
        nt = normalize(source(text), shape=shape)
        assert len(nt.offsets) == len(nt.text)
        for i, ch in enumerate(nt.text):
            assert ch == " " or text[nt.offsets[i]] == ch, (shape, i)


# a two-page letter: its symbol is printed in the masthead and once more as the header of page 2,
# with the spaces PDF extraction leaves around it; the job number once at the foot of page 1
TWO_PAGES = ("联合国  A/77/812\n大会\n第七十七届会议\n议程项目 12\n"
             "2023年3月1日某国常驻联合国代表给秘书长的信\n谨随函转递某国政府关于某事项的声明（见附件）。\n"
             "请将本函及其附件作为大会议程项目 12 下的文件分发为荷。\n\n 23-04187 \n\f A/77/812 \n"
             "2023年3月1日的信的附件\n某国政府的声明\n")


@pytest.mark.parametrize("shape", ["wrapped", None])
def test_a_symbol_or_job_number_line_printed_twice_is_a_page_header(shape):
    nt = normalize(source(TWO_PAGES), shape=shape)
    assert "分发为荷。2023年3月1日的信的附件" in nt.text
    assert "A/77/8122023" not in nt.text and "23-04187" not in nt.text
    assert nt.text.startswith("联合国A/77/812大会")  # the masthead keeps the symbol


def test_another_symbol_alone_on_a_line_of_running_text_stays():
    # a narrow line leaves a cited symbol alone, twice: not the document's own symbol
    text = TWO_PAGES + "秘书长的报告载于\nA/77/999\n号文件和\nA/77/999\n号文件增编。\n"
    assert normalize(source(text), shape="wrapped").text.count("A/77/999") == 2


@pytest.mark.parametrize("shape", ["wrapped", "segmented"])
def test_a_year_starting_a_line_is_not_the_tail_of_the_number_before(shape):
    text = "议程项目 12\n2023年3月1日的信\n转递第74/17\n5号决议和第2\n019年的报告。\n" * 3
    nt = normalize(source(text), shape=shape)
    assert "议程项目12 2023年3月1日" in nt.text  # a new number: the year
    assert "第74/175号决议" in nt.text and "第2019年" in nt.text  # numbers that wrapped
