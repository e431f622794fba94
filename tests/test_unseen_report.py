"""A report the extractors have never seen: a session-6 report written for this test in the
usual UN phrasing (other numbers, bodies, verbs, a Security Council act, a decision with no
preamble), in the clean shape and rewritten into the other two."""
from pathlib import Path

import pytest

import rewrite
from kg.models import SourceText
from kg.pipeline import process_source
from kg.facts import Draft

TEXT = (Path(__file__).parent / "data" / "unseen_session6.txt").read_text(encoding="utf-8")

EXPECTED_CITATIONS = {
    ("UNTOC-COP resolution 6/1", "UNTOC-COP resolution 5/5", "obtainsBackgroundFrom"),
    ("UNTOC-COP resolution 6/1", "GA resolution 66/181", "obtainsBackgroundFrom"),
    ("UNTOC-COP resolution 6/1", "GA resolution 66/180", "obtainsBackgroundFrom"),
    ("UNTOC-COP resolution 6/1", "ECOSOC resolution 2011/33", "obtainsBackgroundFrom"),
    ("UNTOC-COP resolution 6/1", "HRC resolution 17/1", "agreesWith"),
    ("UNTOC-COP resolution 6/1", "UNTOC-COP decision 4/1", "citesAsAuthority"),
    ("UNTOC-COP resolution 6/2", "UNTOC-COP resolution 5/3", "confirms"),
    ("UNTOC-COP resolution 6/2", "SC resolution 2240 (2015)", "citesForInformation"),
}


def read(text):
    return process_source(SourceText("r6.txt", "r6.txt", text, "utf-8", str(hash(text))))


@pytest.mark.parametrize("shape", ["clean", "segmented", "wrapped"])
def test_unseen_report_in_every_shape(shape):
    text = {"clean": TEXT,
            "segmented": rewrite.to_segmented(TEXT, fullwidth=False),
            "wrapped": rewrite.to_wrapped(TEXT)}[shape]
    doc = read(text)
    s = doc.session
    assert (s.ordinal, s.start_date, s.end_date, s.place_zh) == (6, "2012-10-15", "2012-10-19", "维也纳")
    assert {a.key.notation: a.title for a in doc.acts} == {
        "UNTOC-COP resolution 6/1": "确立《联合国打击跨国有组织犯罪公约》及其各项议定书审议机制",
        "UNTOC-COP resolution 6/2": "打击海上偷运移民",
        "UNTOC-COP decision 6/1": "缔约方会议第七届会议临时议程",
    }
    got = {(c.citing.notation, c.cited.key.notation, c.relation) for c in doc.citations}
    assert got == EXPECTED_CITATIONS
    # the narrative records resolution 6/2's adoption on 19 October, and its draft's sponsors
    assert {a.key.notation: a.date for a in doc.acts}["UNTOC-COP resolution 6/2"] == "2012-10-19"
    [draft] = doc.facts.of(Draft)
    assert draft.symbol == "CTOC/COP/2012/L.4" and draft.became.notation == "UNTOC-COP resolution 6/2"
    assert {x.key for x in draft.sponsors} == {"MEX", "NOR"}
