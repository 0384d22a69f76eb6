"""Every service code the code base writes into the audit trail has a label in the user's language.

The codes are read from the sources (not from a list kept by hand): every `service=` keyword, every
positional argument in the place of a `service` parameter of a function of the same module, and the
module constants (`SERVICE_MEMBERS = "import_members"`) they name. A code built with an f-string is
checked by its prefix: `organization_{kind}` must have a label for every reorganization kind, and
`admin_{model}` is labelled by the admin prefix.
"""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from coso.audit.labels import ADMIN_PREFIX, SERVICE_LABELS, is_labelled, service_label
from coso.organizations.models import Reorganization

SOURCES = Path(__file__).resolve().parents[2]


def _source_files():
    for path in sorted(SOURCES.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        yield path


def _constants(tree) -> dict[str, str]:
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _service_positions(tree) -> dict[str, int]:
    """Functions of the module taking a `service` parameter, and its position."""
    positions = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.posonlyargs + node.args.args]
            if "service" in names:
                positions[node.name] = names.index("service")
    return positions


def _codes(node, constants) -> list[tuple[str, bool]]:
    """(code, is_prefix) for an argument node; [] for a variable passed along (checked where it is set)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.value, False)]
    if isinstance(node, ast.Name) and node.id in constants:
        return [(constants[node.id], False)]
    if isinstance(node, ast.JoinedStr):
        head = node.values[0]
        prefix = head.value if isinstance(head, ast.Constant) else ""
        return [(prefix, True)]
    return []


def service_codes() -> dict[tuple[str, bool], list[str]]:
    """Every code (or f-string prefix) written anywhere, with where it is written."""
    found: dict[tuple[str, bool], list[str]] = {}
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants, positions = _constants(tree), _service_positions(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            args = [k.value for k in node.keywords if k.arg == "service"]
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in positions and len(node.args) > positions[name]:
                args.append(node.args[positions[name]])
            for arg in args:
                for code in _codes(arg, constants):
                    found.setdefault(code, []).append(f"{path.relative_to(SOURCES.parent)}:{node.lineno}")
    return found


CODES = service_codes()


def test_the_scan_finds_the_services():
    """The reader of the sources must see the known writers, or the next test proves nothing."""
    assert ("organization_establish", False) in CODES
    assert ("organization_rename", False) in CODES  # passed positionally to _refresh_cache
    assert ("import_members", False) in CODES  # through the SERVICE_MEMBERS constant
    assert ("organization_", True) in CODES and (ADMIN_PREFIX, True) in CODES
    assert len(CODES) > 50


def test_every_service_code_has_a_label():
    missing = [
        f"{code} ({', '.join(where)})"
        for (code, is_prefix), where in CODES.items()
        if not is_prefix and not is_labelled(code)
    ]
    assert not missing, f"Add these service codes to coso/audit/labels.py SERVICE_LABELS: {missing}"


def test_every_code_built_from_a_prefix_has_its_labels():
    prefixes = {code for code, is_prefix in CODES if is_prefix}
    known = {"organization_": [f"organization_{kind}" for kind in Reorganization.Kind.values], ADMIN_PREFIX: []}
    unknown = prefixes - set(known)
    assert not unknown, (
        f"Service codes built from these prefixes: teach coso/audit/tests/test_labels.py their values: {unknown}"
    )
    missing = [code for codes in known.values() for code in codes if code not in SERVICE_LABELS]
    assert not missing, f"Reorganization kinds without an audit label: {missing}"


@pytest.mark.parametrize("code", sorted(SERVICE_LABELS))
def test_every_label_reads_in_vietnamese(code):
    with translation.override("vi"):
        label = service_label(code)
    with translation.override("en"):
        english = service_label(code)
    assert label != english and "_" not in label, f"{code}: no Vietnamese label ({label!r})"


def test_admin_writes_name_the_model_in_vietnamese():
    with translation.override("vi"):
        label = service_label("admin_organization", "organizations.organization")
    assert label.startswith("Sửa trong trang quản trị: ") and "organization" not in label


def test_an_unknown_code_still_shows():
    assert service_label("a_service_removed_long_ago") == "a_service_removed_long_ago"
