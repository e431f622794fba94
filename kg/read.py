"""read: bytes on disk -> SourceText (decoded, nothing else changed).

Detection order matters for Chinese: a GBK byte stream is often *also* valid in some
single-byte code page, so we never let a generic detector guess. We try, in order:
BOM, UTF-16 without BOM (NUL byte pattern), strict UTF-8, then GB18030 (a superset of
GBK and GB2312). Anything else is refused with a clear message.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re

from .models import SourceText

MAX_BYTES = 32 * 1024 * 1024  # refuse larger files instead of exhausting memory (reports are < 2 MB)

_BINARY_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\xd0\xcf\x11\xe0": "an old MS Office file",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
}


class ReadError(Exception):
    """A file that cannot be turned into text; the message names the file and the problem."""


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Return (text, encoding name). Raises ReadError when no encoding fits."""
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"{name}: is {what}, not text; convert it to text first")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name), "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _strict(data, utf16, name)
        if _plausible(text):
            return text, utf16
    if b"\x00" in data[:4096]:
        found = _first_plausible(data, ("utf-16-le", "utf-16-be"))
        if found:
            return found
        raise ReadError(f"{name}: contains NUL bytes; looks binary, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        good = data[: utf8_error.start]
        if utf8_error.reason == "unexpected end of data" and len(data) - utf8_error.start < 4:
            # a file cut inside its last character: keep everything before it
            return good.decode("utf-8"), "utf-8 (truncated last character dropped)"
        if sum(1 for b in good[:65536] if b >= 0xC0) > 32:
            # plenty of valid UTF-8 Chinese before the bad byte: corrupt UTF-8, not GBK
            raise ReadError(
                f"{name}: invalid UTF-8 at byte {utf8_error.start} ({utf8_error.reason}); "
                "the file looks damaged"
            ) from None
        found = _first_plausible(data, ("utf-16-le", "utf-16-be", "gb18030"))
        if found:
            return found
        raise ReadError(
                f"{name}: not valid UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) "
                "nor GB18030/GBK; the file may be truncated or in another encoding"
            ) from None


def _first_plausible(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """The first encoding that decodes ``data`` strictly into plausible text."""
    for encoding in encodings:
        if encoding.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, encoding
    return None


_CJK_OR_TEXT = re.compile(r"[\u3000-\u9fff\uff00-\uffef\x20-\x7e\s\u00a0-\u024f\u2000-\u206f]")


def _plausible(text: str) -> bool:
    """Most characters are CJK, Latin, digits, punctuation or spaces (not mojibake)."""
    sample = text[:20000]
    if not sample:
        return False
    return len(_CJK_OR_TEXT.findall(sample)) / len(sample) > 0.95


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII in UTF-16 puts NULs in every other byte; CJK rarely has NUL bytes at all, so
    # require many NULs on one side and almost none on the other.
    if odd_nul > half * 0.3 and even_nul < half * 0.05:
        return "utf-16-le"
    if even_nul > half * 0.3 and odd_nul < half * 0.05:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ReadError(f"{name}: invalid {encoding} at byte {e.start}: {e.reason}") from None
    return text[1:] if text.startswith("\ufeff") else text


def read_file(path: str | os.PathLike) -> SourceText:
    path = os.fspath(path)
    name = os.path.basename(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ReadError(
                f"{path}: {size / 2**20:.0f} MiB is over the {MAX_BYTES // 2**20} MiB limit "
                "for one report; split the file"
            )
        with open(path, "rb") as f:
            data = f.read()
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise ReadError(f"{path}: is a directory") from None
    except OSError as e:
        raise ReadError(f"{path}: cannot read ({e.strerror})") from None
    if not data.strip():
        raise ReadError(f"{path}: empty file")
    text, encoding = decode(data, path)
    return SourceText(
        path=path,
        name=name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )
