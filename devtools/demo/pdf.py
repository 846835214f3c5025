"""A small real PDF for the demo's attachments: one A4 page of Chinese text, no library needed.

The text is set in STSong-Light, one of the Chinese fonts every PDF reader must supply itself (PDF 1.7,
9.7.5.2), with the UniGB-UCS2-H encoding, so the file needs no embedded font and stays a few kilobytes;
readers show the text and can copy and search it.
"""

from __future__ import annotations

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN, LEADING = 56, 22
AMOUNT_X = 400  # where a line's figure starts


def _text(value: str) -> str:
    return "<" + value.encode("utf-16-be").hex().upper() + ">"


def _line(x: int, y: int, size: int, value: str) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td {_text(value)} Tj ET"


def _content(title: str, lines: list) -> bytes:
    y = PAGE_HEIGHT - MARGIN - 16
    ops = [_line(MARGIN, y, 16, title)]
    y -= LEADING * 2
    for line in lines:
        left, right = (line, "") if isinstance(line, str) else line
        ops.append(_line(MARGIN, y, 11, left))
        if right:
            ops.append(_line(AMOUNT_X, y, 11, right))
        y -= LEADING
    return "\n".join(ops).encode("ascii")


def one_page(title: str, lines: list) -> bytes:
    """A valid one-page PDF with `title` and `lines` of text, each a string or (text, figure in a second column);
    each must fit an A4 line."""
    content = _content(title, lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
        ).encode("ascii"),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        ("<< /Title <FEFF" + _text(title)[1:] + " /Producer (Gongjian demo) >>").encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe5\xe6\xe7\xe8\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)
