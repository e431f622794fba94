"""Issue 12 item 2: the act-mention and article patterns run in time linear in the input.
Inputs built to make a backtracking pattern go quadratic (bench/pathological.py: lists of act
numbers or articles that never reach 号决议 / 条, in clean and segmented text) must take about
four times as long at four times the size, and no more than five times a real report of the
same size (48 KB of "回顾其第1/1、1/1、…" took 33 s before)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import pathological  # noqa: E402

SMALL, LARGE = 10_000, 40_000
CASES = ["act list, unterminated", "act list, 号 after each, unterminated",
         "SC list with years, unterminated", "dated list items, unterminated",
         "segmented act list, unterminated", "article list, unterminated",
         "paragraph list, unterminated", "article and paragraph lists, segmented",
         "title quote never closed"]


@pytest.fixture(scope="module")
def reference():
    return pathological.timed(pathological.real_report(LARGE), "real.txt")


@pytest.mark.parametrize("case", CASES)
def test_pathological_input_is_linear(case, reference):
    small = pathological.timed(pathological.cases(SMALL)[case], "small.txt")
    large = pathological.timed(pathological.cases(LARGE)[case], "large.txt")
    assert large <= 5 * reference + 0.05, (case, large, reference)
    assert large <= 8 * small + 0.05, (case, small, large)  # quadratic would be 16x
