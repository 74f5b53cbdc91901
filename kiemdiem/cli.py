"""`kiemdiem evaluate FILE` and `kiemdiem rulesets` (docs/contract/SCENARIO.md).

Exit 0: evaluated (breaches are results). Exit 2: not a valid scenario; the
errors go to standard error with their field paths, standard output stays empty.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .rules import available, evaluate, load
from .rules.scenario import ScenarioError, read_file
from .rules.text import render, render_rulesets


def _format(value: str | None) -> str:
    if value:
        return value
    return "text" if sys.stdout.isatty() else "json"


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def cmd_evaluate(args: argparse.Namespace) -> int:
    try:
        scenario = read_file(args.file)
    except ScenarioError as exc:
        sys.stderr.write("kiemdiem: tệp kịch bản không hợp lệ\n" + exc.render() + "\n")
        return 2
    result = evaluate(scenario)
    if _format(args.format) == "json":
        sys.stdout.write(_dump(result.to_json()))
    else:
        sys.stdout.write(render(result, scenario=scenario))
    return 0


def cmd_rulesets(args: argparse.Namespace) -> int:
    described = [load(ruleset_id).describe() for ruleset_id in available()]
    if args.clauses:
        for item in described:
            item["clause_details"] = [c.to_json() for c in load(item["id"]).clauses]
    if _format(args.format) == "json":
        sys.stdout.write(_dump(described))
    else:
        sys.stdout.write(render_rulesets(described))
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    """A scenario from one form to another by the files' extensions: YAML/JSON ↔ Excel."""
    from pathlib import Path

    from .rules.scenario import parse_text
    from .rules.workbook import WorkbookError, from_xlsx, to_xlsx

    src, out = Path(args.file), Path(args.out)
    try:
        read_file(args.file)  # the same checks as evaluate: a bad scenario is not converted
        if src.suffix.lower() == ".xlsx":
            data = from_xlsx(src)
        else:
            kind = "json" if src.suffix.lower() == ".json" else "yaml"
            data = parse_text(src.read_text(encoding="utf-8"), kind=kind, source=args.file)
    except (ScenarioError, WorkbookError) as exc:
        sys.stderr.write("kiemdiem: tệp kịch bản không hợp lệ\n" + str(exc) + "\n")
        return 2
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(to_xlsx(data))
    elif out.suffix.lower() == ".json":
        out.write_text(_dump(data), encoding="utf-8")
    else:
        sys.stderr.write(f"kiemdiem: chỉ ghi được .xlsx hoặc .json, không ghi “{out.suffix}”\n")
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kiemdiem",
        description="Kiểm điểm, đánh giá, xếp loại chất lượng theo bộ quy tắc.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser(
        "evaluate", help="đánh giá một kịch bản (YAML/JSON/Excel; '-' đọc JSON từ stdin)"
    )
    ev.add_argument("file")
    ev.add_argument("--format", choices=("json", "text"))
    ev.set_defaults(run=cmd_evaluate)
    cv = sub.add_parser("convert", help="chuyển kịch bản giữa YAML/JSON và Excel (.xlsx)")
    cv.add_argument("file")
    cv.add_argument("out")
    cv.set_defaults(run=cmd_convert)
    rs = sub.add_parser("rulesets", help="liệt kê các bộ quy tắc")
    rs.add_argument("--format", choices=("json", "text"))
    rs.add_argument("--clauses", action="store_true", help="kèm toàn bộ điều khoản và tham số")
    rs.set_defaults(run=cmd_rulesets)
    args = parser.parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
