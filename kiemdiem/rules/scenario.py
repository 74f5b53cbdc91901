"""Reading a scenario file: YAML or JSON in, a typed `Scenario` out, or every error
with its field path (`members[3].disciplines[0].form`) and a Vietnamese message."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from kiemdiem.safefiles.spreadsheet import Limits

from .facts import Collective, Discipline, Facts, Leader, Levels, Member, Organization, Scenario
from .ratings import LEVEL_RANK
from .ruleset import RuleSet, RuleSetError, load

MAX_ERRORS = 50


class ScenarioError(Exception):
    """The file is not a valid scenario. `errors` holds (field path, message) pairs."""

    def __init__(self, source: str, errors: list[tuple[str, str]]) -> None:
        self.source = source
        self.errors = errors[:MAX_ERRORS]
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.source}: {path or '(gốc)'}: {message}" for path, message in self.errors]
        return "\n".join(lines)


# -- YAML as data, not as YAML 1.1 guesses ---------------------------------------
class _Loader(yaml.SafeLoader):
    """Dates stay text (checked by us, so "2020-13-45" is an error with a path, not a crash);
    only true/false are booleans (YAML 1.1 reads the key `on:` as True); duplicate keys
    are errors."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp",)]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _key in list(_Loader.yaml_implicit_resolvers):
    _Loader.yaml_implicit_resolvers[_key] = [
        (tag, rx)
        for tag, rx in _Loader.yaml_implicit_resolvers[_key]
        if tag != "tag:yaml.org,2002:bool"
    ]
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"khóa “{key}” bị lặp lại", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_text(text: str, *, kind: str, source: str) -> Any:
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(
                source, [("", f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}")]
            ) from exc
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(source, [("", f"YAML không hợp lệ{where}: {problem}")]) from exc


def read_file(path: str) -> Scenario:
    """Read FILE (YAML or JSON by extension; '-' is JSON on standard input)."""
    import sys

    if path == "-":
        return parse(parse_text(sys.stdin.read(), kind="json", source="<stdin>"), source="<stdin>")
    p = Path(path)
    if not p.is_file():
        raise ScenarioError(path, [("", "không tìm thấy tệp")])
    kind = "json" if p.suffix.lower() == ".json" else "yaml"
    if p.suffix.lower() == ".xlsx":
        return read_workbook(p.read_bytes(), source=path)
    if p.suffix.lower() not in (".json", ".yaml", ".yml"):
        raise ScenarioError(
            path, [("", f"cần tệp .yaml, .yml, .json hoặc .xlsx, nhận được “{p.suffix}”")]
        )
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(path, [("", "tệp không phải văn bản UTF-8")]) from exc
    return parse(parse_text(text, kind=kind, source=path), source=path)


def read_workbook(body: bytes, *, source: str, limits: Limits | None = None) -> Scenario:
    """A scenario kept as an Excel workbook (`workbook.to_xlsx`); errors name the sheet,
    the row and the column. A workbook past `limits` is refused before it is read."""
    from zipfile import BadZipFile

    from python_calamine import CalamineError

    from .workbook import WorkbookError, from_xlsx, locate

    try:
        data = from_xlsx(body, limits)
    except WorkbookError as exc:
        raise ScenarioError(
            source,
            [(f"{s}, dòng {r}, cột {c}" if r else s, m) for s, r, c, m in exc.problems],
        ) from exc
    except (BadZipFile, CalamineError, ValueError, OSError) as exc:
        raise ScenarioError(source, [("", f"không đọc được tệp Excel ({exc})")]) from exc
    try:
        return parse(data, source=source)
    except ScenarioError as exc:
        raise ScenarioError(source, [(locate(p), m) for p, m in exc.errors]) from exc


# -- schema ----------------------------------------------------------------------
@cache
def _validator() -> Draft202012Validator:
    text = (
        resources.files("kiemdiem.rules")
        .joinpath("schema/scenario.schema.json")
        .read_text(encoding="utf-8")
    )
    return Draft202012Validator(json.loads(text))


def _path(parts: Iterable[Any]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_TYPE_VI = {
    "object": "một bảng (mapping)",
    "array": "một danh sách",
    "string": "một chuỗi",
    "integer": "một số nguyên",
    "number": "một số",
    "boolean": "true hoặc false",
    "null": "null",
}


def _found(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "một bảng" if isinstance(value, dict) else "một danh sách"
    return json.dumps(value, ensure_ascii=False)


def _explain(error: ValidationError) -> tuple[str, str]:
    path = list(error.absolute_path)
    v = error.validator
    # jsonschema types these as "maybe unset"; on a raised error they are always set.
    instance: Any = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    value: Any = error.validator_value
    if v == "required":
        missing = [k for k in value if k not in instance]
        return _path([*path, missing[0]]), "thiếu trường bắt buộc"
    if v == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        if extra:
            return _path([*path, extra[0]]), "trường không có trong định dạng kịch bản"
        return _path(path), "có trường không hợp lệ"
    if v == "propertyNames":
        return _path(path), f"mã mức xếp loại không hợp lệ: {error.message.split(' ')[0]}"
    if v == "type":
        expected = value
        names = expected if isinstance(expected, list) else [expected]
        want = " hoặc ".join(str(_TYPE_VI.get(n, n)) for n in names)
        return _path(path), f"cần {want}, nhận được {_found(instance)}"
    if v == "enum":
        options = ", ".join(str(x) for x in value)
        return _path(
            path
        ), f"mã không hợp lệ: cần một trong {options}; nhận được {_found(instance)}"
    if v == "const":
        return _path(path), f"cần {value}, nhận được {_found(instance)}"
    if v == "pattern":
        if "\\d{4}" in str(value):
            return _path(path), f"cần ngày dạng YYYY-MM-DD, nhận được {_found(instance)}"
        return _path(path), f"giá trị không đúng dạng, nhận được {_found(instance)}"
    if v in ("minimum", "maximum"):
        lo = schema.get("minimum")
        hi = schema.get("maximum")
        span = f"từ {lo} đến {hi}" if lo is not None and hi is not None else f"tối thiểu {lo}"
        return _path(path), f"cần giá trị {span}, nhận được {_found(instance)}"
    if v == "minLength":
        return _path(path), "không được để trống"
    if v == "uniqueItems":
        return _path(path), "có giá trị lặp lại"
    if v == "anyOf":
        best = min(
            (e for e in error.context or ()), key=lambda e: len(list(e.absolute_path)), default=None
        )
        if best is not None and best.validator != "type":
            return _explain(best)
        return _path(path), f"giá trị không hợp lệ: {_found(instance)}"
    return _path(path), f"giá trị không hợp lệ ({v})"


# -- building the typed scenario ----------------------------------------------------
class _Errors:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))


_DATES: dict[str, date] = {}


def _date(value: Any, path: str, errors: _Errors) -> date | None:
    if value is None:
        return None
    text = str(value)
    found = _DATES.get(text)
    if found is not None:  # a few thousand distinct days serve millions of records
        return found
    try:
        found = date.fromisoformat(text)
    except ValueError:
        errors.add(path, f"ngày không tồn tại: “{value}”")
        return None
    if len(_DATES) < 100_000:
        _DATES[text] = found
    return found


def _levels(
    raw: Mapping[str, Any], path: str, subject: str, ruleset: RuleSet, errors: _Errors
) -> Levels | None:
    levels = raw.get("levels")
    criteria = raw.get("criteria")
    if levels is not None and criteria is not None:
        errors.add(f"{path}.criteria", "chỉ ghi một trong hai: levels hoặc criteria")
        return None
    if levels is not None:
        return Levels(levels["key"], levels["other"])
    if criteria is None:
        return None
    frameworks = [c for c in ruleset.for_subject(subject) if c.mechanism == "criteria"]
    if not frameworks:
        errors.add(f"{path}.criteria", f"bộ quy tắc {ruleset.id} không đánh giá theo tiêu chí")
        return None
    key_ids = set(frameworks[0].params["key_criteria"])
    other_ids = set(frameworks[0].params["other_criteria"])
    key: list[str] = []
    other: list[str] = []
    for name, level in criteria.items():
        if name in key_ids:
            key.append(level)
        elif name in other_ids:
            other.append(level)
        else:
            known = ", ".join(sorted(key_ids | other_ids))
            errors.add(
                f"{path}.criteria.{name}",
                f"tiêu chí không có trong bộ quy tắc: cần một trong {known}",
            )
    if not key or not other:
        which = "tiêu chí chủ yếu (kết quả thực hiện nhiệm vụ)" if not key else "tiêu chí còn lại"
        errors.add(f"{path}.criteria", f"thiếu {which}")
        return None
    return Levels(_lowest(key), _lowest(other))


def _lowest(levels: list[str]) -> str:
    return min(levels, key=lambda x: LEVEL_RANK[x])


def _facts(raw: Mapping[str, Any] | None, path: str, errors: _Errors) -> Facts:
    if not raw:
        return Facts()
    values = dict(raw)
    if "disciplines" in values:
        items = []
        for i, item in enumerate(values["disciplines"]):
            on = _date(item["on"], f"{path}.disciplines[{i}].on", errors)
            if on is not None:
                items.append(
                    Discipline(
                        on=on,
                        form=item["form"],
                        authority=item.get("authority", "party"),
                        violation=item.get("violation"),
                        self_detected=item.get("self_detected", False),
                        duty_related=item.get("duty_related", True),
                        previous_unit=item.get("previous_unit", False),
                    )
                )
        values["disciplines"] = tuple(items)
    if "transferred_on" in values:
        values["transferred_on"] = _date(values["transferred_on"], f"{path}.transferred_on", errors)
    for name in ("posts", "mass_organizations"):
        if name in values:
            values[name] = tuple(values[name])
    return Facts(**{k: v for k, v in values.items() if v is not None})


def _check_rating(
    value: str | None, path: str, subject: str, ruleset: RuleSet, errors: _Errors
) -> None:
    if value is not None and value not in ruleset.scale(subject):
        options = ", ".join(ruleset.scale(subject))
        errors.add(
            path,
            f"mã mức xếp loại không dùng trong bộ quy tắc {ruleset.id}: cần một trong "
            f"{options}; nhận được “{value}”",
        )


def _organizations(data: dict[str, Any], ruleset: RuleSet, errors: _Errors) -> list[Organization]:
    organizations: list[Organization] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["organizations"]):
        p = f"organizations[{i}]"
        if raw["id"] in seen:
            errors.add(f"{p}.id", f"mã “{raw['id']}” trùng với organizations[{seen[raw['id']]}]")
        seen.setdefault(raw["id"], i)
        _check_rating(raw.get("proposed"), f"{p}.proposed", "organization", ruleset, errors)
        _check_rating(raw.get("decided"), f"{p}.decided", "organization", ruleset, errors)
        organizations.append(
            Organization(
                id=raw["id"],
                name=raw["name"],
                kind=raw["kind"],
                parent=raw.get("parent"),
                founded_on=_date(raw.get("founded_on"), f"{p}.founded_on", errors),
                levels=_levels(raw, p, "organization", ruleset, errors),
                score=raw.get("score"),
                facts=_facts(raw.get("facts"), f"{p}.facts", errors),
                proposed=raw.get("proposed"),
                decided=raw.get("decided"),
            )
        )
    return organizations


