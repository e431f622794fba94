"""UN document symbols: one node per document, forms not in the seeds, seeds, provenance."""
import hashlib
import unicodedata
from functools import lru_cache

import pytest

from kg.batch import sample_corpus
from kg.models import SourceText
from kg.pipeline import process_file, process_source
from kg.facts import SymbolMention


def symbols_of(text):
    src = SourceText("mem.txt", "mem.txt", text, "utf-8", hashlib.sha256(text.encode()).hexdigest())
    return [f.key for f in process_source(src).facts.of(SymbolMention)]


@lru_cache(maxsize=None)
def seed(i):
    return process_file(sample_corpus()[i])


@pytest.mark.parametrize("text,expected", [
    ("大会第55/25号决议(A/RES/55/25)", ["A/RES/55/25"]),
    ("理事会的报告(E/2023/30)和E/CN.15/2023/L.3/Rev.1", ["E/2023/30", "E/CN.15/2023/L.3/Rev.1"]),
    ("见S/2014/123和Corr.1。", ["S/2014/123", "S/2014/123/Corr.1"]),
    ("报告(CAC/COSP/2019/L.1和Add.1-2)", ["CAC/COSP/2019/L.1", "CAC/COSP/2019/L.1/Add.1", "CAC/COSP/2019/L.1/Add.2"]),
    ("CTOC/COP/WG.4/2019/4-CTOC/COP/WG.5/2019/4,第8段", ["CTOC/COP/WG.4/2019/4", "CTOC/COP/WG.5/2019/4"]),
    ("UNODC/CCPCJ/EG.4/2013/3号文件", ["UNODC/CCPCJ/EG.4/2013/3"]),
    ("ST/SGB/2019/8", ["ST/SGB/2019/8"]),
    # document table: agenda item glued to the symbol
    ("文件号议程项目标题CTOC/COP/2016/72(c)秘书处的报告", ["CTOC/COP/2016/7"]),
    ("CTOC/COP/2016/L.4/Rev.1", ["CTOC/COP/2016/L.4/Rev.1"]),
    ("CTOC/COP", []),
])
def test_forms_not_in_the_seeds(text, expected):
    assert symbols_of(text) == expected


def keys(i):
    return {f.key for f in seed(i).facts.of(SymbolMention)}


def test_seeds():
    k3, k5, k11 = keys(2), keys(0), keys(1)
    assert {"CTOC/COP/2006/4", "CTOC/COP/2006/4/Corr.1"} <= k3
    assert {"CTOC/COP/2006/L.1", "CTOC/COP/2006/L.1/Add.1", "CTOC/COP/2006/L.1/Add.2",
            "CTOC/COP/2006/L.1/Add.3"} <= k3
    assert "CTOC/COP/2006/L.1/Add.4" not in k3
    assert "CTOC/COP/COP/2006/L.6/Rev.1" in k3  # misprint kept as printed
    assert {"E/CN.4/2006/62", "E/2002/68/Add.1", "CTOC/COP/2005/2/Rev.1"} <= k3
    assert {"CTOP/COP/2010/CRP.6", "CTOC/COP/2010/CRP.4", "CTOC/COP/2010/L.7/Rev.1",
            "A/64/6(Sect.16)", "CTOC/COP/2010/CRP.5/Corr.1", "CTOC/COP/2010/L.1/Add.11"} <= k5
    # the list of documents: agenda items are not part of the symbols
    assert not {"CTOC/COP/2010/52", "CTOC/COP/2010/134", "CTOC/COP/2010/142", "CTOC/COP/2010/CRP.62"} & k5
    assert {"CTOC/COP/2010/14", "CTOC/COP/2010/CRP.7"} <= k5
    assert {"CTOC/COP/WG.3/2021/3", "CTOC/COP/WG.2/2022/4", "CTOC/COP/WG.3/2022/4", "A/CONF.192/15",
            "A/60/88/Corr.2", "CTOC/COP/2022/L.1/Add.9", "E/2022/27"} <= k11


def test_provenance_quotes_the_symbol():
    for i in range(3):
        d = seed(i)
        for f in d.facts.of(SymbolMention):
            quote = unicodedata.normalize("NFKC", d.quote(f.start, f.end)).replace(" ", "").replace("\n", "")
            head = f.key.split("/")[0]
            assert head in quote and f.key.rsplit("/", 1)[-1].split(".")[0] in quote, (f.key, quote)


def test_named_query(built):
    rows = built.query("symbols")
    assert rows and list(rows[0]) == ["symbol", "documents"]
    by = {r["symbol"]: r["documents"] for r in rows}
    assert by["CTOC/COP/2006/4/Corr.1"] == sample_corpus()[2].name
