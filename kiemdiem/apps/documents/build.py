"""Writes the shipped DOCX templates: `python -m kiemdiem.apps.documents.build`.

The templates are the product's files (an office opens one in Word, adjusts it and keeps
the Jinja tags docxtpl fills); this script only made their first version, so a change of
layout is reviewed as a change of the script and the files together. The layout follows
the party's document format (Hướng dẫn 36-HD/VPTW): the superior and issuing body with
the number on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" with the place and date on the right,
the title, the body, "Nơi nhận" on the left and the signature block "T/M …" on the right.
Times New Roman 14 (Liberation Serif renders it where Word's font is absent).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

FILES = Path(__file__).resolve().parent / "files"
FONT = "Times New Roman"


class Builder:
    def __init__(self, *, landscape: bool = False) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_height, section.page_width = Cm(21.0), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        fonts = style.element.rPr.rFonts
        for attr in ("w:eastAsia", "w:cs", "w:hAnsi"):
            fonts.set(qn(attr), FONT)
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(4), 1.1
        self.width = section.page_width - section.left_margin - section.right_margin

    # -- pieces ------------------------------------------------------------------------
    def para(
        self,
        text: str = "",
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        align: str = "justify",
        indent: bool = False,
        underline: bool = False,
    ) -> Paragraph:
        p: Paragraph = self.doc.add_paragraph()
        self._fill(p, text, bold=bold, italic=italic, size=size, underline=underline)
        p.alignment = _ALIGN[align]
        if indent:
            p.paragraph_format.first_line_indent = Cm(1)
        return p

    def tag(self, text: str) -> None:
        """A paragraph holding only a docxtpl block tag ({%p for … %}); docxtpl drops it."""
        self.doc.add_paragraph(text)

    def paras(self, loop: str, *, indent: bool = True, prefix: str = "") -> None:
        """One paragraph per item of a list of paragraphs (a text typed with line breaks)."""
        self.tag(f"{{%p for line in {loop} %}}")
        self.para(prefix + "{{ line }}", indent=indent)
        self.tag("{%p endfor %}")

    def heading(self, text: str) -> None:
        self.para(text, bold=True, align="left")

    def _fill(
        self,
        p: Paragraph,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        underline: bool = False,
    ) -> None:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)

    def _cell(self, table: Table, row: int, col: int) -> Paragraph:
        paragraph: Paragraph = table.cell(row, col).paragraphs[0]
        return paragraph

    def letterhead(self, *, number: bool = True) -> None:
        """The two-column head of every party document."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, [7.5, (self.width - Cm(7.5)) / 360000])
        left, right = table.rows[0].cells
        p = left.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._fill(p, "{{ head.superior }}", size=13)
        p = left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._fill(p, "{{ head.issuer }}", bold=True, size=13)
        p = left.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._fill(p, "*", size=13)
        if number:
            p = left.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._fill(p, "Số {{ number }}", size=13)
        p = right.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._fill(p, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14)
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(8)
        self._fill(p, "{{ date_line }}", italic=True)
        self.doc.add_paragraph()

    def title(self, title: str, *subtitles: str) -> None:
        self.para(title, bold=True, align="center", size=15)
        for line in subtitles:
            self.para(line, bold=True, align="center")
        self.para("-----", align="center", size=10)

    def draft_mark(self) -> None:
        self.tag("{%p if draft %}")
        self.para("(DỰ THẢO — chưa ban hành)", italic=True, align="center", size=12)
        self.tag("{%p endif %}")

    def table(
        self,
        headers: list[str],
        cells: list[str],
        *,
        loop: str,
        widths: list[float] | None = None,
        size: float = 12,
    ) -> None:
        """A table with a header row and one row per item of `loop` ({%tr for %})."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, text in enumerate(headers):
            p = self._cell(table, 0, i)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._fill(p, text, bold=True, size=size)
        self._fill(self._cell(table, 1, 0), f"{{%tr for r in {loop} %}}", size=size)
        for i, text in enumerate(cells):
            p = self._cell(table, 2, i)
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if i and i < 2 else WD_ALIGN_PARAGRAPH.CENTER
            self._fill(p, text, size=size)
        self._fill(self._cell(table, 3, 0), "{%tr endfor %}", size=size)
        if widths:
            _widths(table, widths)
        self.doc.add_paragraph()

    def signature(self, *, recipients: bool = True, left: str | None = None) -> None:
        """ "Nơi nhận" on the left, "T/M …" with the title and the name on the right."""
        table = self.doc.add_table(rows=1, cols=2)
        _widths(table, [8.0, (self.width - Cm(8)) / 360000])
        _keep_together(table)
        lcell, rcell = table.rows[0].cells
        p = lcell.paragraphs[0]
        if recipients:
            self._fill(p, "Nơi nhận:", bold=True, italic=True, underline=True, size=12)
            p = lcell.add_paragraph()
            self._fill(p, "{%p for to in recipients %}", size=12)
            p = lcell.add_paragraph()
            self._fill(p, "- {{ to }}", size=12)
            p = lcell.add_paragraph()
            self._fill(p, "{%p endfor %}", size=12)
        elif left:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._fill(p, left, bold=True)
            for text in ("", "", "", ""):
                lcell.add_paragraph(text)
        p = rcell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._fill(p, "{{ sign.on_behalf }}", bold=True)
        p = rcell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._fill(p, "{{ sign.title }}", bold=True)
        for _ in range(3):
            rcell.add_paragraph()
        p = rcell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._fill(p, "{{ sign.name }}", bold=True)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _no_borders(self.doc)
        self.doc.core_properties.author = "kiemdiem"
        self.doc.core_properties.title = path.stem
        self.doc.save(str(path))


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _widths(table: Table, widths: list[float]) -> None:
    """Column widths in the grid (what LibreOffice reads) and in every cell (what Word reads)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _keep_together(table: Table) -> None:
    """A signature block never breaks across pages."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


def _no_borders(doc: object) -> None:
    """Tables without a style (the letterhead, the signature) print without lines."""
    for table in doc.tables:  # type: ignore[attr-defined]
        if table.style is not None and table.style.name == "Table Grid":
            continue
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:val"), "nil")
            borders.append(el)
        table._tbl.tblPr.append(borders)


# -- the documents ---------------------------------------------------------------------


def self_review() -> Builder:
    """Mẫu 02A / 02B / 02C (HD 43) — the member's self-review, filled."""
    b = Builder()
    b.para("{{ form }}", italic=True, align="right", size=12)
    b.letterhead(number=False)
    b.title("BẢN TỰ KIỂM ĐIỂM", "Năm {{ year }}", "{{ form_title }}")
    b.para("Họ và tên: {{ member.name }}        Ngày sinh: {{ member.born }}", align="left")
    b.para("Chức vụ Đảng: {{ member.party_posts }}", align="left")
    b.para("Chức vụ chính quyền, đoàn thể: {{ member.other_posts }}", align="left")
    b.para("Đơn vị công tác: {{ member.unit }}", align="left")
    b.para("Sinh hoạt tại: {{ member.cell }}", align="left")
    b.heading("I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC")
    b.paras("review.strengths")
    b.heading("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN")
    b.paras("review.shortcomings")
    b.heading(
        "III. KẾT QUẢ KHẮC PHỤC NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CẤP CÓ THẨM QUYỀN KẾT LUẬN"
    )
    b.tag("{%p for item in review.remedy_items %}")
    b.para("- {{ item.text }}: {{ item.status }}", indent=True)
    b.tag("{%p endfor %}")
    b.paras("review.remedy")
    b.heading("IV. GIẢI TRÌNH NHỮNG VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM (NẾU CÓ)")
    b.paras("review.suggestions")
    b.heading("V. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM")
    b.paras("review.direction")
    b.heading("VI. CAM KẾT TU DƯỠNG, RÈN LUYỆN, PHẤN ĐẤU")
    b.paras("review.commitment")
    b.heading("VII. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG")
    b.tag("{%p if review.points %}")
    b.para(
        "Điểm tự chấm: tiêu chí chung {{ review.general }}/30; kết quả thực hiện nhiệm vụ "
        "{{ review.results }}/70; tổng {{ review.points }}/100.",
        indent=True,
    )
    b.tag("{%p endif %}")
    b.para("Xếp loại chất lượng đảng viên: {{ review.proposed }}.", indent=True)
    b.doc.add_paragraph()
    _two_signers(b, "XÁC NHẬN CỦA {{ confirm_by }}", "NGƯỜI TỰ KIỂM ĐIỂM", "{{ member.name }}")
    b.para("Chi bộ đề xuất xếp loại: {{ proposed_by_cell }}", italic=True, align="left", size=12)
    return b


