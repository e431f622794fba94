"""read: bytes on disk -> SourceText (decoded, nothing else changed).

Detection order matters for Chinese: a GBK byte stream is often *also* valid in some
single-byte code page, so we never let a generic detector guess. We try, in order:
BOM, UTF-16 without BOM (NUL byte pattern), strict UTF-8, then GB18030 (a superset of
GBK and GB2312). Anything else is refused with a clear message. A file cut inside its last
character (in any of these encodings) loses that character only.

Only regular files are read (a FIFO or ``/dev/zero`` would hang or never end), and the read
itself stops past ``MAX_BYTES``, whatever the size on disk said.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata

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
        text, label = _strict(data[3:], "utf-8", name)
        return text, label.replace("utf-8", "utf-8-sig", 1)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        text, label = _strict(data, utf16, name)
        if _plausible(text):
            return text, label
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
        try:
            text, label = _decode_cut_end(data, encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, label
    return None


def _decode_cut_end(data: bytes, encoding: str) -> tuple[str, str]:
    """Strict decoding, except that a file cut inside its last character (an odd UTF-16
    byte, half a surrogate pair, the lead bytes of a GB18030 sequence) loses that character.
    Returns (text, encoding label); raises UnicodeDecodeError for anything else."""
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as e:
        if e.end != len(data) or len(data) - e.start >= 4:
            raise
        return data[: e.start].decode(encoding), f"{encoding} (truncated last character dropped)"


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


def _strict(data: bytes, encoding: str, name: str) -> tuple[str, str]:
    try:
        text, label = _decode_cut_end(data, encoding)
    except UnicodeDecodeError as e:
        raise ReadError(f"{name}: invalid {encoding} at byte {e.start}: {e.reason}") from None
    return (text[1:] if text.startswith("\ufeff") else text), label


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f]")


def printable_path(path: str) -> str:
    """A file name as a valid, recognisable string: bytes that are not UTF-8 (which Python
    keeps as lone surrogates, and which no RDF literal or UTF-8 output accepts) become
    ``\\xff``, control characters ``\\x1b``."""
    text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _read_regular(path: str, shown: str) -> bytes:
    """The bytes of a regular file, at most MAX_BYTES of them, or a ReadError."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ReadError(f"{shown}: is a directory")
        if not stat.S_ISREG(st.st_mode):
            what = next((w for test, w in _KINDS if test(st.st_mode)), "not a regular file")
            raise ReadError(f"{shown}: is {what}, not a regular file; not read")
        if st.st_size > MAX_BYTES:
            raise ReadError(
                f"{shown}: {st.st_size / 2**20:.0f} MiB is over the {MAX_BYTES // 2**20} MiB "
                "limit for one report; split the file"
            )
        chunks, total = [], 0
        while total <= MAX_BYTES:  # the size said may be wrong (a file still growing)
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_BYTES:
            raise ReadError(f"{shown}: grew over the {MAX_BYTES // 2**20} MiB limit for one "
                            "report while being read; split the file")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bytes(path: str | os.PathLike) -> tuple[str, bytes]:
    """(the path as shown in messages and outputs, the file's bytes), or a ReadError."""
    raw = os.fspath(path)
    if isinstance(raw, bytes):
        raw = os.fsdecode(raw)
    shown = printable_path(raw)
    try:
        data = _read_regular(raw, shown)
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError(f"{shown}: no such file") from None
    except PermissionError:
        raise ReadError(f"{shown}: permission denied") from None
    except IsADirectoryError:
        raise ReadError(f"{shown}: is a directory") from None
    except OSError as e:
        raise ReadError(f"{shown}: cannot read ({e.strerror})") from None
    if not data.strip():
        raise ReadError(f"{shown}: empty file")
    return shown, data


def _blank(text: str) -> bool:
    """Nothing a reader sees: white space (ideographic spaces U+3000 …) and format characters
    (a BOM anywhere, zero-width spaces and joiners: Unicode category Cf). Stops at the first
    visible character."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in text)


def source_from_bytes(shown: str, data: bytes) -> SourceText:
    """The bytes of the file ``shown`` decoded (``read_bytes`` then this is ``read_file``)."""
    text, encoding = decode(data, shown)
    if _blank(text):
        raise ReadError(f"{shown}: empty file (only white space or invisible characters)")
    return SourceText(
        path=shown,
        name=os.path.basename(shown),
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def read_file(path: str | os.PathLike) -> SourceText:
    return source_from_bytes(*read_bytes(path))
