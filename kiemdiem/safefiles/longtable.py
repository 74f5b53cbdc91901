"""A table of a hundred thousand rows in a Word paper without a hundred thousand rows in
memory three times over.

docxtpl renders a `{%tr for r in rows %}` loop as one string of XML, parses it back with
lxml and writes it out: a province's decision (200,000 rows) took 5 GB. Here the template
is rendered once with a single row of markers; the table row those markers landed in is
the pattern, and `word/document.xml` is written out row by row into the DOCX (a ZIP)
with each marker replaced by the row's escaped value. What the template does around the
list — headings, totals, the rest of the paper — is rendered by docxtpl as ever.

A template whose rows cannot be found as one table row of markers (an uploaded form that
loops differently) is rendered the ordinary way."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

MARK = "⟦{}⟧"  # digits in brackets: unchanged by upper, lower, title or escaping
_MARKS = re.compile("⟦([0-9]+)⟧")
# Characters XML 1.0 cannot hold; a typed name might carry one.
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DOCUMENT = "word/document.xml"


def marker_row(fields: Sequence[str]) -> dict[str, str]:
    return {name: MARK.format(i) for i, name in enumerate(fields)}


def split_pattern(xml: str, fields: int) -> tuple[str, list[str], list[int], str] | None:
    """(before, the row's text between markers, the field of each marker, after) — or None
    when the markers are not all in one table row of their own."""
    found = list(_MARKS.finditer(xml))
    if not found:
        return None
    first, last = found[0].start(), found[-1].end()
    start = max(xml.rfind("<w:tr>", 0, first), xml.rfind("<w:tr ", 0, first))
    end = xml.find("</w:tr>", last)
    if start < 0 or end < 0:
        return None
    end += len("</w:tr>")
    row = xml[start:end]
    # One row, not a nested table or several rows: the pattern holds exactly one <w:tr>.
    if row.count("<w:tr>") + row.count("<w:tr ") != 1:
        return None
    texts, order, at = [], [], start
    for m in found:
        index = int(m.group(1))
        if index >= fields:
            return None
        texts.append(xml[at : m.start()])
        order.append(index)
        at = m.end()
    texts.append(xml[at:end])
    return xml[:start], texts, order, xml[end:]


def _cell(value: Any) -> str:
    return escape(_INVALID.sub("", "" if value is None else str(value)))


def stream_rows(
    rendered: bytes,
    fields: Sequence[str],
    rows: Iterator[dict[str, Any]] | Sequence[dict[str, Any]],
    out: BinaryIO,
) -> bool:
    """Write the DOCX `rendered` (made with one marker row) to `out` with `rows` in place
    of the markers' table row. False, writing nothing, when the pattern is not found."""
    with zipfile.ZipFile(io.BytesIO(rendered)) as source:
        xml = source.read(DOCUMENT).decode("utf-8")
        pattern = split_pattern(xml, len(fields))
        if pattern is None:
            return False
        before, texts, order, after = pattern
        names = [fields[i] for i in order]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != DOCUMENT:
                    target.writestr(info, source.read(info.filename))
                    continue
                entry = zipfile.ZipInfo(DOCUMENT, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                with target.open(entry, "w", force_zip64=True) as w:
                    w.write(before.encode())
                    write = _writer(w.write, texts, names)
                    for row in rows:
                        write(row)
                    w.write(after.encode())
    return True


def _writer(
    write: Callable[[bytes], Any], texts: list[str], names: list[str]
) -> Callable[[dict[str, Any]], None]:
    pairs = list(zip(texts, names, strict=False))
    tail = texts[-1]

    def one(row: dict[str, Any]) -> None:
        parts = []
        for text, name in pairs:
            parts.append(text)
            parts.append(_cell(row.get(name)))
        parts.append(tail)
        write("".join(parts).encode())

    return one
