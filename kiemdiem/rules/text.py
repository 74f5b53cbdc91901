"""The readable Vietnamese table that `kiemdiem evaluate --format text` prints."""

from __future__ import annotations

from typing import Any

from .messages import SUBJECT_LABEL, d
from .result import Result

SHORT = {
    "EXCELLENT": "HTXSNV",
    "GOOD": "HTTNV",
    "COMPLETED": "HTNV",
    "NOT_COMPLETED": "KHTNV",
    "CLEAN_STRONG": "TSVM",
    "WEAK": "Yếu kém",
    None: "—",
}
STATUS = {"rated": "Xếp loại", "not_rated": "Không xếp loại", "pending": "Chưa xếp loại"}
CHECK = {
    "quota_exceeded": "Vượt tỷ lệ",
    "above_ceiling": "Cao hơn mức cho phép",
    "head_above_collective": "Người đứng đầu cao hơn tập thể",
    "collective_above_organization": "Tập thể cao hơn tổ chức, đơn vị",
    "vote_threshold_not_met": "Chưa đủ phiếu",
    "missing_input": "Thiếu dữ liệu",
    "formalism": "Hình thức",
}


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def render(result: Result, *, scenario: Any = None) -> str:
    data = result.to_json()
    out: list[str] = []
    rs = data["ruleset"]
    out.append(f"Bộ quy tắc: {rs['id']} (phiên bản {rs['version']})")
    out.append(f"  {rs['title']}")
    if scenario is not None:
        out.append(f"Năm {scenario.year}, tính đến ngày {d(scenario.as_of)}")
    out.append("")
    out.append("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI")
    header = ["Đối tượng", "Mã", "Trạng thái", "Mức cao nhất", "Kết quả"]
    rows = [
        [
            SUBJECT_LABEL[s["type"]],
            s["id"],
            STATUS[s["status"]],
            SHORT[s["ceiling"]],
            SHORT[s["rating"]],
        ]
        for s in data["subjects"]
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out.append(_row(header, widths))
    out.append(_row(["-" * w for w in widths], widths))
    for subject, row in zip(data["subjects"], rows, strict=True):
        out.append(_row(row, widths))
        for reason in subject["reasons"]:
            out.append(f"      · {reason['message']}")
    out.append("")
    out.append(f"KIỂM TRA ({len(data['checks'])})")
    if not data["checks"]:
        out.append("  Không có vi phạm nào.")
    for check in data["checks"]:
        who = check.get("subject") or check.get("scope") or ""
        out.append(f"  [{CHECK.get(check['code'], check['code'])}] {who}: {check['message']}")
    out.append("")
    out.append("TỶ LỆ HTXSNV")
    for quota in data["quotas"]:
        mark = "VƯỢT" if quota["actual"] > quota["allowed"] else "đạt"
        out.append(
            f"  {quota['scope']} · {SUBJECT_LABEL[quota['subject_type']]}: "
            f"{quota['actual']}/{quota['allowed']} được phép ({quota['clause']}) — {mark}"
        )
    out.append("")
    out.append("TỔNG HỢP THEO TỔ CHỨC (cả cấp dưới)")
    for org_id, summary in data["summary"].items():
        parts = []
        for subject_type, counts in summary.items():
            total = sum(counts.values())
            if not total:
                continue
            cells = ", ".join(
                f"{SHORT.get(code, code) if code in SHORT else STATUS.get(code, code)} {n}"
                for code, n in counts.items()
            )
            parts.append(f"{SUBJECT_LABEL[subject_type]}: {cells}")
        out.append(f"  {org_id}: " + " | ".join(parts))
    out.append("")
    out.append(
        "Chú thích: HTXSNV Hoàn thành xuất sắc nhiệm vụ; HTTNV Hoàn thành tốt nhiệm vụ; "
        "HTNV Hoàn thành nhiệm vụ; KHTNV Không hoàn thành nhiệm vụ; TSVM Trong sạch vững mạnh."
    )
    return "\n".join(out) + "\n"


def render_rulesets(described: list[dict[str, Any]]) -> str:
    out = []
    for rs in described:
        out.append(f"{rs['id']}@{rs['version']} — {rs['title']}")
        out.append(f"  Ban hành: {rs['issuer']}, ngày {rs['issued_on']}; mô hình: {rs['model']}")
        out.append(
            f"  Mở rộng: {rs['extends'] or '(bộ quy tắc gốc)'}; độ tin cậy nguồn: {rs['certainty']}"
        )
        out.append(f"  Nguồn: {'; '.join(rs['sources'])}")
        out.append(
            f"  Điều khoản ({len(rs['clause_ids'])}): {'; '.join(sorted(set(rs['clauses'])))}"
        )
        out.append("")
    return "\n".join(out)
