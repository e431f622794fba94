"""cache: what each document gave, kept in the output folder so a build redoes only what changed.

``DIR/cache/<fingerprint>/<sha256 of the file's bytes>.{ttl,nt,json}``: the document's own graph
(Turtle), its shared triples (N-Triples) and its summary (``kg/summary.py``). The fingerprint
names everything else the result depends on (``fingerprint_inputs``): kg's own code and
version (every component, extractor and emitter), the base IRI, every data file (``kg/data``:
gazetteers, stop words, symbol series…), the ontology, and the versions of the libraries whose
output becomes facts (jieba, anyascii) — change any of them and nothing old is reused (an
older fingerprint's folder is removed by the next build that completes).

Entries are written as whole files and renamed into place, so a killed build leaves complete
entries or none; a leftover temporary file is removed by the next build. Entries of documents
no longer in the corpus are removed after a build is published (``prune``).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from . import __version__
from .work import DocumentResult

CACHE_DIR = "cache"
_PARTS = (".ttl", ".nt", ".json")


# libraries whose output becomes facts: jieba's dictionary and IDF (key terms), anyascii's
# tables (a person's identity across spellings), pyoxigraph (the cached Turtle and N-Triples)
LIBRARIES = ("jieba", "anyascii", "pyoxigraph")


def fingerprint_inputs() -> list[tuple[str, bytes]]:
    """What a document's result depends on besides its bytes and the base IRI, as (name,
    content): kg's code (every module: the components, extractors, emitters), every data file
    (the gazetteers, stop words, symbol series… whatever its extension), the ontology, and the
    versions of the libraries and of the Unicode tables that shape the facts."""
    import unicodedata
    from importlib import metadata

    root = Path(__file__).resolve().parent
    inputs: list[tuple[str, bytes]] = []
    for folder, pattern in ((root, "**/*.py"), (root / "data", "**/*"),
                            (root.parent / "ontology", "*.ttl")):
        for path in sorted(folder.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                inputs.append((f"{folder.name}/{path.relative_to(folder)}", path.read_bytes()))
    if not (root.parent / "ontology").is_dir():  # installed: the ontology is a package
        from importlib import resources

        for p in sorted(resources.files("kg.ontology").iterdir(), key=lambda p: p.name):
            if p.name.endswith(".ttl"):
                inputs.append((f"ontology/{p.name}", p.read_bytes()))
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        inputs.append((f"library {name}", version.encode()))
    inputs.append(("unicode", unicodedata.unidata_version.encode()))
    return inputs


@lru_cache(maxsize=4)
def fingerprint(base: str) -> str:
    """Everything a document's result depends on besides its bytes, as a short hash."""
    h = hashlib.sha256(f"kg {__version__}\n{base}\n".encode())
    for name, content in fingerprint_inputs():
        h.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return h.hexdigest()[:16]


class DocumentCache:
    def __init__(self, out_dir: Path, base: str):
        self.root = out_dir / CACHE_DIR
        self.folder = self.root / fingerprint(base)

    def _path(self, sha256: str, part: str) -> Path:
        return self.folder / f"{sha256}{part}"

    def has(self, sha256: str) -> bool:
        return all(self._path(sha256, p).is_file() for p in _PARTS)

    def summary_json(self, sha256: str) -> str:
        return self._path(sha256, ".json").read_text(encoding="utf-8")

    def own_ttl(self, sha256: str) -> bytes:
        return self._path(sha256, ".ttl").read_bytes()

    def shared_nt(self, sha256: str) -> bytes:
        return self._path(sha256, ".nt").read_bytes()

    def own_path(self, sha256: str) -> Path:
        return self._path(sha256, ".ttl")

    def put(self, result: DocumentResult) -> str:
        """Store one result; the summary is written last, so ``has`` sees whole entries only.
        Returns the summary as stored (JSON), as ``summary`` will read it back."""
        self.folder.mkdir(parents=True, exist_ok=True)
        summary = json.dumps(result.summary, ensure_ascii=False, separators=(",", ":"))
        for part, data in ((".ttl", result.own_ttl), (".nt", result.shared_nt),
                           (".json", summary.encode("utf-8"))):
            _write(self._path(result.sha256, part), data)
        return summary

    def forget(self, sha256s) -> None:
        """Remove these documents' entries (found damaged: they are made again)."""
        for sha in sha256s:
            for part in _PARTS:
                self._path(sha, part).unlink(missing_ok=True)

    def clean(self) -> None:
        """Temporary files of killed builds."""
        if self.folder.is_dir():
            for leftover in self.folder.glob(".tmp-*"):
                leftover.unlink(missing_ok=True)

    def prune(self, keep: set[str]) -> None:
        """Remove the entries of documents not in ``keep`` and other fingerprints' folders."""
        if self.root.is_dir():
            for entry in self.root.iterdir():
                if entry != self.folder:
                    shutil.rmtree(entry, ignore_errors=True)
        if self.folder.is_dir():
            for entry in self.folder.iterdir():
                if entry.name.split(".", 1)[0] not in keep:
                    entry.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
