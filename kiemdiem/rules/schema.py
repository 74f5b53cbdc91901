"""The JSON Schema of the scenario file (SCENARIO.md), built from one table of facts.

`python -m kiemdiem.rules.schema` writes `schema/scenario.schema.json`; a test
keeps the committed file equal to what this module builds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .facts import AUTHORITIES, COLLECTIVE_KINDS, DISCIPLINE_FORMS, ORGANIZATION_KINDS, POSTS
from .ratings import RANK, Level

RATINGS = sorted(RANK, key=lambda c: (-RANK[c], c))
STANDARD = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]
PATH = Path(__file__).with_name("schema") / "scenario.schema.json"

DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
PCT: dict[str, Any] = {"type": ["number", "null"], "minimum": 0, "maximum": 100}
COUNT: dict[str, Any] = {"type": "integer", "minimum": 0}
FLAG: dict[str, Any] = {"type": "boolean"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


RATING: dict[str, Any] = {"enum": RATINGS}
LEVEL: dict[str, Any] = {"enum": [level.value for level in Level]}

DISCIPLINE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["on", "form"],
    "properties": {
        "on": DATE,
        "form": {"enum": list(DISCIPLINE_FORMS)},
        "authority": {"enum": list(AUTHORITIES)},
        "violation": {"type": ["string", "null"]},
        "self_detected": FLAG,
        "duty_related": FLAG,
        "previous_unit": FLAG,
    },
}

M, ORG, C, L = "member", "organization", "collective", "leader"
# fact -> (schema, subject types it may appear on). Extensions are marked in the docs.
FACTS: dict[str, tuple[dict[str, Any], set[str]]] = {
    "targets_completed_pct": (PCT, {M, ORG, C, L}),
    "tasks_on_time_pct": (PCT, {M, ORG, C, L}),
    "tasks_exceeded_pct": (PCT, {M, ORG, C, L}),
    "tasks_late_pct": (PCT, {M, ORG, C, L}),
    "shortcomings_fixed_pct": (PCT, {M, ORG, C, L}),
    "force_majeure": (FLAG, {M, ORG, C, L}),
    "reviewed": (FLAG, {M, ORG, C, L}),
    "disciplines": ({"type": "array", "items": DISCIPLINE}, {M, ORG, C}),
    "degradation": (FLAG, {M, C, L}),
    "prohibited_acts": (FLAG, {M}),
    "civil_service_rating": (_nullable({"enum": STANDARD}), {M, L}),
    "sick_leave_days": ({"type": "integer", "minimum": 0, "maximum": 366}, {M}),
    "maternity_leave": (FLAG, {M}),
    "transferred_on": (_nullable(DATE), {M}),
    "previous_cell_comment": (FLAG, {M}),
    "temporary_activity": (FLAG, {M}),
    "temporary_cell_comment": (FLAG, {M}),
    "absences": (COUNT, {M}),
    "suspended": (FLAG, {M}),
    "exempted": (FLAG, {M}),
    "posts": ({"type": "array", "items": {"enum": list(POSTS)}, "uniqueItems": True}, {M}),
    "eligible_voters": (COUNT, {M}),
    "voters_present": (COUNT, {M}),
    "emulation_nominee": (FLAG, {M}),
    "merit_certificate": (FLAG, {M}),
    "failed_assignment": (FLAG, {M}),
    "caused_disunity": (FLAG, {M}),
    "mass_organizations": ({"type": "array", "items": RATING}, {ORG}),
    "agency_rating": (_nullable(RATING), {ORG, C}),
    "disunity": (FLAG, {ORG, C}),
    "committee_united": (FLAG, {ORG}),
    "committee_excellent": (FLAG, {ORG}),
    "meetings_proper": (FLAG, {ORG}),
    "remedy_plan_done": (FLAG, {ORG}),
    "failed_tasks": (COUNT, {ORG}),
    "corruption_discipline": (FLAG, {ORG, L}),
    "committee_leader_disciplined": (FLAG, {ORG}),
    "outstanding_unit": (FLAG, {ORG}),
    "low_confidence_pct": (PCT, {L}),
    "overseen_units_not_completed_pct": (PCT, {L}),
}


def facts_schema(subject: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: spec for name, (spec, who) in FACTS.items() if subject in who},
    }


LEVELS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["key", "other"],
    "properties": {"key": LEVEL, "other": LEVEL},
}
CRITERIA: dict[str, Any] = {"type": "object", "additionalProperties": LEVEL}
SCORE: dict[str, Any] = {"type": ["number", "null"], "minimum": 0, "maximum": 200}
ID: dict[str, Any] = {"type": "string", "minLength": 1}
NAME: dict[str, Any] = {"type": "string"}


def _assessment(subject: str) -> dict[str, Any]:
    return {
        "levels": _nullable(LEVELS),
        "criteria": _nullable(CRITERIA),
        "score": SCORE,
        "facts": facts_schema(subject),
        "proposed": _nullable(RATING),
        "decided": _nullable(RATING),
    }


def build() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kiemdiem.invalid/schema/scenario.schema.json",
        "title": "kiemdiem scenario (kịch bản kỳ kiểm điểm)",
        "description": "The facts of one review campaign; see shared/contract/SCENARIO.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version", "ruleset", "year", "as_of", "organizations"],
        "properties": {
            "version": {"const": 1},
            "ruleset": {"type": "string", "pattern": r"^[a-z0-9-]+(@[A-Za-z0-9.]+)?$"},
            "year": {"type": "integer", "minimum": 1990, "maximum": 2100},
            "as_of": DATE,
            "organizations": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "name", "kind"],
                    "properties": {
                        "id": ID,
                        "name": NAME,
                        "kind": {"enum": list(ORGANIZATION_KINDS)},
                        "parent": {"type": ["string", "null"]},
                        "founded_on": _nullable(DATE),
                        **_assessment(ORG),
                    },
                },
            },
            "members": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "name", "organization"],
                    "properties": {
                        "id": ID,
                        "name": NAME,
                        "organization": ID,
                        "admitted_on": _nullable(DATE),
                        "full_member_on": _nullable(DATE),
                        "votes": _nullable(
                            {
                                "type": "object",
                                "propertyNames": {"enum": STANDARD},
                                "additionalProperties": COUNT,
                            }
                        ),
                        **_assessment(M),
                    },
                },
            },
            "collectives": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "name", "kind", "organization"],
                    "properties": {
                        "id": ID,
                        "name": NAME,
                        "kind": {"enum": list(COLLECTIVE_KINDS)},
                        "organization": ID,
                        "founded_on": _nullable(DATE),
                        "members": {"type": "array", "items": ID},
                        "head": {"type": ["string", "null"]},
                        **_assessment(C),
                    },
                },
            },
            "leaders": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["member", "collective"],
                    "properties": {
                        "member": ID,
                        "collective": ID,
                        "in_post_since": _nullable(DATE),
                        "main_job": FLAG,
                        **_assessment(L),
                    },
                },
            },
        },
    }


def write() -> None:
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_text(json.dumps(build(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
