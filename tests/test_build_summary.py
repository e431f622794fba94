"""The build summary tells the truth (issue 11, item 6): distinct entities as the graph has
them, one document for two files of one content (with a warning), only text files of a folder
read, every warning naming its file, progress over every stage, report IRIs that read as what
the report is."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

import kg
from kg.batch import sample_corpus

CLI = [sys.executable, "-m", "kg.cli"]
SAMPLES = sample_corpus()  # 000: session 5, 002: session 11, 004: session 3


def _one(built, sparql: str) -> int:
    return next(iter(built.query(sparql)[0].values()))


def test_counts_are_distinct_entities_as_the_graph_has_them(built):
    counts, mentions = built.counts(), built.mentions()
    graph = {
        "states": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?d kgo:mentions ?s . ?s a kgo:State }",
        "working groups": "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a kgo:SubsidiaryBody }",
        "mandates": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a kgo:Mandate }",
        "persons": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }",
        "drafts": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a kgo:Draft }",
        "symbols": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?d kgo:mentions ?s . ?s a kgo:UNDocument }",
        "citations": """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cito:Citation ;
                        cito:hasCitedEntity/skos:notation ?any }""",
    }
    for label, sparql in graph.items():
        assert counts[label] == _one(built, sparql), label
    # the figures: 19 bodies (not 261 mentions), 137 States (not 1006)
    assert (counts["working groups"], counts["states"]) == (19, 137)
    assert mentions["states"] > 5 * counts["states"]
    assert counts["acts"] == _one(built, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a eli:LegalResource ; "
                                         "skos:notation ?x FILTER NOT EXISTS { ?a a kgo:Instrument } }")


# jobs=0 reads the files one by one (the first copy is loaded before the second is hashed);
# worker processes take them ahead
@pytest.mark.parametrize("jobs", [None, 0])
def test_a_copy_under_another_name_is_one_document_and_a_warning(tmp_path, built, jobs):
    folder = tmp_path / "in"
    (folder / "old").mkdir(parents=True)
    for path in SAMPLES:
        shutil.copy(path, folder / path.name)
    shutil.copy(SAMPLES[0], folder / "old" / "renamed copy.txt")
    result = kg.build([folder], tmp_path / "out", html=False, jobs=jobs)
    assert len(result.documents) == 4  # one summary per file …
    counts = result.counts()
    assert counts.pop("triples") == built.counts()["triples"] + 1  # the copy's kgo:fileName
    assert counts == {k: n for k, n in built.counts().items() if k != "triples"}
    same = [w for w in result.warnings if "the same content" in w]
    assert len(same) == 1
    assert f"{folder / SAMPLES[0].name}, {folder / 'old' / 'renamed copy.txt'}:" in same[0]
    # the copy's own warnings are not printed twice
    assert len(result.warnings) == len(built.warnings) + 1


def test_only_text_files_of_a_folder_are_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES[2], folder / "report.txt")
    (folder / "README.md").write_text("# 第5/1号决议 的说明\n请秘书处……\n", encoding="utf-8")
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    r = subprocess.run(CLI + ["build", str(folder), "-o", str(tmp_path / "o"), "--no-html"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert re.search(r"documents +1\n", r.stdout)
    assert re.search(r"skipped \(not \*\.txt\) +2\n", r.stdout)
    assert str(folder / "README.md") in r.stdout and str(folder / "notes.csv") in r.stdout
    # --include reads them (the CSV is a text, not a report: a document of kind other)
    r = subprocess.run(CLI + ["build", str(folder), "-o", str(tmp_path / "o2"), "--no-html",
                              "--include", "*.txt", "--include", "*.MD"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert re.search(r"documents +2\n", r.stdout) and "notes.csv" in r.stdout
    # a folder with nothing to read says so
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.json").write_text("{}", encoding="utf-8")
    r = subprocess.run(CLI + ["build", str(tmp_path / "empty"), "-o", str(tmp_path / "o3")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "no file to read" in r.stderr and "--include" in r.stderr


def test_every_warning_names_its_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "unclear.txt").write_text("会议回顾了第17/1号决议。\n", encoding="utf-8")
    shutil.copy(SAMPLES[2], folder / "session3.txt")
    result = kg.build([folder], tmp_path / "out", html=False)
    assert result.warnings
    names = {"unclear.txt", "session3.txt"}
    for w in result.warnings:
        assert any(w.startswith(f"{folder / n}: ") for n in names), w
    assert any("17/1" in w for w in result.warnings)  # an act number with no body


def test_progress_covers_every_stage(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(21):  # past the 20 files of a short build
        (folder / f"note-{i:02d}.txt").write_text(f"这是第{i}份说明，没有决议。\n", encoding="utf-8")
    r = subprocess.run(CLI + ["build", str(folder), "-o", str(tmp_path / "o"), "--jobs", "0"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    err = r.stderr.replace("\r", "\n")
    assert "reading" in err and "21/21" in err
    for stage in ("store", "graph.ttl", "graph.html", "publish"):
        assert stage in err, stage


def test_report_iris_read_as_what_they_are(tmp_path, built):
    reports = {r["file"]: r["document"] for r in built.query(
        "SELECT ?document ?file WHERE { ?document a kgo:Report ; kgo:fileName ?file }")}
    base = "https://w3id.org/untoc-kg/doc/"
    assert re.fullmatch(base + r"CTOC-COP-2006-14/[0-9a-f]{12}", reports[SAMPLES[2].name])
    assert re.fullmatch(base + r"untoc-cop-session-5/[0-9a-f]{12}", reports[SAMPLES[0].name])
    # two files that print one symbol (here: the report and a copy with one more line) are
    # two reports, each named by the symbol
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES[2], folder / "a.txt")
    (folder / "b.txt").write_text(SAMPLES[2].read_text(encoding="utf-8") + "\n附件\n", encoding="utf-8")
    result = kg.build([folder], tmp_path / "out", html=False)
    iris = sorted(r["d"] for r in result.query("SELECT ?d WHERE { ?d a kgo:Report }"))
    assert len(iris) == 2 and iris[0] != iris[1]
    assert all(i.startswith(base + "CTOC-COP-2006-14/") for i in iris)
