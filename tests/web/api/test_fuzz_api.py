"""The API fuzzed from its own OpenAPI document (schemathesis): for every operation,
valid and invalid requests drawn from the schema — wrong types, huge numbers, odd
strings — must be answered without a server error and without a traceback. Bounded: a few
examples per operation, no shrinking past what a failure needs."""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import urlencode

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core import NOT_SET

from kiemdiem.api.api import api
from kiemdiem.apps.accounts.tokens import api_token_issue

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES = int(os.environ.get("KIEMDIEM_FUZZ_EXAMPLES", "6"))


def _request(client: Client, case: Any, token: str) -> Any:
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    path = case.formatted_path
    if case.query:
        kwargs["QUERY_STRING"] = urlencode(
            {str(k): v if isinstance(v, list) else str(v) for k, v in case.query.items()},
            doseq=True,
        )
    if case.body is not NOT_SET:
        body = case.body
        # Negative cases may carry raw bytes or text that is not JSON at all: sent as is.
        kwargs["data"] = body if isinstance(body, bytes | str) else json.dumps(body, default=str)
        kwargs["content_type"] = case.media_type or "application/json"
    return getattr(client, case.method.lower())(path, **kwargs)


@pytest.mark.parametrize(
    "operation", OPERATIONS, ids=[f"{o.method.upper()} {o.path}" for o in OPERATIONS]
)
def test_no_request_drawn_from_the_schema_gets_a_server_error(
    operation: Any, secretary_a: User
) -> None:
    token = api_token_issue(actor=secretary_a, user=secretary_a, name="fuzz")[1]
    client = Client(raise_request_exception=False)
    strategy = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        response = _request(client, case, token)
        body = response.content.decode("utf-8", "replace")
        assert response.status_code < 500, (case.method, case.formatted_path, body[:300])
        assert "Traceback" not in body

    check()
