"""Hostile workbooks, made by hand at the XML level (the way an attacker makes them), for
the tests, the fuzzing harness and `make bench`: each is a few kilobytes that would ask a
naive reader for gigabytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: Sequence[object]) -> str:
    from openpyxl.utils import get_column_letter as column_letters

    cells = "".join(cell(f"{column_letters(i + 1)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: str, *, dimension: str = "", merged: list[str] | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merges = ""
    if merged:
        merges = (
            f'<mergeCells count="{len(merged)}">'
            + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
            + "</mergeCells>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
        f"{dim}<sheetData>{rows}</sheetData>{merges}</worksheet>"
    )


def workbook(
    sheets: dict[str, str], *, extra: dict[str, bytes] | None = None, level: int = 9
) -> bytes:
    """An .xlsx with these sheets (name → worksheet XML) and any extra parts."""
    out = io.BytesIO()
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    book = "".join(
        f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides=overrides))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
            f'xmlns:r="{REL}"><sheets>{book}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
        for i, xml in enumerate(sheets.values(), start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for name, body in (extra or {}).items():
            z.writestr(name, body)
    return out.getvalue()


def far_cell(sheet: str, header: Sequence[object], ref: str = "XFD1048576") -> bytes:
    """The header row and one cell at the sheet's last corner (finding 1: 512 GB asked)."""
    number = "".join(ch for ch in ref if ch.isdigit())
    far = f'<row r="{number}">{cell(ref, "x")}</row>'
    return workbook({sheet: sheet_xml(row_xml(1, header) + far)})


def far_dimension(sheet: str, header: Sequence[object]) -> bytes:
    """A declared dimension to the last corner over one honest row."""
    return workbook({sheet: sheet_xml(row_xml(1, header), dimension="A1:XFD1048576")})


def whitespace_bomb(sheet: str, header: Sequence[object], megabytes: int = 256) -> bytes:
    """A worksheet padded with whitespace that deflates about a thousand-fold (written in
    chunks, so making it costs no memory either)."""
    honest = workbook({sheet: sheet_xml(row_xml(1, header))})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(honest)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
    ):
        for info in src.infolist():
            body = src.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, body)
                continue
            head, tail = body.split(b"</sheetData>")
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
                part.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(megabytes):
                    part.write(chunk)
                part.write(b"</sheetData>" + tail)
    return out.getvalue()


def many_rows(sheet: str, header: Sequence[object], rows: int, value: object = "x") -> bytes:
    body = row_xml(1, header) + "".join(
        row_xml(n, [value] * len(header)) for n in range(2, rows + 2)
    )
    return workbook({sheet: sheet_xml(body)})


def merged_flood(sheet: str, header: Sequence[object], count: int = 50_000) -> bytes:
    refs = [f"A{n}:B{n}" for n in range(2, count + 2)]
    return workbook({sheet: sheet_xml(row_xml(1, header), merged=refs)})


def entity_bomb(sheet: str) -> bytes:
    """Billion laughs in a worksheet."""
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + f']><worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
    )
    return workbook({sheet: lol})


# name → maker(sheet, header): the set `make bench` and the tests run.
CASES: dict[str, Callable[[str, Sequence[object]], bytes]] = {
    "ô XFD1048576": far_cell,
    "vùng khai báo A1:XFD1048576": far_dimension,
    "256 MB khoảng trắng nén": whitespace_bomb,
    "50.000 vùng ô gộp": merged_flood,
    "thực thể XML lồng nhau": lambda sheet, header: entity_bomb(sheet),
}


def implicit_wide(sheet: str, header: Sequence[object], columns: int = 20_000) -> bytes:
    """Cells without their reference: positions implicit, one row as wide as the limit
    allows many times over (the XML scan's path)."""
    cells = "<c><v>1</v></c>" * columns
    return workbook({sheet: sheet_xml(row_xml(1, header) + f"<row>{cells}</row>")})


CASES["20.000 ô không ghi vị trí trên một dòng"] = implicit_wide
