"""Build scenarios for tests: a "perfect" campaign where every subject may reach the top
rating, so a test can change one fact and see exactly one clause act."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from kiemdiem.rules import Result, evaluate, load, parse

PERFECT_PCT = {
    "targets_completed_pct": 100,
    "tasks_on_time_pct": 100,
    "tasks_exceeded_pct": 50,
    "shortcomings_fixed_pct": 100,
    "tasks_late_pct": 0,
}
TOP_LEVELS = {"key": "OUTSTANDING", "other": "OUTSTANDING"}


def iso(day: date) -> str:
    return day.isoformat()


class Sc:
    """A scenario under construction: one grassroots committee G with one cell C."""

    def __init__(self, ruleset: str, *, year: int = 2020, as_of: date = date(2020, 11, 25)):
        self.ruleset = load(ruleset)
        self.as_of = as_of
        self.data: dict[str, Any] = {
            "version": 1,
            "ruleset": ruleset,
            "year": year,
            "as_of": iso(as_of),
            "organizations": [],
            "members": [],
            "collectives": [],
            "leaders": [],
        }
        self.add_org("G", kind="grassroots_committee", parent=None)
        self.add_org("C", kind="cell", parent="G")

    # -- subjects --------------------------------------------------------------
    def add_org(self, id_: str, *, kind: str, parent: str | None, **over: Any) -> dict[str, Any]:
        org = {
            "id": id_,
            "name": f"Tổ chức {id_}",
            "kind": kind,
            "parent": parent,
            "founded_on": "2000-01-01",
            "levels": dict(TOP_LEVELS),
            "score": 100,
            "facts": {
                **PERFECT_PCT,
                "mass_organizations": ["EXCELLENT"],
                "agency_rating": "EXCELLENT",
                "committee_united": True,
                "committee_excellent": True,
                "meetings_proper": True,
                "remedy_plan_done": True,
            },
        }
        org["facts"].update(over.pop("facts", {}))
        org.update(over)
        self.data["organizations"].append(org)
        return org

    def add_member(self, id_: str, *, org: str = "C", **over: Any) -> dict[str, Any]:
        member = {
            "id": id_,
            "name": f"Đảng viên {id_}",
            "organization": org,
            "admitted_on": "2005-05-19",
            "full_member_on": "2006-05-19",
            "levels": dict(TOP_LEVELS),
            "score": 100,
            "facts": {
                **PERFECT_PCT,
                "civil_service_rating": "EXCELLENT",
                "previous_cell_comment": True,
                "temporary_cell_comment": True,
            },
        }
        member["facts"].update(over.pop("facts", {}))
        member.update(over)
        self.data["members"].append(member)
        return member

    def add_collective(
        self,
        id_: str,
        *,
        org: str = "G",
        members: list[str] | None = None,
        kind: str = "party_committee",
        head: str | None = None,
        **over: Any,
    ) -> dict[str, Any]:
        if members is None:
            members = [f"{id_}-m{i}" for i in range(3)]
            home = org if kind == "cell_committee" else "C"
            for m in members:
                if not any(x["id"] == m for x in self.data["members"]):
                    self.add_member(m, org=home)
        coll = {
            "id": id_,
            "name": f"Tập thể {id_}",
            "kind": kind,
            "organization": org,
            "founded_on": "2010-01-01",
            "members": members,
            "head": head,
            "levels": dict(TOP_LEVELS),
            "score": 100,
            "facts": {**PERFECT_PCT, "agency_rating": "EXCELLENT"},
        }
        coll["facts"].update(over.pop("facts", {}))
        coll.update(over)
        self.data["collectives"].append(coll)
        return coll

    def add_leader(self, member: str, collective: str, **over: Any) -> dict[str, Any]:
        leader = {
            "member": member,
            "collective": collective,
            "in_post_since": "2015-01-01",
            "main_job": True,
            "levels": dict(TOP_LEVELS),
            "score": 100,
            "facts": dict(PERFECT_PCT),
        }
        leader["facts"].update(over.pop("facts", {}))
        leader.update(over)
        self.data["leaders"].append(leader)
        return leader

    def get(self, kind: str, id_: str) -> dict[str, Any]:
        key = "member" if kind == "leaders" else "id"
        for item in self.data[kind]:
            if kind == "leaders":
                if f"{item['member']}@{item['collective']}" == id_:
                    return item
            elif item[key] == id_:
                return item
        raise KeyError(id_)

    # -- running ---------------------------------------------------------------
    def scenario_data(self) -> dict[str, Any]:
        data = copy.deepcopy(self.data)
        # Where ballots count (2014 model), every full member of the cell approves the
        # top level unless a test says otherwise.
        votes = [c for c in self.ruleset.by_mechanism("votes") if c.params["binding"]]
        if votes:
            cells: dict[str, int] = {}
            for m in data["members"]:
                if m.get("full_member_on"):
                    cells[m["organization"]] = cells.get(m["organization"], 0) + 1
            for m in data["members"]:
                if "votes" not in m:
                    n = max(cells.get(m["organization"], 0), 1)
                    m["votes"] = {"EXCELLENT": n}
                    m["facts"].setdefault("eligible_voters", n)
        return data

    def run(self) -> Result:
        return evaluate(parse(self.scenario_data(), source="test"))

    def days_before(self, days: int) -> str:
        return iso(self.as_of - timedelta(days=days))
