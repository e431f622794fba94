"""Cut the UNPC 2015 dev and test sets into per-document / per-chunk files.

    python tests/corpus/split_unpc.py OUTDIR [--corpus DIR]

writes
    OUTDIR/unpc-dev/<slug>.txt            one file per dev-set source document
    OUTDIR/unpc-dev-segmented/<slug>.txt  the same documents from the segmented copy
    OUTDIR/unpc-test/test-NNN.txt         the segmented test set, 100 lines a file

Lines keep corpus order, one sentence a line. The dev set interleaves runs of one or two
sentences from 732 documents, so a document's file gathers all its lines, wherever they sit.
The slug is the UNPC id without its leading ``2015/`` and with ``/`` turned into ``-``
(``2015/e/cn_15/2015/4`` -> ``e-cn_15-2015-4``); UNPC ids never contain ``-``, so the slug
can be turned back into the id. The test set has no ids file, hence the fixed-size chunks.
Output is the same byte for byte on every run (sorted file names, UTF-8, ``\\n`` line ends).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV_TEXT = "unpc-2015/unpc-v1.0-devset-2015-zh.txt"
DEV_SEGMENTED = "unpc-2015/unpc-v1.0-devset-2015-zh-segmented.txt"
DEV_IDS = "unpc-2015/unpc-v1.0-devset-2015.ids"
TEST_SEGMENTED = "unpc-2015/unpc-v1.0-testset-2015-zh-segmented.txt"
TEST_CHUNK_LINES = 100
ID_PREFIX = "2015/"


def default_corpus_dir() -> Path | None:
    """The shared corpus sits beside the main checkout (../shared) or beside the worktrees (../../shared)."""
    repo_root = HERE.parent.parent
    for candidate in (repo_root.parent / "shared/corpus", repo_root.parent.parent / "shared/corpus"):
        if (candidate / DEV_IDS).is_file():
            return candidate
    return None


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def slug_for_id(unpc_id: str) -> str:
    if not unpc_id.startswith(ID_PREFIX) or "-" in unpc_id:
        raise ValueError(f"unexpected UNPC id {unpc_id!r}")
    return unpc_id[len(ID_PREFIX):].replace("/", "-")


def dev_documents(corpus: Path) -> dict[str, list[int]]:
    """slug -> the 0-based dev-set line numbers of that document, in corpus order."""
    lines_of: dict[str, list[int]] = defaultdict(list)
    for number, row in enumerate(read_lines(corpus / DEV_IDS)):
        lines_of[slug_for_id(row.split()[0])].append(number)
    return dict(lines_of)


def write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def split(corpus: Path, out: Path) -> dict[str, int]:
    text = read_lines(corpus / DEV_TEXT)
    segmented = read_lines(corpus / DEV_SEGMENTED)
    documents = dev_documents(corpus)
    if not len(text) == len(segmented) == sum(map(len, documents.values())):
        raise ValueError("dev text, segmented copy and ids differ in length")
    for number, (plain, spaced) in enumerate(zip(text, segmented)):
        # the segmented copy must be the same sentence, or the two shapes would not give the same acts
        if re.sub(r"\s", "", plain) != re.sub(r"\s", "", spaced):
            raise ValueError(f"dev line {number + 1}: segmented copy differs from the text")
    for slug in sorted(documents):
        numbers = documents[slug]
        write_lines(out / "unpc-dev" / f"{slug}.txt", [text[n] for n in numbers])
        write_lines(out / "unpc-dev-segmented" / f"{slug}.txt", [segmented[n] for n in numbers])
    test = read_lines(corpus / TEST_SEGMENTED)
    chunks = 0
    for start in range(0, len(test), TEST_CHUNK_LINES):
        chunks += 1
        write_lines(out / "unpc-test" / f"test-{chunks:03d}.txt", test[start:start + TEST_CHUNK_LINES])
    return {"dev documents": len(documents), "dev lines": len(text), "test files": chunks, "test lines": len(test)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--corpus", type=Path, default=None,
                        help="the shared corpus folder (default: ../shared/corpus or ../../shared/corpus)")
    args = parser.parse_args(argv)
    corpus = args.corpus or default_corpus_dir()
    if corpus is None or not (corpus / DEV_IDS).is_file():
        parser.error("corpus folder not found; pass --corpus DIR")
    counts = split(corpus, args.outdir)
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