def _check_tree(organizations: list[Organization], errors: _Errors) -> dict[str, int]:
    """Parents exist, no cycle, one root at least; the index of each organization."""
    org_ids = {o.id: i for i, o in enumerate(organizations)}
    for i, org in enumerate(organizations):
        if org.parent is not None and org.parent not in org_ids:
            errors.add(f"organizations[{i}].parent", f"không có tổ chức mã “{org.parent}”")
    # A cycle: following parents from any node comes back to it.
    for i, org in enumerate(organizations):
        walk, node = {org.id}, org.parent
        while node is not None and node in org_ids:
            if node in walk:
                errors.add(f"organizations[{i}].parent", f"vòng lặp trong cây tổ chức qua “{node}”")
                break
            walk.add(node)
            node = organizations[org_ids[node]].parent
    if organizations and all(o.parent is not None for o in organizations) and not errors.items:
        errors.add("organizations", "cây tổ chức không có gốc (parent: null)")
    return org_ids


def _members(
    data: dict[str, Any], ruleset: RuleSet, errors: _Errors, org_ids: dict[str, int]
) -> tuple[list[Member], dict[str, int]]:
    members: list[Member] = []
    member_ids: dict[str, int] = {}
    for i, raw in enumerate(data.get("members", [])):
        p = f"members[{i}]"
        if raw["id"] in member_ids:
            errors.add(f"{p}.id", f"mã “{raw['id']}” trùng với members[{member_ids[raw['id']]}]")
        member_ids.setdefault(raw["id"], i)
        if raw["organization"] not in org_ids:
            errors.add(f"{p}.organization", f"không có tổ chức mã “{raw['organization']}”")
        _check_rating(raw.get("proposed"), f"{p}.proposed", "member", ruleset, errors)
        _check_rating(raw.get("decided"), f"{p}.decided", "member", ruleset, errors)
        facts = _facts(raw.get("facts"), f"{p}.facts", errors)
        votes = raw.get("votes")
        if votes:
            ballots = sum(votes.values())
            present, eligible = facts.voters_present, facts.eligible_voters
            if present is not None and ballots > present:
                errors.add(
                    f"{p}.votes", f"tổng số phiếu {ballots} lớn hơn số người có mặt {present}"
                )
            if eligible is not None and (present or ballots) > eligible:
                errors.add(
                    f"{p}.facts.voters_present",
                    "số người bỏ phiếu lớn hơn số đảng viên chính thức có quyền biểu quyết "
                    f"{eligible}",
                )
        admitted = _date(raw.get("admitted_on"), f"{p}.admitted_on", errors)
        full = _date(raw.get("full_member_on"), f"{p}.full_member_on", errors)
        if admitted and full and full < admitted:
            errors.add(f"{p}.full_member_on", "ngày chính thức trước ngày kết nạp")
        members.append(
            Member(
                id=raw["id"],
                name=raw["name"],
                organization=raw["organization"],
                admitted_on=admitted,
                full_member_on=full,
                levels=_levels(raw, p, "member", ruleset, errors),
                score=raw.get("score"),
                facts=facts,
                votes=dict(votes) if votes else None,
                proposed=raw.get("proposed"),
                decided=raw.get("decided"),
            )
        )
    return members, member_ids