def _two_signers(
    b: Builder, left: str, right: str, right_name: str, left_name: str = "{{ sign.name }}"
) -> None:
    table = b.doc.add_table(rows=1, cols=2)
    _keep_together(table)
    for cell, title, name in zip(
        table.rows[0].cells, (left, right), (left_name, right_name), strict=True
    ):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        b._fill(p, title, bold=True, size=13)
        for _ in range(3):
            cell.add_paragraph()
        p = cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        b._fill(p, name, bold=True)


def collective_report() -> Builder:
    """Mẫu 01 (HD 43) — the collective's review report."""
    b = Builder()
    b.para("{{ form }}", italic=True, align="right", size=12)
    b.letterhead(number=True)
    b.title("BÁO CÁO", "Kiểm điểm tập thể {{ subject }} năm {{ year }}")
    b.draft_mark()
    b.heading("A. KẾT QUẢ KIỂM ĐIỂM")
    b.heading("I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC")
    b.paras("report.results")
    b.heading("II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN")
    b.paras("report.shortcomings")
    b.heading("III. KẾT QUẢ KHẮC PHỤC NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CHỈ RA")
    b.paras("report.remedy")
    b.heading("IV. GIẢI TRÌNH NHỮNG VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM (NẾU CÓ)")
    b.paras("report.suggestions")
    b.heading("V. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC")
    b.paras("report.direction")
    b.heading("B. TỰ ĐÁNH GIÁ, XẾP LOẠI")
    b.tag("{%p if report.points %}")
    b.para(
        "Tự chấm điểm: nhóm tiêu chí chung {{ report.general }}/30; nhóm kết quả thực hiện "
        "nhiệm vụ {{ report.results_points }}/70; tổng {{ report.points }}/100.",
        indent=True,
    )
    b.tag("{%p endif %}")
    b.para("Tự xếp loại: {{ report.proposed }}.", indent=True)
    b.signature()
    return b


