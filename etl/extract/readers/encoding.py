"""Bytes → text for Chinese government pages, whose declared charsets are often missing or wrong."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-]+)", re.I)

# Magic numbers of files that are not text: (prefix, description).
_MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP/Office Open XML"),
    (b"\xd0\xcf\x11\xe0", "OLE2 (DOC/XLS/WPS)"),
    (b"BM", "BMP image"),
    (b"RIFF", "RIFF media"),
)


@dataclass(frozen=True)
class Charset:
    """The one charset decision about a document, made by decode(): the charset its header or meta tag
    declares, and the one its text is actually read in (None for binary or empty bytes). It travels with
    the document from the crawl to the store, which records it."""

    declared: str | None
    used: str | None


@dataclass
class Decoded:
    text: str
    declared: str | None
    detected: str

    @property
    def charset(self) -> Charset:
        return Charset(self.declared, self.detected)


def charset_of(data: bytes, content_type: str | None = None) -> Charset:
    """decode()'s decision for `data`, for a caller that does not need the text."""
    if not data or sniff_binary(data):
        return Charset(declared_charset(data, content_type), None)
    return decode(data, content_type).charset


def sniff_binary(data: bytes) -> str | None:
    """Describe `data` if it is a binary file (by magic number or NUL bytes), else None."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic) and not (magic == b"BM" and not data[2:6].strip(b"\x00")):
            return what
    sample = data[:4096]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "binary data"
    return None


def _canonical(name: str) -> str | None:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # GB2312 and GBK pages routinely contain GB18030-only characters; GB18030 is their superset.
    return "gb18030" if codec in ("gb2312", "gbk", "gb18030", "hz") else codec


def declared_charset(data: bytes, content_type: str | None) -> str | None:
    """The charset the HTTP header or, failing that, the page's meta tag declares."""
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        return m.group(1).lower()
    if m := _META_CHARSET.search(data[:4096]):
        return m.group(1).decode("ascii").lower()
    return None


def _badness(text: str) -> float:
    """Share of replacement and mojibake characters: 0 for a clean Chinese text."""
    if not text:
        return 0.0
    bad = text.count("\ufffd")
    # UTF-8 read as a single-byte codec yields runs of Latin-1 letters like 'ä¸\x8d'.
    bad += len(re.findall(r"[\u00c0-\u00ff][\u0080-\u00bf]", text))
    return bad / len(text)


def decode(data: bytes, content_type: str | None = None, forced: str | None = None) -> Decoded:
    """Decode by BOM, then strict UTF-8, then the declared charset, GB18030 and Big5.

    Valid UTF-8 is almost never GBK text by accident, so it wins over any declaration. Otherwise a
    candidate that yields replacement characters is treated as wrong and the next one is tried; if
    none is clean, the least damaged decoding wins. `forced` (a portal's `encoding` override) is used
    whatever the bytes look like.
    """
    declared = declared_charset(data, content_type)
    if forced:
        return Decoded(data.decode(forced, "replace"), declared, _canonical(forced) or forced)
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", "replace"), declared, "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", "replace"), declared, "utf-16")
    try:
        return Decoded(data.decode("utf-8"), declared, "utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    for name in (declared, "gb18030", "big5"):
        codec = _canonical(name) if name else None
        if codec and codec != "utf-8" and codec not in candidates:
            candidates.append(codec)
    best: tuple[float, str, str] | None = None
    for codec in candidates:
        text = data.decode(codec, "replace")
        score = _badness(text)
        if score == 0:
            return Decoded(text, declared, codec)
        if best is None or score < best[0]:
            best = (score, codec, text)
    assert best is not None
    return Decoded(best[2], declared, best[1])