def _collectives(
    data: dict[str, Any],
    ruleset: RuleSet,
    errors: _Errors,
    org_ids: dict[str, int],
    member_ids: dict[str, int],
) -> tuple[list[Collective], dict[str, int]]:
    collectives: list[Collective] = []
    coll_ids: dict[str, int] = {}
    for i, raw in enumerate(data.get("collectives", [])):
        p = f"collectives[{i}]"
        if raw["id"] in coll_ids:
            errors.add(f"{p}.id", f"mã “{raw['id']}” trùng với collectives[{coll_ids[raw['id']]}]")
        coll_ids.setdefault(raw["id"], i)
        if raw["organization"] not in org_ids:
            errors.add(f"{p}.organization", f"không có tổ chức mã “{raw['organization']}”")
        for j, member_id in enumerate(raw.get("members", [])):
            if member_id not in member_ids:
                errors.add(f"{p}.members[{j}]", f"không có đảng viên mã “{member_id}”")
        if len(set(raw.get("members", []))) != len(raw.get("members", [])):
            errors.add(f"{p}.members", "có thành viên ghi lặp lại")
        head = raw.get("head")
        if head is not None and head not in raw.get("members", []):
            errors.add(f"{p}.head", f"người đứng đầu “{head}” không có trong danh sách thành viên")
        _check_rating(raw.get("proposed"), f"{p}.proposed", "collective", ruleset, errors)
        _check_rating(raw.get("decided"), f"{p}.decided", "collective", ruleset, errors)
        collectives.append(
            Collective(
                id=raw["id"],
                name=raw["name"],
                kind=raw["kind"],
                organization=raw["organization"],
                founded_on=_date(raw.get("founded_on"), f"{p}.founded_on", errors),
                members=tuple(raw.get("members", [])),
                head=head,
                levels=_levels(raw, p, "collective", ruleset, errors),
                score=raw.get("score"),
                facts=_facts(raw.get("facts"), f"{p}.facts", errors),
                proposed=raw.get("proposed"),
                decided=raw.get("decided"),
            )
        )
    return collectives, coll_ids