def score_sheet() -> Builder:
    """Bản tổng hợp phiếu chấm điểm (000 §C.1.1 (3)–(4)): each subject's points."""
    b = Builder()
    b.letterhead(number=False)
    b.title("BẢN TỔNG HỢP PHIẾU CHẤM ĐIỂM", "Tự đánh giá, xếp loại chất lượng năm {{ year }}")
    b.para("Tổ chức: {{ subject }}. Bộ quy tắc: {{ ruleset }}.", italic=True, size=12)
    b.table(
        [
            "TT",
            "Đối tượng",
            "Tiêu chí chung (/30)",
            "Kết quả nhiệm vụ (/70)",
            "Tổng",
            "Tự xếp loại",
        ],
        [
            "{{ r.n }}",
            "{{ r.name }}",
            "{{ r.general }}",
            "{{ r.results }}",
            "{{ r.total }}",
            "{{ r.proposed }}",
        ],
        loop="rows",
        widths=[1.0, 5.5, 2.3, 2.5, 1.5, 3.7],
    )
    b.signature(recipients=False, left="NGƯỜI TỔNG HỢP")
    return b


def minutes() -> Builder:
    """Biên bản hội nghị kiểm điểm."""
    b = Builder()
    b.letterhead(number=False)
    b.title("BIÊN BẢN", "Hội nghị kiểm điểm, đánh giá, xếp loại chất lượng năm {{ year }}")
    b.para(
        "Thời gian: bắt đầu lúc {{ meeting.started_at }} ngày {{ meeting.held_on }}"
        "{% if meeting.ended_on %} đến ngày {{ meeting.ended_on }}{% endif %}. "
        "Địa điểm: {{ meeting.place }}.",
        indent=True,
    )
    b.para("Chủ trì: {{ meeting.chair }}. Thư ký: {{ meeting.minutes_taker }}.", indent=True)
    b.para(
        "Đảng viên: tổng số {{ meeting.total }}, có mặt {{ meeting.present }}, "
        "vắng {{ meeting.absent }}{% if meeting.absentees %} ({{ meeting.absentees }}){% endif %}.",
        indent=True,
    )
    b.para("Đại biểu dự: {{ meeting.guests }}.", indent=True)
    b.para("Ban kiểm phiếu: {{ meeting.counting_committee }}.", indent=True)
    b.heading("NỘI DUNG HỘI NGHỊ")
    b.tag("{%p for item in items %}")
    b.para("{{ item.n }}. Kiểm điểm {{ item.name }}", bold=True, align="left")
    b.para("Ý kiến góp ý: {{ item.comments }}", indent=True)
    b.tag("{%p if item.residence %}")
    b.para("Đã đọc nhận xét của cấp ủy nơi cư trú.", indent=True, italic=True)
    b.tag("{%p endif %}")
    b.para("Kết quả: {{ item.result }}", indent=True)
    b.tag("{%p endfor %}")
    b.heading("KẾT LUẬN CỦA CHỦ TRÌ")
    b.paras("meeting.conclusion")
    b.para(
        "Hội nghị kết thúc lúc {{ meeting.ended_at }} ngày "
        "{{ meeting.ended_on or meeting.held_on }}; biên bản đã thông qua hội nghị.",
        indent=True,
    )
    _two_signers(
        b,
        "THƯ KÝ HỘI NGHỊ",
        "CHỦ TRÌ HỘI NGHỊ",
        "{{ meeting.chair }}",
        "{{ meeting.minutes_taker }}",
    )
    return b


