"""Schemathesis against the API's own schema, in-process through the WSGI application, with a
system administrator's token: no request it generates gets a server error, and no response
breaks the schema (issue 17 §7). Kept short (a few examples an operation) so CI stays quick."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(autouse=True)
def one_connection_for_the_test():
    """Requests through the WSGI handler close the database connection when they finish;
    Django's test client holds that off so the test's transaction survives, and so does this."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def root_key(world):
    from xuehui.access import SYSTEM
    from xuehui.api.services import token_issue
    from xuehui.tests.factories import make_user

    return token_issue(user=make_user("api_root", role="system_admin"), actor=SYSTEM)[1]


# Read from the application at collection (the schema view touches no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, root_key):
    case.call_and_validate(headers={"Authorization": f"Token {root_key}"}, checks=CHECKS)