def _leaders(
    data: dict[str, Any],
    ruleset: RuleSet,
    errors: _Errors,
    member_ids: dict[str, int],
    collectives: list[Collective],
    coll_ids: dict[str, int],
) -> list[Leader]:
    leaders: list[Leader] = []
    leader_ids: dict[str, int] = {}
    for i, raw in enumerate(data.get("leaders", [])):
        p = f"leaders[{i}]"
        key = f"{raw['member']}@{raw['collective']}"
        if key in leader_ids:
            errors.add(p, f"“{key}” trùng với leaders[{leader_ids[key]}]")
        leader_ids.setdefault(key, i)
        if raw["member"] not in member_ids:
            errors.add(f"{p}.member", f"không có đảng viên mã “{raw['member']}”")
        if raw["collective"] not in coll_ids:
            errors.add(f"{p}.collective", f"không có tập thể mã “{raw['collective']}”")
        else:
            coll = collectives[coll_ids[raw["collective"]]]
            if raw["member"] in member_ids and raw["member"] not in coll.members:
                errors.add(
                    f"{p}.member",
                    f"“{raw['member']}” không phải thành viên của tập thể “{coll.id}”",
                )
        _check_rating(raw.get("proposed"), f"{p}.proposed", "leader", ruleset, errors)
        _check_rating(raw.get("decided"), f"{p}.decided", "leader", ruleset, errors)
        leaders.append(
            Leader(
                member=raw["member"],
                collective=raw["collective"],
                in_post_since=_date(raw.get("in_post_since"), f"{p}.in_post_since", errors),
                main_job=raw.get("main_job", True),
                levels=_levels(raw, p, "leader", ruleset, errors),
                score=raw.get("score"),
                facts=_facts(raw.get("facts"), f"{p}.facts", errors),
                proposed=raw.get("proposed"),
                decided=raw.get("decided"),
            )
        )
    return leaders


