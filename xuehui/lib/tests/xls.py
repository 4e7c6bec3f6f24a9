"""A minimal .xls writer for tests (no library writes the old format any more): one BIFF8
worksheet of text and number cells inside an OLE2 compound file, enough for calamine."""

import struct

SECTOR = 512
END_OF_CHAIN, FAT_SECTOR, FREE, NO_STREAM = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF, 0xFFFFFFFF


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _bof(substream: int) -> bytes:
    # BIFF8 (0x0600); substream 0x0005 = workbook globals, 0x0010 = worksheet.
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 6))


def _boundsheet(offset: int, name: str) -> bytes:
    return _record(0x0085, struct.pack("<IHBB", offset, 0, len(name), 1) + name.encode("utf-16-le"))


def _cell(row: int, column: int, value) -> bytes:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _record(0x0203, struct.pack("<HHHd", row, column, 0, float(value)))  # NUMBER
    text = str(value)
    label = struct.pack("<HHHHB", row, column, 0, len(text), 1) + text.encode("utf-16-le")
    return _record(0x0204, label)  # LABEL with a UTF-16 string


def biff8_stream(rows: list[list], sheet: str) -> bytes:
    globals_length = len(_bof(5)) + len(_boundsheet(0, sheet)) + len(_record(0x000A))
    stream = _bof(5) + _boundsheet(globals_length, sheet) + _record(0x000A)
    width = max((len(row) for row in rows), default=0)
    cells = b"".join(
        _cell(r, c, value)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if value is not None
    )
    dimensions = _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    return stream + _bof(0x10) + dimensions + cells + _record(0x000A)


def _directory_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    head = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1 if name else 0)
    links = struct.pack("<III", NO_STREAM, NO_STREAM, child)
    return head + links + b"\0" * 36 + struct.pack("<III", start, size, 0)


def xls_bytes(rows: list[list], *, sheet: str = "Sheet1") -> bytes:
    stream = biff8_stream(rows, sheet)
    padded = max(4096, -(-len(stream) // SECTOR) * SECTOR)  # ≥ 4096: no mini stream needed
    stream = stream.ljust(padded, b"\0")
    sectors = len(stream) // SECTOR
    fat = [FAT_SECTOR] + [i + 2 for i in range(sectors - 1)] + [END_OF_CHAIN, END_OF_CHAIN]
    fat += [FREE] * (128 - len(fat))
    directory_sector = 1 + sectors
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<9I", 0, 1, directory_sector, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    directory = (
        _directory_entry("Root Entry", 5, 1, END_OF_CHAIN, 0)
        + _directory_entry("Workbook", 2, NO_STREAM, 1, len(stream))
        + _directory_entry("", 0, NO_STREAM, 0, 0) * 2
    )
    return header + struct.pack("<128I", *fat) + stream + directory
