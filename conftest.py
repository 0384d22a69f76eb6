"""Project-wide pytest fixtures: the personas every access test uses, and the tree they live in.

Personas (DESIGN.md §House style): an organization-board user of a district, a cell secretary
inside it, a member, and an outsider from another district who must get 404 everywhere.
"""

import pytest

from coso.testing.world import build_world  # noqa: E402


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def admin_user(world):
    return world.admin


@pytest.fixture
def board_user(world):
    return world.board_user


@pytest.fixture
def secretary_user(world):
    return world.secretary_user


@pytest.fixture
def member_user(world):
    return world.member_user


@pytest.fixture
def outsider_user(world):
    return world.outsider_user


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Tests that use the database see the shipped reference data, even after a flush (see module)."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db", "live_server"}:
        return
    transactional = bool(marker and marker.kwargs.get("transaction")) or names & {"transactional_db", "live_server"}
    request.getfixturevalue("transactional_db" if transactional else "db")
    from coso.testing.reference import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(autouse=True)
def _language_reset():
    """A request in English (cookie or set_language) leaves English active in the worker's thread;
    every test starts again from the default language (Vietnamese)."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
