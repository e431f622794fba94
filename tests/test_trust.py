"""Trust: bad input, nothing half-written, queries that cannot reach out, fuzzing.

Each bad input gets a correct result or a clear error naming the file; the batch goes on.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.batch import sample_corpus
from kg.models import SourceText
from kg.pipeline import process_source
from kg.read import MAX_BYTES, ReadError, read_file

SAMPLES = sample_corpus()
REPORT = SAMPLES[2].read_text(encoding="utf-8")  # session 3, PDF text with line breaks
CLI = [sys.executable, "-m", "kg.cli"]


def adopted(result):
    return sorted(k.notation for d in result.documents for k in d.adopted)


def build(paths, out):
    return kg.build([str(p) for p in paths], out, html=False)


@pytest.mark.parametrize("name,data", [
    ("gb18030.txt", REPORT.encode("gb18030")),
    ("utf16-bom.txt", REPORT.encode("utf-16")),
    ("utf16-nobom.txt", REPORT.encode("utf-16-le")),
    ("utf8-bom.txt", codecs.BOM_UTF8 + REPORT.encode("utf-8")),
    ("crlf-mixed.txt", REPORT.replace("\n", "\r\n", 500).encode("utf-8")),
    ("truncated.txt", REPORT.encode("utf-8") + "决".encode("utf-8")[:2]),
])
def test_encodings_and_line_ends_give_the_same_acts(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = build([path], tmp_path / "out")
    assert not result.failures
    assert adopted(result) == [f"UNTOC-COP decision 3/{i}" for i in range(1, 5)]
    doc = result.documents[0].document()  # the build keeps summaries; read it again
    for c in doc.citations:  # spans still point at the right characters
        s, e = doc.source_span(c.evidence_start, c.cited.end)
        assert c.cited.key.number.split("/")[1] in doc.source.text[s:e]


def test_bad_files_are_named_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3 binary")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    result = build([folder, tmp_path / "does-not-exist"], tmp_path / "out")
    reasons = {Path(f.path).name: f.message for f in result.failures}
    # image.png is no text file: listed as skipped, not read (--include '*' would read it)
    assert set(reasons) == {"empty.txt", "scan.txt", "does-not-exist"}
    assert [Path(p).name for p in result.skipped] == ["image.png"]
    assert "empty file" in reasons["empty.txt"]
    assert "PDF" in reasons["scan.txt"]
    assert "no such file" in reasons["does-not-exist"]
    assert len(adopted(result)) == 4  # the good report is built
    result = kg.build([folder], tmp_path / "out2", html=False, include=["*"])
    reasons = {Path(f.path).name: f.message for f in result.failures}
    assert "PNG" in reasons["image.png"] and not result.skipped


def test_exit_status_and_summary_count_failures(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    r = subprocess.run(CLI + ["build", str(good), str(bad), "-o", str(tmp_path / "o"), "--no-html"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert re.search(r"failed files +1\n", r.stdout) and "1 of 2 files failed" in r.stderr
    r = subprocess.run(CLI + ["build", str(bad), "-o", str(tmp_path / "o2"), "--no-html"],
                       capture_output=True, text=True)
    assert r.returncode == 2


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(REPORT, encoding="utf-8")
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads anything: make open() fail the way it does for a user
        real_open = os.open

        def deny(p, *a, **k):
            if str(p) == str(path):
                raise PermissionError(13, "Permission denied", str(p))
            return real_open(p, *a, **k)

        monkeypatch.setattr(os, "open", deny)
    with pytest.raises(ReadError, match="locked.txt: permission denied"):
        read_file(path)


def test_oversized_file_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.seek(200 * 2**20)
        f.write(b"x")
    with pytest.raises(ReadError, match=r"huge.txt: 200 MiB is over the 32 MiB limit"):
        read_file(path)
    assert MAX_BYTES == 32 * 2**20


def test_one_very_long_line(tmp_path):
    line = SAMPLES[0].read_text(encoding="utf-8").replace("\n", " ")
    path = tmp_path / "long.txt"
    path.write_text(line * 25, encoding="utf-8")  # one line of ~5 MB
    t0 = time.perf_counter()
    result = build([path], tmp_path / "out")
    assert time.perf_counter() - t0 < 60
    assert len(adopted(result)) == 10  # the repeated headings are one act each


def test_a_novel_is_not_a_report(tmp_path):
    path = tmp_path / "novel.txt"
    path.write_text("第一回 宴桃园豪杰三结义 斩黄巾英雄首立功\n话说天下大势，分久必合，合久必分。" * 50,
                    encoding="utf-8")
    result = build([path], tmp_path / "out")
    assert not result.failures and adopted(result) == []
    assert any("no session" in w for w in result.warnings)


def test_traditional_characters(tmp_path):
    from kg.normalize import _traditional_to_simplified

    s2t = {v: k for k, v in _traditional_to_simplified().items()}
    path = tmp_path / "traditional.txt"
    path.write_text(REPORT.translate(s2t), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != REPORT
    result = build([path], tmp_path / "out")
    assert adopted(result) == [f"UNTOC-COP decision 3/{i}" for i in range(1, 5)]


def test_a_folder_of_thousands_of_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"note-{i:04d}.txt").write_text(f"备忘录第{i}号：缔约方会议第5/{i % 9 + 1}号决议。",
                                                  encoding="utf-8")
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    t0 = time.perf_counter()
    result = build([folder], tmp_path / "out")
    assert time.perf_counter() - t0 < 120
    assert len(result.documents) == 2001 and not result.failures
    assert len(adopted(result)) == 4


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_killed_build_leaves_previous_output_intact(tmp_path):
    out = tmp_path / "out"
    first = subprocess.run(CLI + ["build", str(SAMPLES[2]), "-o", str(out), "--no-html"],
                           capture_output=True, text=True)
    assert first.returncode == 0
    before = _digest(out / "graph.ttl")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        for p in SAMPLES:
            (corpus / f"{i}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\n副本{i}\n",
                                                  encoding="utf-8")
    proc = subprocess.Popen(CLI + ["build", str(corpus), "-o", str(out), "--no-html", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.0)
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _digest(out / "graph.ttl") == before
    r = subprocess.run(CLI + ["query", "acts", "-o", str(out), "--format", "csv"],
                       capture_output=True, text=True)
    assert r.returncode == 0
    assert sum(1 for line in r.stdout.splitlines() if "UNTOC-COP session 3" in line) == 4
    # the next build clears what the killed one left behind
    again = subprocess.run(CLI + ["build", str(SAMPLES[2]), "-o", str(out), "--no-html", "-q"],
                           capture_output=True, text=True)
    assert again.returncode == 0
    assert not list(out.glob(".store-*"))
    # only the published version is left (the killed build's unpublished one is gone)
    assert [p.name for p in (out / "versions").iterdir()] == [os.readlink(out / "current").split("/")[-1]]


def test_all_files_failing_writes_nothing(tmp_path):
    out = tmp_path / "out"
    build([SAMPLES[2]], out)
    before = _digest(out / "graph.ttl")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = build([empty], out)
    assert result.failures and _digest(out / "graph.ttl") == before


def test_query_time_limit(tmp_path):
    out = tmp_path / "out"
    build([SAMPLES[2]], out)
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    t0 = time.perf_counter()
    r = subprocess.run(CLI + ["query", heavy, "-o", str(out), "--timeout", "1"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "longer than 1 s" in r.stderr
    assert time.perf_counter() - t0 < 30


def test_query_without_a_store_says_so(tmp_path):
    r = subprocess.run(CLI + ["query", "acts", "-o", str(tmp_path / "nothing")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "kg build" in r.stderr


# --- fuzzing: no exception escapes, every span is inside the file, quotes are exact ---------

REAL_SNIPPETS = [REPORT[i : i + 3000] for i in range(0, len(REPORT), 3000)]


def _check(text: str) -> None:
    doc = process_source(SourceText("fuzz.txt", "fuzz.txt", text, "utf-8", "0"))
    n = len(text)
    spans = [(m.start, m.end) for m in doc.mentions]
    spans += [(a.heading_start, a.heading_end) for a in doc.acts]
    spans += [(c.evidence_start, c.cited.end) for c in doc.citations]
    spans += [(p.start, p.end) for a in doc.acts for p in a.paragraphs]
    spans += [(f.start, f.end) for f in doc.facts if hasattr(f, "start") and hasattr(f, "end")]
    for start, end in spans:
        s, e = doc.source_span(start, end)
        assert 0 <= s <= e <= n
        assert doc.quote(start, end) == text[s:e]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("第号决议定大会其回顾重申注意到欢迎根据,，。;；:（）()、和 \n\t1234567890/AL.《》“”年月日缔约方会议¹²³_-")),
               max_size=400))
def test_fuzz_random_text(text):
    _check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REAL_SNIPPETS), st.lists(st.tuples(st.integers(0, 2999), st.integers(0, 40),
                                                          st.text(max_size=8)), max_size=8))
def test_fuzz_mutated_real_text(snippet, edits):
    text = snippet
    for pos, cut, insert in edits:
        pos = min(pos, len(text))
        text = text[:pos] + insert + text[pos + cut :]
    _check(text)


def test_a_failing_extractor_costs_only_its_own_facts(monkeypatch):
    import types

    import kg.pipeline

    broken = types.SimpleNamespace(kind="broken", extract=lambda doc: 1 / 0)
    monkeypatch.setattr(kg.pipeline, "RUN_ORDER", (broken,))
    doc = process_source(SourceText("r.txt", "r.txt", REPORT, "utf-8", "0"))
    assert len(doc.acts) == 4 and list(doc.facts) == []
    assert any("broken extraction failed: ZeroDivisionError" in w for w in doc.warnings)


def test_same_file_name_in_two_folders_is_told_apart(tmp_path):
    for sub, sample in (("a", SAMPLES[2]), ("b", SAMPLES[1])):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    result = build([tmp_path / "a", tmp_path / "b"], tmp_path / "out")
    files = sorted(r["file"] for r in result.query("documents"))
    assert len(files) == 2 and files[0] != files[1]
    assert files == ["a/report.txt", "b/report.txt"]