def tally_record() -> Builder:
    """Biên bản kiểm phiếu: counts only; a ballot is never a row anywhere."""
    b = Builder(landscape=True)
    b.letterhead(number=False)
    b.title(
        "BIÊN BẢN KIỂM PHIẾU",
        "Biểu quyết mức xếp loại chất lượng năm {{ year }}",
    )
    b.para(
        "Hội nghị {{ subject }} ngày {{ held_on }}. Ban kiểm phiếu: {{ counting_committee }}.",
        indent=True,
    )
    b.table(
        [
            "TT",
            "Đối tượng",
            "Có quyền biểu quyết",
            "Có mặt",
            "Phiếu phát ra",
            "Phiếu hợp lệ",
            "{{ labels[0] }}",
            "{{ labels[1] }}",
            "{{ labels[2] }}",
            "{{ labels[3] }}",
        ],
        [
            "{{ r.n }}",
            "{{ r.name }}",
            "{{ r.eligible }}",
            "{{ r.present }}",
            "{{ r.issued }}",
            "{{ r.valid }}",
            "{{ r.c0 }}",
            "{{ r.c1 }}",
            "{{ r.c2 }}",
            "{{ r.c3 }}",
        ],
        loop="rows",
        widths=[1.0, 6.2, 2.3, 1.7, 2.0, 2.0, 2.6, 2.6, 2.6, 2.2],
        size=11,
    )
    b.para(
        "Phiếu bầu không ghi tên người bỏ phiếu; biên bản chỉ ghi số phiếu theo từng mức.",
        italic=True,
        size=12,
    )
    _two_signers(
        b, "THƯ KÝ HỘI NGHỊ", "TRƯỞNG BAN KIỂM PHIẾU", "{{ counting_head }}", "{{ secretary }}"
    )
    return b


