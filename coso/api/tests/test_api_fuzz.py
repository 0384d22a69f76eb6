"""Schema-driven fuzz of the read API: schemathesis generates requests from /api/v1/openapi.json (valid and
invalid parameters) and sends them to the application in-process as a board user; no answer may be
a 5xx (issue 7, security review: out-of-range dates, huge offsets and NUL characters answered 500).

Bounded so it runs in CI in about a minute: a few examples per operation, no deadline (the shared
CI machine is slow), no stateful links.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.wsgi import application
from coso.accounts.services import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes "old" connections at each request's start and end; inside a test that
    is the test's own transaction (PostgreSQL: "the connection is closed"). Django's test client
    disconnects the same handler for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(world):
    _, key = api_token_create(user=world.board_user, name="fuzz", actor=None)
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_api_input_gives_a_server_error(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.path, case.query, response.status_code)
    case.validate_response(response, checks=[not_a_server_error])