def parse(data: Any, *, source: str = "<scenario>", schema: bool = True) -> Scenario:
    """Validate a decoded scenario and build the typed facts; raise ScenarioError.
    `schema=False` skips the JSON Schema pass, for scenarios a program built from typed
    records (the web application's); the checks of the tree, references and dates stay."""
    schema_errors = (
        sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        if schema
        else []
    )
    if schema_errors:
        raise ScenarioError(source, [_explain(e) for e in schema_errors])
    errors = _Errors()
    try:
        ruleset = load(data["ruleset"])
    except RuleSetError as exc:
        raise ScenarioError(source, [("ruleset", f"bộ quy tắc không tồn tại: {exc}")]) from exc
    as_of = _date(data["as_of"], "as_of", errors)

    organizations = _organizations(data, ruleset, errors)
    org_ids = _check_tree(organizations, errors)
    members, member_ids = _members(data, ruleset, errors, org_ids)
    collectives, coll_ids = _collectives(data, ruleset, errors, org_ids, member_ids)
    leaders = _leaders(data, ruleset, errors, member_ids, collectives, coll_ids)
    if errors.items or as_of is None:
        raise ScenarioError(source, errors.items)
    return Scenario(
        ruleset=data["ruleset"],
        year=data["year"],
        as_of=as_of,
        organizations=organizations,
        members=members,
        collectives=collectives,
        leaders=leaders,
        version=data["version"],
    )
