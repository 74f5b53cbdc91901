"""Long lists written into a Word table row by row (safefiles/longtable.py): the same
paper as docxtpl would make, in a fraction of the memory."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

from kiemdiem.safefiles.templates import LONG, _render, docx_render
from tests.safefiles.budget import run_capped

DECISION = (
    Path(__file__).resolve().parents[2] / "kiemdiem/apps/documents/files/common/decision.docx"
)
NAMES = ["Đặng Thị Ánh", "Ngô <b>&amp; Hồ", "Lê Văn Tám", "Nguyễn ' \" Ý", "=CMD()"]


def _rows(n: int, names: list[str] = NAMES) -> list[dict[str, object]]:
    return [
        {
            "n": i + 1,
            "name": names[i % len(names)] + f" {i}",
            "place": "Chi bộ Thôn 1 & 2",
            "rating": "Hoàn thành tốt nhiệm vụ",
            "note": "Đảng viên",
        }
        for i in range(n)
    ]


def _context(rows: list[dict[str, object]]) -> dict[str, object]:
    return {"rows": rows, "total": len(rows), "year": 2026, "number": "12-QĐ/ĐU"}


def _tables(body: bytes) -> list[list[list[str]]]:
    return [
        [[cell.text for cell in row.cells] for row in table.rows]
        for table in Document(io.BytesIO(body)).tables
    ]


def _text(body: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(body)).paragraphs]


def test_a_long_list_makes_the_same_paper_as_docxtpl_renders() -> None:
    context = _context(_rows(LONG + 37))
    streamed = docx_render(str(DECISION), context)
    usual = _render(str(DECISION), context)
    assert _tables(streamed) == _tables(usual)
    assert _text(streamed) == _text(usual)
    rows = [r for t in _tables(streamed) for r in t if r and r[0].isdigit()]
    assert len(rows) == LONG + 37
    assert rows[1][1] == "Ngô <b>&amp; Hồ 1"  # typed text stays text, markup and all


def test_characters_xml_cannot_hold_are_dropped_not_left_to_spoil_the_row() -> None:
    # (docxtpl's own way lets lxml "recover" such a row, losing the "&" that follows.)
    rows = _rows(LONG + 1, ["Lê\x01Văn\x0bTám"])
    body = docx_render(str(DECISION), _context(rows))
    listed = [r for t in _tables(body) for r in t if r and r[0].isdigit()]
    assert listed[0][1:3] == ["LêVănTám 0", "Chi bộ Thôn 1 & 2"]


def test_a_template_that_loops_otherwise_is_rendered_the_usual_way() -> None:
    doc = Document()
    doc.add_paragraph("{%p for r in rows %}")
    doc.add_paragraph("{{ r.n }}. {{ r.name }}")
    doc.add_paragraph("{%p endfor %}")
    raw = io.BytesIO()
    doc.save(raw)
    body = docx_render(io.BytesIO(raw.getvalue()), _context(_rows(LONG + 1)))
    lines = _text(body)
    assert lines[0] == f"1. {NAMES[0]} 0" and len(lines) == LONG + 1


def test_a_provinces_decision_list_stays_within_a_small_memory() -> None:
    code, out, peak = run_capped(
        f"""
        import io, zipfile
        from kiemdiem.safefiles.templates import docx_render
        rows = [{{"n": i, "name": f"Nguyễn Văn Đảng {{i}}", "place": "Chi bộ Thôn {{i % 2000}}",
                  "rating": "Hoàn thành tốt nhiệm vụ", "note": "Đảng viên"}}
                 for i in range(200_000)]
        body = docx_render({str(DECISION)!r}, {{"rows": rows, "total": len(rows)}})
        xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml")
        print("ROWS", xml.count(b"<w:tr>") + xml.count(b"<w:tr "))
        """,
        budget_mib=2048,
        timeout=300,
    )
    assert code == 0, out[-2000:]
    rows = int(out.split("ROWS ")[1].split()[0])
    assert rows >= 200_000
    assert peak < 800, f"peak {peak:.0f} MiB"
