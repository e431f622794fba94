"""The documents of other kinds (``tests/data/kinds/``) and their gold reading
(``tests/gold/kinds.json``) stay usable. The PDF shape is the clean text with only the
layout changed, and every gold entry can be found in the text it was read from. These tests
check the test data itself. Scoring kg against this gold is a separate matter."""
from __future__ import annotations

import json
import re
import unicodedata

import pytest

import kinds
import rewrite

GOLDS = {folder: json.loads(gold.read_text(encoding="utf-8")) for folder, gold in kinds.COLLECTIONS}
# (folder, clean file) of every document of every collection
DOCUMENTS = sorted((folder, k) for folder, gold in GOLDS.items() for k in gold if not k.startswith("_"))
IDS = [name for _, name in DOCUMENTS]
# lines of a realistic document: a report or a resolution; a letter under a session header is shorter
LENGTH = {kinds.KINDS_DIR: (60, 200), kinds.COMMISSIONS_DIR: (30, 250)}
KINDS = {"session-report", "resolution", "decision", "working-group-report",
         "secretariat-note", "letter", "record", "other"}
NUMBER = (r"(?:(?:ES|S)-\d+/\d+"               # GA ES-10/2, S-26/2; HRC S-17/1
          r"|\d+/\d+(?: [A-Z])?"              # 64/179, 53/243 B, 2009/267
          r"|\d+(?: [A-Z])? \([IVXLC]+\)"     # 1541 (XV), 2200 A (XXI)
          r"|\d+ \(\d{4}\)"                    # SC 2133 (2014)
          r"|\d+\.\d+"                         # WHA 58.3
          r"|\d+)")                            # SC 1325, no year printed
NOTATION = re.compile(rf"^[A-Z][A-Z-]*[A-Z] (?:resolution|decision) {NUMBER}$")
RELATION_OF_VERB = {"回顾": "obtainsBackgroundFrom", "重申": "confirms",
                    "注意到": "citesForInformation", "表示注意到": "citesForInformation",
                    "欢迎": "agreesWith", "核可": "supports", "赞同": "supports",
                    "根据": "citesAsAuthority", "依照": "citesAsAuthority",
                    "按照": "citesAsAuthority"}
SUPERSCRIPTS = re.compile(f"[{rewrite.SUPERSCRIPT_DIGITS}]")
# a page number or lone footnote mark, "2/3 24-13986", "24-13986 3/3", the bar code, the job line
FURNITURE = re.compile(r"^(?:\d{1,3}|\d+/\d+ [\d-]+|[\d-]+ \d+/\d+|\*\d+\*|\d{2}-\d{5} \(C\))$")


def squeeze(text: str) -> str:
    """Text without whitespace or footnote marks, with full-width forms as ASCII."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", SUPERSCRIPTS.sub("", text)))


def clean_text(folder, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("folder", list(GOLDS), ids=lambda f: f.name)
def test_every_document_has_both_shapes_and_a_gold_reading(folder):
    names = {p.name for p in kinds.clean_files(folder)}
    assert names == {n for f, n in DOCUMENTS if f == folder}
    assert names <= set(kinds.PAGE_FURNITURE)
    assert {p.name for p in folder.glob("*.wrapped.txt")} == {
        n.replace(".clean.txt", ".wrapped.txt") for n in names}


@pytest.mark.parametrize("folder,name", DOCUMENTS, ids=IDS)
def test_pdf_shape_is_the_clean_text_laid_out_as_pdf(folder, name):
    clean = folder / name
    wrapped = kinds.wrapped_path(clean).read_text(encoding="utf-8")
    assert wrapped == kinds.wrapped_shape(clean), "run: python tests/kinds.py"
    symbol, _ = kinds.PAGE_FURNITURE[name]
    assert sum(line.strip() == symbol for line in wrapped.splitlines()) >= 2  # page furniture
    assert max(len(line.strip()) for line in wrapped.splitlines()) <= 2 * rewrite.WIDTH
    # the same words: each body line of the clean text is in the PDF text once the page
    # furniture, the footnote blocks and the lone footnote marks are taken out
    body, in_notes = [], False
    for line in wrapped.splitlines():
        s = line.strip()
        if s.startswith(rewrite.FOOTNOTE_RULE):
            in_notes = True
        elif FURNITURE.match(s) or s == symbol:
            in_notes = False
        elif not in_notes:
            body.append(s)
    pdf_body = squeeze("".join(body))
    for line in clean_text(folder, name).splitlines():
        if line.strip() and not re.match(f"[{rewrite.SUPERSCRIPT_DIGITS}]+ ", line):
            for column in re.split(r"\s{3,}", line.strip()):
                if column != symbol:  # the symbol on the title page is page furniture too
                    assert squeeze(column) in pdf_body, column


@pytest.mark.parametrize("folder,name", DOCUMENTS, ids=IDS)
def test_documents_have_a_realistic_length(folder, name):
    low, high = LENGTH[folder]
    assert low <= len(clean_text(folder, name).splitlines()) <= high


@pytest.mark.parametrize("folder,name", DOCUMENTS, ids=IDS)
def test_gold_reading_is_well_formed_and_found_in_the_text(folder, name):
    doc, text = GOLDS[folder][name], squeeze(clean_text(folder, name))
    assert doc["kind"] in KINDS
    mentioned = set(doc["mentioned_acts"])
    assert len(mentioned) == len(doc["mentioned_acts"])
    for act in mentioned | {a["act"] for a in doc["own_acts"] if a["act"]}:
        assert NOTATION.match(act), act
    own_refs = {a["ref"] for a in doc["own_acts"]}
    assert {a["act"] for a in doc["own_acts"] if a["act"]} <= mentioned
    # recommendations of a working group have the document itself as proponent
    proponents = own_refs | ({"self"} if doc["kind"] == "working-group-report" else set())
    for c in doc["citations"]:
        assert c["citing"] in own_refs and c["cited"] in mentioned, c
        base = re.sub(r"^(?:又|还|再|特别)", "", c["verb"])
        assert c["relation"] == RELATION_OF_VERB.get(base, "cites"), c
        assert squeeze(c["quote"]) in text, c["quote"]
        # the quote shows the cited act's number
        number = c["cited"].split(" ", 2)[2]
        assert squeeze(number) in squeeze(c["quote"]), c
    for m in doc["mandates"]:
        assert m["act"] in proponents, m
        assert re.fullmatch(r"\d+(?:\([a-z]\))?", m["paragraph"]), m
        assert squeeze(m["quote"]) in text and squeeze(m["addressee"]) in squeeze(m["quote"]), m
        assert m["verb"] in m["quote"], m
    for u in doc["unresolved_mentions"]:
        assert squeeze(u["quote"]) in text and u["number"] in squeeze(u["quote"]), u
        assert not any(a.endswith(" " + u["number"]) for a in mentioned), u
    assert len({(c["citing"], c["cited"], c["relation"]) for c in doc["citations"]}) == len(doc["citations"])
