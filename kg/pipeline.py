"""The build pipeline for one file: read -> normalize -> segment -> extract.

``process_file`` returns a plain ``Document``; resolve/emit/store work on lists of them.
"""
from __future__ import annotations

import os

from .extract import entity_extractors
from .extract.acts import find_act_mentions
from .extract.citations import find_citations
from .models import Document, SourceText
from .normalize import normalize
from .read import read_file
from .resolve import fix_same_session_kinds
from .segment import find_adopted_acts, find_session

# Reports this tool is built for come from the UNTOC Conference of the Parties; a report
# whose session sentence names no body is taken to be one of its reports.
DEFAULT_BODY = "UNTOC-COP"


def process_source(source: SourceText) -> Document:
    nt = normalize(source)
    warnings: list[str] = []
    session = find_session(nt, DEFAULT_BODY)
    if session is None:
        warnings.append(f"{source.path}: no session sentence found (not a meeting report?)")
    acts = find_adopted_acts(nt, session)
    acting_body = session.body if session else DEFAULT_BODY
    acting_session = session.ordinal if session else None
    mentions = find_act_mentions(nt.text, acting_body, acting_session, warnings)
    citations = find_citations(nt, acts, mentions)
    doc = Document(nt, session, acts, mentions, citations, warnings)
    fix_same_session_kinds(doc)
    for extractor in entity_extractors():
        try:
            doc.entities[extractor.KIND] = extractor.extract(doc)
        except Exception as e:  # one faulty extractor must not lose the document's other facts
            doc.entities[extractor.KIND] = []
            warnings.append(f"{source.path}: {extractor.KIND} extraction failed: "
                            f"{type(e).__name__}: {e}")
    return doc


def process_file(path: str | os.PathLike) -> Document:
    return process_source(read_file(path))
