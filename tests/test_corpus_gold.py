"""The UNPC/un-misc gold reading stays consistent with the texts it was read from."""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests/corpus"))
import split_unpc  # noqa: E402

GOLD = ROOT / "tests/gold/corpus"
CORPUS = split_unpc.default_corpus_dir()
pytestmark = pytest.mark.skipif(CORPUS is None, reason="shared corpus not found")

BODIES = r"(?:UNTOC-COP|GA|ECOSOC|CCPCJ|SC|HRC|CND|UNCAC-COSP|CSW|ECLAC|ACHPR)"
NOTATION = re.compile(BODIES + r" (?:resolution|decision) [0-9A-Z./-]+(?: [A-Z])?(?: \((?:\d{4}|[IVXLC]+)\))?$")


def load(name):
    return json.loads((GOLD / name).read_text(encoding="utf-8"))


def without_whitespace(text):
    return re.sub(r"\s", "", text)


def printed_number(notation):
    """'SC resolution 2164 (2014)' -> '2164(2014)', as it reads once spaces are gone."""
    return notation.split(" ", 2)[2].replace(" ", "")


@pytest.fixture(scope="module")
def split_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    split_unpc.split(CORPUS, out)
    return out


def test_split_makes_one_file_per_document_and_chunks_of_100(split_dir):
    dev = sorted(p.name for p in (split_dir / "unpc-dev").iterdir())
    assert len(dev) == 732
    assert dev == sorted(p.name for p in (split_dir / "unpc-dev-segmented").iterdir())
    tests = sorted((split_dir / "unpc-test").iterdir())
    assert [p.name for p in tests[:2]] == ["test-001.txt", "test-002.txt"] and len(tests) == 40
    assert all(len(p.read_text(encoding="utf-8").splitlines()) == 100 for p in tests)
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (split_dir / "unpc-dev").iterdir()) == 4000
    # a document's lines come in corpus order even when other documents sit between them
    assert (split_dir / "unpc-dev/s-2014-961.txt").read_text(encoding="utf-8").splitlines()[2].startswith("因此，将在2016年")


def test_split_is_deterministic(split_dir, tmp_path):
    split_unpc.split(CORPUS, tmp_path)
    for path in (split_dir / "unpc-dev").iterdir():
        assert (tmp_path / "unpc-dev" / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("gold_name, folders", [
    ("unpc.json", ["unpc-dev", "unpc-dev-segmented"]),
    ("unpc_test.json", ["unpc-test"]),
])
def test_unpc_gold_covers_every_file_and_quotes_its_text(split_dir, gold_name, folders):
    gold = {k: v for k, v in load(gold_name).items() if not k.startswith("_")}
    first = folders[0]
    assert set(gold) == {f"{first}/{p.name}" for p in (split_dir / first).iterdir()}
    for key, entry in gold.items():
        for folder in folders:
            text = without_whitespace((split_dir / folder / key.split("/", 1)[1]).read_text(encoding="utf-8"))
            text = text.replace("（", "(").replace("）", ")")
            for act in entry["mentioned_acts"]:
                assert NOTATION.match(act), act
                assert printed_number(act) in text, (key, act)
            for mention in entry["unresolved_mentions"]:
                assert mention["quote"] in text and mention["number"].replace(" ", "") in mention["quote"], (key, mention)
        assert len(entry["mentioned_acts"]) == len(set(entry["mentioned_acts"])), key


def test_misc_gold_quotes_occur_in_the_texts():
    gold = {k: v for k, v in load("misc.json").items() if not k.startswith("_")}
    assert set(gold) == {p.name for p in (CORPUS / "un-misc").iterdir()}
    for name, entry in gold.items():
        text = without_whitespace((CORPUS / "un-misc" / name).read_text(encoding="utf-8"))
        for act in entry["mentioned_acts"]:
            assert NOTATION.match(act) and printed_number(act) in text, (name, act)
        for mandate in entry["mandates"]:
            assert mandate["addressee"] in mandate["quote"]
            assert all(piece in text for piece in mandate["quote"].split("…")), (name, mandate)
    assert gold["un-charter-zh-webscrape.txt"]["mentioned_acts"] == []
