#!/usr/bin/env python
"""Pathological inputs: every rule of kg must run in time linear in its input (issue 12).

    python bench/pathological.py [--size 100000] [--limit 5]

Each case is ~``--size`` characters of text built to make a backtracking pattern go quadratic:
lists of act numbers or articles that never end in 号决议 / 条 (so a pattern that needs the kind at
the end retries from every item), the same lists in word-segmented text, SC numbers with years,
dates before every item, a title quote that never closes, thousands of real mentions. Each is
run through the whole pipeline up to the facts (read, normalize, segment, every extractor:
``kg.pipeline.process_source``), best of three, and compared with the same size of a real report
(the seed reports of kg/samples, repeated and cut to the size). The run fails (exit 1) when
the slowest case takes more than ``--limit`` times the real report.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.models import SourceText  # noqa: E402
from kg.pipeline import process_source  # noqa: E402


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    body = unit * max(1, (size - len(head) - len(tail)) // len(unit))
    return head + body + tail


def cases(size: int) -> dict[str, str]:
    """name -> text of about ``size`` characters."""
    return {
        # the repro of issue 12: an act list with no 号决议 after it
        "act list, unterminated": _fill("1/1、", size, "回顾其第"),
        "act list, 号 after each, unterminated": _fill("第1/1号、", size, "回顾其"),
        "SC list with years, unterminated": _fill("1325(2000)、", size, "安全理事会第"),
        "dated list items, unterminated": _fill("2001年9月28日第1373(2001)号、", size, "回顾"),
        "segmented act list, unterminated": _fill(" 1 / 1 、", size, "回顾 其 第"),
        "roman numbers, unterminated": _fill("2200 A (XXI)、", size, "大会第"),
        "article list, unterminated": _fill("第1、", size, "《公约》"),
        "paragraph list, unterminated": _fill("第1、", size, "《公约》第5条"),
        "article and paragraph lists, segmented": _fill(" 第 1 、", size, "公约 第 5 条"),
        "terminated act list (many mentions)": _fill("1/1、", size - 8, "回顾其第", "号决议。"),
        "many mentions with bodies": _fill("大会第64/179号决议、", size),
        "title quote never closed": _fill("题为“第1/1号决议", size, "大会"),
        "enacting formulas": _fill("大会,回顾", size),
        "glued footnote marks": _fill("执行公约8\n及其", size),
        "title brackets never closed": _fill("《公约", size),
        "symbol-like slashes": _fill("A/", size),
        "symbol list, unterminated": _fill("L.1和Add.", size, "CTOC/COP/2010/"),
        "sponsor list, unterminated": _fill("法国、", size, "提案国为"),
        "on behalf of, unclosed": _fill("(代表", size),
        "addressee list after a verb": _fill("会员国、", size, "1.请"),
        "lettered items": _fill("(a)", size, "1.请各国:"),
        "digits only": "1" * size,
        "one Chinese character": "决" * size,
    }


def real_report(size: int) -> str:
    seeds = sorted((ROOT / "kg" / "samples").glob("*.txt"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in seeds)
    return (text * (size // len(text) + 1))[:size]


def timed(text: str, name: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        process_source(SourceText(name, name, text, "utf-8", "0" * 64))
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--limit", type=float, default=5.0)
    args = ap.parse_args(argv)
    reference = timed(real_report(args.size), "real.txt")
    print(f"{'real report (seeds, cut)':45s} {reference:7.3f} s  1.0x")
    worst = 0.0
    for name, text in cases(args.size).items():
        t = timed(text, name + ".txt")
        worst = max(worst, t / reference)
        print(f"{name:45s} {t:7.3f} s  {t / reference:.1f}x  ({len(text):,} characters)")
    print(f"slowest case: {worst:.1f}x the real report (limit {args.limit}x)")
    return 0 if worst <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
