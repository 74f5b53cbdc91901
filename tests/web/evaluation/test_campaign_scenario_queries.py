"""The campaign's scenario reads each cell's meeting once: its agenda items are read
without their meeting's row, whose stored result (tens of KB a cell) a join would copy
into every one of a province's items (issue 15: 23 GB with every cell reported)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kiemdiem.apps.evaluation.scenario import campaign_scenario
from kiemdiem.apps.reviews.models import Meeting
from tests.web.decisions import test_decisions

submitted = test_decisions.submitted  # a cell's meeting submitted, its result stored


def test_agenda_items_are_read_without_the_meetings_stored_result(submitted: Meeting) -> None:
    assert submitted.submitted_result  # there is a stored result to drag along
    with CaptureQueriesContext(connection) as queries:
        data = campaign_scenario(submitted.campaign, submitted_only=True)
    items = [q["sql"] for q in queries if 'FROM "cells_agendaitem"' in q["sql"]]
    assert items and not any("submitted_result" in sql for sql in items)
    # …and the scenario still carries what the cell's meeting recorded.
    assert any("votes" in m for m in data["members"])