def decision() -> Builder:
    """Quyết định xếp loại chất lượng, with its list."""
    b = Builder()
    b.letterhead(number=True)
    b.title(
        "QUYẾT ĐỊNH",
        "Về việc xếp loại chất lượng tổ chức đảng, đảng viên",
        "và tập thể, cá nhân cán bộ lãnh đạo, quản lý năm {{ year }}",
    )
    b.draft_mark()
    b.para("{{ head.committee_upper }}", bold=True, align="center")
    b.paras("grounds", prefix="- ")
    b.para("QUYẾT ĐỊNH", bold=True, align="center")
    b.para(
        "Điều 1. Xếp loại chất lượng năm {{ year }} đối với {{ total }} tổ chức, tập thể và "
        "cá nhân (có danh sách kèm theo), cụ thể:",
        indent=True,
    )
    b.tag("{%p for s in summary %}")
    b.para("- {{ s.label }}: {{ s.text }}", indent=True)
    b.tag("{%p endfor %}")
    b.tag("{%p if missing %}")
    b.para(
        "Chưa xếp loại trong quyết định này (chi bộ chưa báo cáo kết quả kiểm điểm, sẽ "
        "xếp loại khi chi bộ báo cáo):",
        indent=True,
    )
    b.tag("{%p for m in missing %}")
    b.para("- {{ m }}", indent=True)
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.para(
        "Điều 2. Kết quả xếp loại được thông báo tới tổ chức, cá nhân được xếp loại và lưu "
        "hồ sơ; tổ chức, cá nhân có quyền khiếu nại theo quy định.",
        indent=True,
    )
    b.para(
        "Điều 3. Văn phòng, các chi bộ trực thuộc và các đồng chí có tên trong danh sách "
        "chịu trách nhiệm thi hành quyết định này.",
        indent=True,
    )
    b.signature()
    b.doc.add_page_break()  # type: ignore[no-untyped-call]
    b.para("DANH SÁCH", bold=True, align="center", size=15)
    b.para(
        "Xếp loại chất lượng năm {{ year }} (kèm theo Quyết định số {{ number }} ngày "
        "{{ issued_on }} của {{ head.committee }})",
        italic=True,
        align="center",
    )
    b.table(
        ["TT", "Tổ chức, tập thể, cá nhân", "Thuộc", "Mức xếp loại", "Ghi chú"],
        ["{{ r.n }}", "{{ r.name }}", "{{ r.place }}", "{{ r.rating }}", "{{ r.note }}"],
        loop="rows",
        widths=[1.0, 6.0, 4.0, 3.5, 2.0],
    )
    return b


def rerating() -> Builder:
    """Mẫu 03 (HD 43) — the re-rating decision."""
    b = Builder()
    b.para("{{ form }}", italic=True, align="right", size=12)
    b.letterhead(number=True)
    b.title(
        "QUYẾT ĐỊNH",
        "Về việc hủy bỏ kết quả và xếp loại lại chất lượng năm {{ year }}",
    )
    b.draft_mark()
    b.para("{{ head.committee_upper }}", bold=True, align="center")
    b.paras("grounds", prefix="- ")
    b.para("QUYẾT ĐỊNH", bold=True, align="center")
    b.para(
        "Điều 1. Hủy bỏ kết quả xếp loại chất lượng năm {{ year }} đối với {{ subject }} "
        "(mức “{{ previous }}” theo Quyết định số {{ decision_number }} ngày "
        "{{ decision_on }}). Lý do: {{ reason }}",
        indent=True,
    )
    b.para(
        "Điều 2. Xếp loại lại chất lượng năm {{ year }} đối với {{ subject }}: “{{ rating }}”.",
        indent=True,
    )
    b.para(
        "Điều 3. Văn phòng, chi bộ nơi sinh hoạt và {{ subject }} chịu trách nhiệm thi hành "
        "quyết định này.",
        indent=True,
    )
    b.signature()
    return b


