import json

from kiemdiem.rules import schema


def test_committed_schema_is_the_one_the_code_builds() -> None:
    committed = json.loads(schema.PATH.read_text("utf-8"))
    assert committed == schema.build(), "run: .venv/bin/python -m kiemdiem.rules.schema"


def test_schema_names_every_fact_of_the_contract() -> None:
    contract_facts = {
        "targets_completed_pct",
        "tasks_on_time_pct",
        "tasks_exceeded_pct",
        "tasks_late_pct",
        "shortcomings_fixed_pct",
        "force_majeure",
        "disciplines",
        "degradation",
        "prohibited_acts",
        "civil_service_rating",
        "sick_leave_days",
        "maternity_leave",
        "transferred_on",
        "previous_cell_comment",
        "temporary_activity",
        "absences",
        "reviewed",
        "suspended",
        "exempted",
        "posts",
        "eligible_voters",
        "voters_present",
        "mass_organizations",
        "agency_rating",
        "disunity",
        "committee_united",
        "committee_excellent",
        "meetings_proper",
        "remedy_plan_done",
        "failed_tasks",
        "corruption_discipline",
        "committee_leader_disciplined",
        "outstanding_unit",
        "low_confidence_pct",
    }
    assert contract_facts <= set(schema.FACTS)
