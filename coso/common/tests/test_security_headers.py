"""Production settings pass `check --deploy`, and every page satisfies the Content-Security-Policy: no
inline script, no inline event handler (issue 7, security review)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from coso.accounts.tests.test_access_matrix import PATTERNS, build_url, kwarg_value

BASE_DIR = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-key-for-the-check-0123456789",
        "DJANGO_ALLOWED_HOSTS": "coso.example.org",
        "COSO_VAR_DIR": str(tmp_path),
        **env,
    }
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # security.W021 (HSTS preload) is silenced on purpose: an intranet host has no place in the preload list.
    assert "no issues (1 silenced)" in result.stdout


def test_https_can_be_turned_off_for_a_deployment_without_tls(tmp_path):
    result = deploy_check(tmp_path, DJANGO_HTTPS="0")
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
    assert "security.W008" in result.stderr + result.stdout  # no redirect


def test_the_policy_refuses_inline_script(client, world):
    client.force_login(world.board_user)
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"


HTML_PATTERNS = [p for p in PATTERNS if not p.is_api]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["board_user", "secretary_user"])
def test_no_page_has_inline_script_or_event_handlers(client, world, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(getattr(world, persona))
    checked = 0
    values = {}
    for pattern in HTML_PATTERNS:
        for k in pattern.kwargs:
            if k not in values:
                values[k] = kwarg_value(k, world, "home").value
        url = build_url(pattern, {k: values[k] for k in pattern.kwargs})
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"{url}: inline <script>: {INLINE_SCRIPT.search(html).group(0)}"
        assert not EVENT_HANDLER.search(html), f"{url}: inline event handler: {EVENT_HANDLER.search(html).group(0)}"
        assert not JS_URL.search(html), f"{url}: javascript: URL"
        checked += 1
    assert checked > 30
