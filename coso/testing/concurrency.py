"""Two database connections at once, for tests that prove a race is handled (PostgreSQL only).

`race(first, second)` runs `first` in a thread inside a transaction it keeps open, then `second` in
another thread once `first` has written; it waits until `second` is blocked on a lock held by
`first` (or has finished), then lets `first` commit. It returns what each returned or raised.
"""

import threading
import time
from collections.abc import Callable

from django.db import connection, connections, transaction


def _blocked_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return bool(cursor.fetchone()[0])


def race(first: Callable[[], object], second: Callable[[], object], *, timeout: float = 20) -> dict:
    written, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def run_first():
        try:
            with transaction.atomic():
                outcome["first"] = first()
                written.set()
                release.wait(timeout)
        except Exception as exc:  # noqa: BLE001 - reported to the test
            outcome["first"] = exc
            written.set()
        finally:
            connections.close_all()

    def run_second():
        written.wait(timeout)
        try:
            outcome["second"] = second()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            outcome["second"] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    written.wait(timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and threads[1].is_alive() and not _blocked_on_lock():
        time.sleep(0.05)
    outcome["second_waited"] = threads[1].is_alive()
    release.set()
    for thread in threads:
        thread.join(timeout * 2)
    return outcome


def form_post_data(form) -> dict:
    """What a browser would post for an unbound form as shown (initial values), for stale-edit tests."""
    from django import forms as django_forms

    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, django_forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            continue
        if value is None:
            data[bound.html_name] = ""
            continue
        formatted = bound.field.widget.format_value(value)
        data[bound.html_name] = "" if formatted is None else formatted
    return data
