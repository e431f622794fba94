"""Cut the Chinese column of the un-2023 corpus into one text file per source document.

`corpus.json` (see /work/shared/corpus/un-2023/SOURCES.md) holds 5,829 sentence records of
2023 UN documents, grouped by `theme` and in document order inside each theme, but with no
document boundaries. This script restores them from the documents' own header records:

* an *anchor* opens a document header:
  - a session line (`2023年届会`, `2023年年会`, `2023年年度会议`, `2023年第一届常会`,
    `2023年实质性会议`);
  - a meeting or session date range (`2022年7月25日至2023年7月26日`, `2023年7月10日至19日`,
    `2023年2月21至3月1日`, `2023年4月3日至21日，纽约`);
  - an agenda line (`议程项目15`, `临时议程* 项目4`, `临时议程项目2`);
  - the adoption line of a resolution (`2023年7月25日经济及社会理事会决议`);
  - a summary-record heading (`第413次会议简要记录`).
* the document starts at the anchor, or up to two records earlier when those records are
  title lines naming the body (`裁军审议委员会`, `联合国儿童基金会` + `执行局`,
  `经济及社会理事会主持召开的可持续发展高级别政治论坛`); such a title block only counts when the
  record before it closes the previous document (a sentence end, a masthead line, a running
  header), which keeps table rows such as `拉加经委会` / `2022年10月24日至26日` inside a report.
* anchors that follow a start before any sentence has been read belong to the same header.

The extraction put each document's first-page masthead (`联合国` / `经济及社会理事会` / `大 会`,
`供参考`, `供作决定`) and running headers (the title repeated) after the body and before the
footnotes, so those records stay with the document they close; they never open one.

Output: `un2023-<theme>-<NN>.txt`, NN counted from 01 in corpus order inside each theme, one
record per line, UTF-8, LF line ends. The same input always gives the same files.

Usage: python tests/corpus/split_un2023.py OUTDIR [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

DEFAULT_CORPUS = Path("/work/shared/corpus/un-2023/corpus.json")

SESSION_LINE = re.compile(r"^\d{4}年(?:届会|年会|年度会议|第[一二三四]届常会|实质性会议)$")
DATE_RANGE_LINE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日?至(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:，[^，。；\s]{1,12})?$"
)
AGENDA_LINE = re.compile(r"^(?:临时)?议程(?:\*\s*)?项目")
ADOPTION_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日经济及社会理事会决[议定]$")
SUMMARY_RECORD_LINE = re.compile(r"^第\d+次会议简要记录$")

# Records of a first-page masthead; the extraction placed them at the end of the document.
MASTHEAD_LINES = {"联合国", "经济及社会理事会", "大会", "大 会", "供参考", "供作决定", "供决定"}
SENTENCE_END = ("。", "；", "，", "：", ".", ";", ",", ":")
MAX_TITLE_LINES = 2
# A running header repeats the document title; short body names (`执行局`, `联合国儿童基金会`)
# recur in headers of consecutive documents and are not taken for one.
MIN_RUNNING_HEADER_CHARS = 10


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_anchor(text: str) -> bool:
    return any(
        pattern.match(text)
        for pattern in (SESSION_LINE, DATE_RANGE_LINE, AGENDA_LINE, ADOPTION_LINE, SUMMARY_RECORD_LINE)
    )


def _closes_document(texts: list[str], index: int, current_start: int) -> bool:
    """True when record `index` can be the last record of a document."""
    if index < 0:
        return True
    text = texts[index].strip()
    if text.endswith(SENTENCE_END) or text in MASTHEAD_LINES:
        return True
    return _is_running_header(texts, index, current_start)


def _is_running_header(texts: list[str], index: int, current_start: int) -> bool:
    """A title repeated as a page header: equal (spaces aside) to its neighbour or to an
    earlier record of the document it belongs to."""
    compact = _compact(texts[index])
    if index > 0 and _compact(texts[index - 1]) == compact:
        return True
    return len(compact) >= MIN_RUNNING_HEADER_CHARS and any(
        _compact(texts[i]) == compact for i in range(current_start, index)
    )


def _is_title_line(texts: list[str], index: int, current_start: int) -> bool:
    text = texts[index].strip()
    return (
        bool(text)
        and not text.endswith(SENTENCE_END)
        and text not in MASTHEAD_LINES
        and not _is_running_header(texts, index, current_start)
    )


def _document_start(texts: list[str], anchor: int, current_start: int) -> int | None:
    """Where the document opened by the anchor at `anchor` begins, or None when the anchor
    only looks like a header (a table row inside a report): the record before a document
    must close the previous one."""
    start = anchor
    while (
        anchor - start < MAX_TITLE_LINES
        and start - 1 > current_start
        and _is_title_line(texts, start - 1, current_start)
    ):
        start -= 1
    return start if _closes_document(texts, start - 1, current_start) else None


def document_starts(texts: list[str]) -> list[int]:
    """Indices of the first record of every document in one theme's records."""
    starts = [0]
    in_header = True  # no sentence read since the last start
    for index, text in enumerate(texts):
        text = text.strip()
        if index > 0 and is_anchor(text) and not in_header:
            start = _document_start(texts, index, starts[-1])
            if start is not None and start > starts[-1]:
                starts.append(start)
                in_header = True
                continue
        if text.endswith(SENTENCE_END):
            in_header = False
    return starts


def split_theme(texts: list[str]) -> list[list[str]]:
    starts = document_starts(texts)
    ends = starts[1:] + [len(texts)]
    return [texts[start:end] for start, end in zip(starts, ends)]


def load_themes(corpus_path: Path) -> dict[str, list[str]]:
    """The zh column per theme, in corpus order (record ids are numbered within a theme)."""
    records = json.loads(corpus_path.read_text(encoding="utf-8"))["data"]
    themes: dict[str, list[tuple[int, str]]] = {}
    for record in records:
        number = int(record["id"].rsplit("_", 1)[1])
        themes.setdefault(record["theme"], []).append((number, record["zh"]))
    return {theme: [text for _, text in sorted(rows)] for theme, rows in themes.items()}


def write_documents(corpus_path: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for theme, texts in load_themes(corpus_path).items():
        for number, document in enumerate(split_theme(texts), start=1):
            path = out_dir / f"un2023-{theme}-{number:02d}.txt"
            path.write_text("".join(line.replace("\n", " ") + "\n" for line in document), encoding="utf-8")
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("out_dir", type=Path, help="folder for the un2023-<theme>-<NN>.txt files")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="path of corpus.json")
    args = parser.parse_args()
    written = write_documents(args.corpus, args.out_dir)
    print(f"{len(written)} documents written to {args.out_dir}")


if __name__ == "__main__":
    main()
