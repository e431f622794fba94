"""The test documents of kinds beyond the seed reports (``tests/data/kinds/``) and of the
functional commissions' documents (``tests/data/commissions/``: the session reports of CCPCJ and
CND to ECOSOC, a report of the Secretary-General and a letter under a commission's session header).

Each document is written once, in the clean shape (``<kind>-<name>.clean.txt``); its PDF
shape (``.wrapped.txt``) is derived from it with ``rewrite.to_pdf_pages`` and the page
furniture below, so the two shapes cannot drift apart. Their gold reading is
``tests/gold/kinds.json`` and ``tests/gold/commissions.json``. Regenerate the PDF shapes with
``python tests/kinds.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import rewrite  # noqa: E402

KINDS_DIR = Path(__file__).parent / "data" / "kinds"
GOLD = Path(__file__).parent / "gold" / "kinds.json"
COMMISSIONS_DIR = Path(__file__).parent / "data" / "commissions"
COMMISSIONS_GOLD = Path(__file__).parent / "gold" / "commissions.json"
# (folder, gold reading) of each collection of test documents
COLLECTIONS = ((KINDS_DIR, GOLD), (COMMISSIONS_DIR, COMMISSIONS_GOLD))

# clean file -> (symbol printed on every page, job number of an issued document or None for
# report-style furniture: page number and symbol at the foot of the page)
PAGE_FURNITURE = {
    "session-report-cosp9.clean.txt": ("CAC/COSP/2021/17", None),
    "resolution-ecosoc-2024-18.clean.txt": ("E/RES/2024/18", "24-13986"),
    "working-group-report-tip-2023.clean.txt": ("CTOC/COP/WG.4/2023/4", None),
    "resolution-ga-78-250.clean.txt": ("A/RES/78/250", "23-26411"),
    "resolution-sc-2752.clean.txt": ("S/RES/2752 (2024)", "24-19322"),
    # the commissions' documents: the reports print their joint symbol at the foot of the page
    # (Official Records), the pre-session documents are issued with a job number
    "session-report-ccpcj32.clean.txt": ("E/2023/30-E/CN.15/2023/13", None),
    "session-report-cnd66.clean.txt": ("E/2023/28-E/CN.7/2023/15", None),
    "secretariat-report-ccpcj32-item6.clean.txt": ("E/CN.15/2023/5", "23-04187"),
    "letter-indonesia-asean-cnd66.clean.txt": ("E/CN.7/2023/12", "23-04522"),
}


def clean_files(folder: Path = KINDS_DIR) -> list[Path]:
    return sorted(folder.glob("*.clean.txt"))


def wrapped_path(clean: Path) -> Path:
    return clean.with_name(clean.name.replace(".clean.txt", ".wrapped.txt"))


def wrapped_shape(clean: Path) -> str:
    symbol, job = PAGE_FURNITURE[clean.name]
    return rewrite.to_pdf_pages(clean.read_text(encoding="utf-8"), symbol, job)


if __name__ == "__main__":
    for path in [p for folder, _ in COLLECTIONS for p in clean_files(folder)]:
        wrapped_path(path).write_text(wrapped_shape(path), encoding="utf-8")
        print(wrapped_path(path).name)
