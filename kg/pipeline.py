"""The build pipeline for one file: read -> normalize -> segment -> extract.

``process_file`` returns a plain ``Document``; emit/store work on lists of them. The
extractors are the declared components (``kg/components.py``), run in dependency order.
"""
from __future__ import annotations

import os

from .components import RUN_ORDER
from .models import Document, SourceText
from .normalize import normalize
from .read import read_file
from .segment import segment


def process_source(source: SourceText) -> Document:
    doc = segment(normalize(source))
    for component in RUN_ORDER:
        try:
            facts = list(component.extract(doc))
        except Exception as e:  # one faulty extractor must not lose the document's other facts
            doc.warnings.append(f"{source.path}: {component.kind} extraction failed: "
                                f"{type(e).__name__}: {e}")
            continue
        doc.facts.extend(facts)
    return doc


def process_file(path: str | os.PathLike) -> Document:
    return process_source(read_file(path))