def dossier_list() -> Builder:
    """Mẫu 04 (HD 43) — the list of dossiers sent up."""
    b = Builder()
    b.para("{{ form }}", italic=True, align="right", size=12)
    b.letterhead(number=False)
    b.title("DANH MỤC HỒ SƠ", "Kiểm điểm, đánh giá, xếp loại chất lượng năm {{ year }}")
    b.para("Gửi: {{ send_to }}. Hạn nộp: {{ due }}.", italic=True, align="center", size=12)
    b.table(
        ["TT", "Đối tượng", "Tài liệu", "Tình trạng", "Ghi chú"],
        ["{{ r.n }}", "{{ r.subject }}", "{{ r.item }}", "{{ r.state }}", "{{ r.note }}"],
        loop="rows",
        widths=[1.0, 4.5, 6.5, 2.5, 2.0],
        size=11,
    )
    b.para(
        "Đủ {{ complete }}/{{ required }} tài liệu bắt buộc.",
        italic=True,
        size=12,
    )
    b.signature()
    return b


def notification() -> Builder:
    """Thông báo kết quả xếp loại chất lượng — one letter per subject."""
    b = Builder()
    b.letterhead(number=True)
    b.title("THÔNG BÁO", "Kết quả đánh giá, xếp loại chất lượng năm {{ year }}")
    b.para("Kính gửi: {{ to }}", bold=True, align="center")
    b.para(
        "Căn cứ Quyết định số {{ decision_number }} ngày {{ decision_on }} của "
        "{{ head.committee }} về việc xếp loại chất lượng năm {{ year }},",
        indent=True,
    )
    b.para(
        "{{ head.committee }} thông báo: {{ subject }} được xếp loại “{{ rating }}”.", indent=True
    )
    b.tag("{%p if rerated %}")
    b.para("{{ rerated }}", indent=True)
    b.tag("{%p endif %}")
    b.para(
        "Trường hợp không đồng ý với kết quả, đồng chí có quyền khiếu nại bằng văn bản đến "
        "{{ head.committee }} trong thời hạn đến hết ngày {{ complaint_until }}.",
        indent=True,
    )
    b.signature()
    return b


def complaint_answer() -> Builder:
    """Văn bản trả lời khiếu nại về kết quả xếp loại."""
    b = Builder()
    b.letterhead(number=True)
    b.title("VĂN BẢN TRẢ LỜI", "Khiếu nại về kết quả xếp loại chất lượng năm {{ year }}")
    b.para("Kính gửi: {{ complainant }}", bold=True, align="center")
    b.para(
        "Ngày {{ filed_on }}, {{ head.committee }} nhận được đơn khiếu nại của {{ complainant }} "
        "về kết quả xếp loại chất lượng của {{ subject }}, với nội dung:",
        indent=True,
    )
    b.paras("content")
    b.para("Sau khi xem xét, kết luận ({{ concluded_on }}): {{ outcome }}.", indent=True)
    b.paras("conclusion")
    b.para("Trả lời:", bold=True, align="left")
    b.paras("answer")
    b.signature()
    return b


def report() -> Builder:
    """Any report (statistics), its table built by the renderer and put in as a subdocument."""
    b = Builder()
    b.letterhead(number=True)
    b.title("{{ title }}", "{{ subtitle }}")
    b.para("{{ table }}", align="center")  # the renderer puts the table here
    b.doc.add_paragraph()
    b.signature()
    return b


DOCUMENTS: dict[str, Callable[[], Builder]] = {
    "self_review": self_review,
    "collective_report": collective_report,
    "score_sheet": score_sheet,
    "minutes": minutes,
    "tally_record": tally_record,
    "decision": decision,
    "rerating": rerating,
    "dossier_list": dossier_list,
    "notification": notification,
    "complaint_answer": complaint_answer,
    "report": report,
}


def main(argv: list[str]) -> int:
    """`build [CODE …]`: those templates (all without codes) into files/common/ — an office's
    own edits to a file there are overwritten, so name only what the change is about."""
    out = FILES / "common"
    for code in argv or list(DOCUMENTS):
        DOCUMENTS[code]().save(out / f"{code}.docx")
        print(out / f"{code}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
