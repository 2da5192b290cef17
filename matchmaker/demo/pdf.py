"""A one-page PDF of Chinese text, written by hand, for the demo's proposal attachments.

No PDF library is needed: the page uses STSong-Light, one of the standard Adobe CJK fonts every PDF reader supplies,
so nothing is embedded, and the text is written as UCS-2 (UniGB-UCS2-H). The cross-reference table points at each
object's exact byte offset, so readers open the file without repairing it.
"""
from __future__ import annotations

from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
TITLE_SIZE, BODY_SIZE, LEADING = 16, 11, 18
# Full-width characters are one em wide: this many fit between the margins at the body size.
LINE_CHARS = (PAGE_WIDTH - 2 * MARGIN) // BODY_SIZE


def _hex(text: str) -> str:
    """Text as a UCS-2 big-endian hex string (characters outside the BMP become a full-width question mark)."""
    return "<" + "".join(f"{ord(c) if ord(c) <= 0xFFFF else 0xFF1F:04X}" for c in text) + ">"


def _width(c: str) -> float:
    return 0.5 if ord(c) < 0x80 else 1.0


def _wrap(text: str, limit: int) -> list[str]:
    """Break a paragraph into lines of at most `limit` ems (ASCII counts half)."""
    lines, line, used = [], "", 0.0
    for c in text:
        if used + _width(c) > limit:
            lines.append(line)
            line, used = "", 0.0
        line += c
        used += _width(c)
    return lines + [line] if line or not lines else lines


def _content(title: str, paragraphs: Sequence[str]) -> bytes:
    y = PAGE_HEIGHT - MARGIN - TITLE_SIZE
    ops = ["BT", f"/F1 {TITLE_SIZE} Tf", f"1 0 0 1 {MARGIN} {y} Tm", f"{_hex(title)} Tj", f"/F1 {BODY_SIZE} Tf"]
    y -= LEADING * 2
    for paragraph in paragraphs:
        for line in _wrap(paragraph, LINE_CHARS):
            if y < MARGIN:
                break
            ops += [f"1 0 0 1 {MARGIN} {y} Tm", f"{_hex(line)} Tj"]
            y -= LEADING
        y -= LEADING // 2
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def one_page_pdf(title: str, paragraphs: Sequence[str]) -> bytes:
    """A valid one-page A4 PDF with `title` and the paragraphs below it (what does not fit is left out)."""
    stream = _content(title, paragraphs)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
        f"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".encode("ascii"),
        f"<< /Length {len(stream)} >>\nstream\n".encode("ascii") + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R /DW 1000 /W [1 95 500] >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        f"<< /Title <FEFF{_hex(title)[1:-1]}> /Producer (Matchmaker demo) >>".encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)
