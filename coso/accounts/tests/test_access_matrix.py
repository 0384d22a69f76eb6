"""The access matrix: every URL pattern of the project, requested by every persona.

The patterns are discovered at test time by walking the URL resolver (the API's routes included),
so a view added tomorrow is checked tomorrow without anyone remembering to write its access test.
Each URL kwarg is filled by name with an object of district D01 (the "home" side) and with one of
the other district (the "other" side); who may see each object is written down here, by hand,
from the rules of DESIGN.md §One door for access, rather than asked of `accounts.scoping` (which
is what is under test). Known kwargs: the agreed org_id, member_id, event_id, unit_id, job_id,
token_id, figure, user_id (a user the board manages), the admission app's candidate_id and class_id and the transfers app's paper_id, the meetings app's meeting_id,
the cadres app's cadre_id, spell_id, entry_id and assignment_id;
any other fails the test until kwarg_value() learns it.

Expectations (GET):
- anonymous: redirected to the login page; API routes answer 401; a few public pages, each listed
  in PUBLIC with its reason, answer what they answer.
- a logged-in persona, for a page whose objects it may see: 200, 302, or 405 for POST-only views,
  or 403 where its role at that level may not take the page's action (test_action_matrix.py says
  exactly where; a member may get 403 on its own record: the member role takes no action);
  for a page with an object it may not see: 404, so the object's existence does not leak (a
  POST-only view answers GET with the same 405 for any id, which leaks nothing; its scope is
  checked by the POST test below).
- pages without object kwargs: no server error, and no data of the other side in the response.
And POST to every view with object kwargs, as the outsider and as the member, with ids outside
their scope: 404 or 405, and no audit row written.
"""

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from coso.api.urls import api
from coso.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

API_NAMESPACE = api.urls_namespace

# Patterns left out of the matrix, each with the reason. Nothing else may be left out.
EXCLUDED: list[tuple[object, str]] = [
    (
        lambda p: "admin" in p.namespaces,
        "Django admin: staff-only, guarded by Django's own admin permissions, not by accounts.scoping.",
    ),
    (lambda p: p.name == "set_language", "Django's language switch: public by design and holds no data."),
    (
        lambda p: p.name == f"{API_NAMESPACE}:api-root",
        "django-ninja's anchor for reverse(): it raises 404 for every request (ninja/openapi/views.py).",
    ),
    (
        lambda p: settings.STATIC_URL and p.template.startswith(settings.STATIC_URL.lstrip("/")),
        "Static files (only routed with DEBUG): public assets, no data.",
    ),
]

# Pages anyone may open without logging in: name → (status for an anonymous GET, reason).
PUBLIC: dict[str, tuple[int, str]] = {
    "accounts:login": (200, "the login page itself"),
    "accounts:logout": (405, "logging out needs no login; Django's LogoutView accepts POST only"),
    f"{API_NAMESPACE}:openapi-json": (200, "the API schema holds no data (coso/api/urls.py)"),
}

# Old addresses that answer a permanent redirect to where their page moved (301, or 308 for a POST),
# once the object is known to be in scope (out of scope they answer 404 like the new page).
MOVED: dict[str, str] = {
    "admission:classes": "the classes moved to the training pages (issue 10): training:classes",
    "admission:class_create": "moved to training:class_create",
    "admission:class_detail": "moved to training:class_detail",
}
MOVED_STATUSES = {301, 308}

PERSONAS = ["anonymous", "board", "secretary", "outsider", "member"]
WRITERS = {"board", "secretary", "outsider"}
# 403: seen, but the persona's role at that level may not take the page's action (accounts.Competence);
# which persona gets it on which write page is pinned down by test_action_matrix.py.
VISIBLE_STATUSES = {200, 302, 403, 405}
MEMBER_OWN_RECORD_STATUSES = {200, 302, 403, 405}
TEXT_TYPES = ("text/", "application/json")


# Discovery -------------------------------------------------------------------------------------


@dataclass
class Pattern:
    template: str  # the route with its <converter:kwarg> placeholders
    name: str  # namespaced name, "" if the pattern has none
    kwargs: list[str]
    converters: dict = field(default_factory=dict)
    regex: bool = False
    namespaces: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.name or '(unnamed)'} /{self.template}"

    @property
    def is_api(self) -> bool:
        return self.name.startswith(f"{API_NAMESPACE}:")


def _route(pattern) -> tuple[str, list[str], dict, bool]:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route), list(pattern.converters), dict(pattern.converters), False
    if isinstance(pattern, RegexPattern):
        regex = pattern._regex
        kwargs = list(pattern.regex.groupindex)
        return regex.removeprefix("^").removesuffix("$").removesuffix("\\Z"), kwargs, {}, True
    raise TypeError(f"Unknown URL pattern class {type(pattern).__name__}: teach the access matrix about it.")


def _walk(patterns, prefix="", namespaces=(), kwargs=(), converters=None, regex=False):
    converters = converters or {}
    for entry in patterns:
        route, names, convs, is_regex = _route(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(
                entry.url_patterns, prefix + route, ns, (*kwargs, *names), {**converters, **convs}, regex or is_regex
            )
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Pattern(
                prefix + route, name, [*kwargs, *names], {**converters, **convs}, regex or is_regex, namespaces
            )


def discover() -> tuple[list[Pattern], list[tuple[Pattern, str]]]:
    """(patterns to check, patterns excluded with their reason)."""
    kept, excluded = [], []
    for pattern in _walk(get_resolver().url_patterns):
        reason = next((why for test, why in EXCLUDED if test(pattern)), None)
        if reason:
            excluded.append((pattern, reason))
        else:
            kept.append(pattern)
    return kept, excluded


PATTERNS, EXCLUDED_PATTERNS = discover()


# The world's objects, by kwarg name ------------------------------------------------------------


@dataclass
class Value:
    value: object
    audience: set[str]  # logged-in personas that may see it
    is_object: bool = True  # False for values that are not records (a figure's slug)
    own_record: bool = False  # part of the member persona's own record


def _first_event(member):
    return member.events.order_by("on", "id").first()


def _token(user):
    from coso.accounts.services import api_token_create

    token, _key = api_token_create(user=user, name="access matrix", actor=None)
    return token


def _build(model, *, org, user, **overrides):
    """A row of `model` for `org` (and owned by `user`), placeholder values in its other required fields.

    Other apps' models (import jobs, admission candidates and classes) are written alongside this
    test, so their rows are built from the model's fields rather than through services whose
    signatures the matrix would have to guess. Only reachability matters here, not realism.
    """
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.db import models
    from django.utils import timezone

    from coso.organizations.models import Organization

    values = dict(overrides)
    for f in model._meta.concrete_fields:
        if f.name in values:
            continue
        if isinstance(f, models.ForeignKey) and f.related_model is get_user_model():
            values[f.name] = user
            continue
        if isinstance(f, models.ForeignKey) and f.related_model is Organization:
            values[f.name] = org
            continue
        if f.primary_key or f.null or f.has_default() or getattr(f, "auto_now", False) or f.auto_created:
            continue
        if getattr(f, "auto_now_add", False):
            continue
        if isinstance(f, models.ForeignKey):
            related = f.related_model._default_manager.first()
            if related is None:
                pytest.fail(
                    f"Teach the access matrix's _build() to make a {f.related_model.__name__} for {model.__name__}.{f.name}."
                )
            values[f.name] = related
        elif f.choices:
            values[f.name] = f.choices[0][0]
        elif isinstance(f, models.FileField):
            values[f.name] = ContentFile(b"matrix", name="matrix.xlsx")
        elif isinstance(f, (models.CharField, models.TextField)):
            values[f.name] = "matrix"
        elif isinstance(f, models.DateTimeField):
            values[f.name] = timezone.now()
        elif isinstance(f, models.DateField):
            values[f.name] = date(2020, 1, 1)
        elif isinstance(f, (models.IntegerField, models.FloatField, models.DecimalField)):
            values[f.name] = 0
        elif isinstance(f, models.BooleanField):
            values[f.name] = False
        elif isinstance(f, models.JSONField):
            values[f.name] = {}
        else:
            pytest.fail(f"Teach the access matrix's _build() to fill {model.__name__}.{f.name} ({type(f).__name__}).")
    return model._default_manager.create(**values)


def _model(dotted: str, kwarg: str):
    module, name = dotted.rsplit(".", 1)
    try:
        return getattr(__import__(module, fromlist=[name]), name)
    except (ImportError, AttributeError):
        pytest.fail(f"A URL takes {kwarg} but {dotted} does not exist.")


def _figure():
    """The first figure of the reports registry that needs no parameter (a bare URL shows it)."""
    try:
        from coso.reports.figures import FIGURES
    except ImportError:
        pytest.fail("A URL takes `figure` but coso.reports.figures has no FIGURES registry.")
    assert FIGURES, "coso.reports.figures.FIGURES is empty: a URL takes `figure` but no figure is registered."
    return next((slug for slug, f in FIGURES.items() if getattr(f, "param", None) is None), next(iter(FIGURES)))


def _campaign(world, home: bool):
    from datetime import date as _date

    from coso.evaluation.models import Campaign
    from coso.evaluation.services import campaign_open

    commune = world.commune if home else world.other_commune
    existing = Campaign.objects.filter(root=commune, period_key="2024").first()
    return existing or campaign_open(committee=commune, year=2024, opened_on=_date(2024, 12, 1), actor=None)


def kwarg_value(name: str, world, side: str) -> Value:
    """The value of URL kwarg `name` on one side, and who may see it.

    Home objects live in cell C01-01 where possible, so the secretary of that cell sees them; the
    residential unit belongs to commune C01, above the secretary's cell.
    """
    home = side == "home"
    if name == "org_id":
        org = world.cell if home else world.other_cell
        return Value(org.pk, {"board", "secretary"} if home else {"outsider"})
    if name == "member_id":
        member = world.member if home else world.other_member
        return Value(member.pk, {"board", "secretary", "member"} if home else {"outsider"}, own_record=home)
    if name == "event_id":
        event = _first_event(world.member if home else world.other_member)
        return Value(event.pk, {"board", "secretary", "member"} if home else {"outsider"}, own_record=home)
    if name == "unit_id":
        unit = world.unit if home else world.other_unit
        return Value(unit.pk, {"board"} if home else {"outsider"})
    if name == "token_id":
        # A token is its owner's alone, whatever the owner's role.
        token = _token(world.board_user if home else world.outsider_user)
        return Value(token.pk, {"board"} if home else {"outsider"})
    if name == "job_id":
        # An import job is its uploader's own (coso/imports/models.py), within the uploader's subtree.
        job_model = _model("coso.imports.models.ImportJob", name)
        if home:
            return Value(_build(job_model, org=world.district, user=world.board_user).pk, {"board"})
        return Value(_build(job_model, org=world.other_district, user=world.outsider_user).pk, {"outsider"})
    if name == "candidate_id":
        candidate_model = _model("coso.admission.models.Candidate", name)
        candidate = _build(candidate_model, org=world.cell if home else world.other_cell, user=None)
        return Value(candidate.pk, {"board", "secretary"} if home else {"outsider"})
    if name == "class_id":
        class_model = _model("coso.training.models.TrainingClass", name)
        training_class = _build(class_model, org=world.commune if home else world.other_commune, user=None)
        return Value(training_class.pk, {"board"} if home else {"outsider"})
    if name == "paper_id":
        # A transfer paper is seen from its issuing organization, and by the member it concerns.
        paper_model = _model("coso.transfers.models.TransferPaper", name)
        paper = _build(
            paper_model,
            org=world.cell if home else world.other_cell,
            user=None,
            member=world.member if home else world.other_member,
            to_organization=world.commune if home else world.other_commune,
        )
        return Value(paper.pk, {"board", "secretary", "member"} if home else {"outsider"}, own_record=home)
    if name == "meeting_id":
        meeting_model = _model("coso.meetings.models.Meeting", name)
        meeting = _build(meeting_model, org=world.cell if home else world.other_cell, user=None)
        return Value(meeting.pk, {"board", "secretary", "member"} if home else {"outsider"}, own_record=home)
    if name == "user_id":
        # A user is managed by the board whose subtree holds every role of theirs (accounts.queries).
        from coso.accounts.models import Role, RoleAssignment
        from coso.testing.factories import UserFactory

        user = UserFactory(username="matrix-home" if home else "matrix-other")
        RoleAssignment.objects.create(
            user=user, role=Role.OBSERVER, organization=world.cell if home else world.other_cell
        )
        return Value(user.pk, {"board"} if home else {"outsider"})
    if name in ("campaign_id", "evaluation_id"):
        # A campaign is followed from its subtree and from the nodes inside it (a cell's secretary
        # enters the cell's part of the commune's campaign); a record as its organization, and by
        # the member it is about.
        campaign = _campaign(world, home)
        if name == "campaign_id":
            return Value(campaign.pk, {"board", "secretary"} if home else {"outsider"})
        record = campaign.evaluations.get(member=world.member if home else world.other_member)
        return Value(record.pk, {"board", "secretary", "member"} if home else {"outsider"}, own_record=home)
    if name in ("cadre_id", "spell_id", "entry_id", "assignment_id"):
        # Cadre work: a cadre of the cell and its post, planning entry and supervision assignment (of
        # the cell's committee, following the cell), seen by the boards above the cell.
        org = world.cell if home else world.other_cell
        cadre_model = _model("coso.cadres.models.Cadre", name)
        cadre = _build(cadre_model, org=org, user=None, full_name="Cán Bộ Ma Trận")
        seen = {"board", "secretary"} if home else {"outsider"}
        if name == "cadre_id":
            return Value(cadre.pk, seen)
        if name == "spell_id":
            spell = _build(_model("coso.cadres.models.PostSpell", name), org=org, user=None, cadre=cadre,
                           valid_to=None)  # fmt: skip
            return Value(spell.pk, seen)
        if name == "entry_id":
            entry = _build(_model("coso.cadres.models.PlanningEntry", name), org=org, user=None, cadre=cadre)
            return Value(entry.pk, seen)
        assignment = _build(_model("coso.cadres.models.SupervisionAssignment", name), org=org, user=None,
                            cadre=cadre)  # fmt: skip
        return Value(assignment.pk, seen)
    if name == "figure":
        return Value(_figure(), set(WRITERS) | {"member"}, is_object=False)
    pytest.fail(
        f"URL kwarg '{name}' is unknown to the access matrix: teach kwarg_value() in "
        f"coso/accounts/tests/test_access_matrix.py to build an object of district D01 and one of the "
        f"other district for it, and who may see each (DESIGN.md: URL kwargs use agreed names)."
    )


def sentinels(world, side: str) -> list[str]:
    """Strings that only the data of one side contains: seeing them elsewhere is a leak.

    Names only: the world's citizen ID 001085000001 doubles as the placeholder of the member form.
    """
    if side == "home":
        return [world.member.full_name, world.district.name, world.commune.name, world.cell.name]
    return [world.other_member.full_name, world.other_district.name, world.other_commune.name, world.other_cell.name]


def persona_user(world, persona: str):
    return {
        "board": world.board_user,
        "secretary": world.secretary_user,
        "outsider": world.outsider_user,
        "member": world.member_user,
    }[persona]


def foreign_side(persona: str) -> str:
    """The side whose data a persona must never see."""
    return "home" if persona == "outsider" else "other"


# Requests --------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<kwarg>[^>]+)>")


def build_url(pattern: Pattern, values: dict[str, object]) -> str:
    if pattern.regex:
        assert pattern.name, f"{pattern}: a regex pattern needs a name to be reversed."
        return reverse(pattern.name, kwargs=values)

    def fill(match):
        kwarg = match["kwarg"]
        converter = pattern.converters.get(kwarg)
        return converter.to_url(values[kwarg]) if converter else str(values[kwarg])

    return "/" + _PLACEHOLDER.sub(fill, pattern.template)


def body_text(response) -> str:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(TEXT_TYPES):
        return ""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode(response.charset or "utf-8", errors="replace")
    if content_type.startswith("application/json"):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def assert_no_leak(response, world, persona: str, url: str) -> None:
    text = body_text(response)
    leaked = [s for s in sentinels(world, foreign_side(persona)) if s and s in text]
    assert not leaked, f"GET {url} as {persona} shows data outside the persona's scope: {leaked}"


def is_post_only(response) -> bool:
    """A 405 to GET from a view that takes only POST (Django's require_POST, LogoutView, ninja)."""
    allowed = {m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()}
    return response.status_code == 405 and bool(allowed) and "GET" not in allowed


def _id(pattern: Pattern) -> str:
    return f"{pattern.name or 'UNNAMED'}[/{pattern.template}]"


# Tests -----------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files the matrix creates (an import job's upload) stay out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path


def test_every_url_pattern_has_a_name():
    unnamed = [str(p) for p in PATTERNS if not p.name]
    assert not unnamed, f"Every URL pattern needs a name (DESIGN.md); unnamed: {unnamed}"


def test_matrix_covers_the_api_and_excludes_only_with_a_reason():
    names = {p.name for p in PATTERNS}
    assert f"{API_NAMESPACE}:member-detail" in names and f"{API_NAMESPACE}:openapi-json" in names
    assert all(reason for _pattern, reason in EXCLUDED_PATTERNS)
    assert not any("admin" in p.namespaces for p in PATTERNS)
    assert any("admin" in p.namespaces for p, _reason in EXCLUDED_PATTERNS)


def test_build_url_fills_converters():
    pattern = next(p for p in PATTERNS if p.name == f"{API_NAMESPACE}:organization-counts")
    assert build_url(pattern, {"org_id": 12}) == "/api/v1/organizations/12/counts"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("pattern", PATTERNS, ids=_id)
def test_get(client, world, pattern, persona):
    # Build every kwarg first: an unknown kwarg fails here, naming itself.
    sides = {side: {k: kwarg_value(k, world, side) for k in pattern.kwargs} for side in ("home", "other")}

    if persona == "anonymous":
        url = build_url(pattern, {k: v.value for k, v in sides["home"].items()})
        response = client.get(url)
        if pattern.name in PUBLIC:
            expected, reason = PUBLIC[pattern.name]
            assert response.status_code == expected, f"GET {url} anonymously ({reason}): {response.status_code}"
        elif pattern.is_api:
            assert response.status_code == 401, f"GET {url} anonymously: {response.status_code}, expected 401"
        else:
            login = resolve_url(settings.LOGIN_URL)
            assert response.status_code == 302 and response["Location"].startswith(login), (
                f"GET {url} anonymously: {response.status_code} {response.get('Location', '')}, expected a "
                f"redirect to {login}. If the page is public by design, add it to PUBLIC with the reason."
            )
        return

    client.force_login(persona_user(world, persona))
    objects = [k for k, v in sides["home"].items() if v.is_object]
    if not objects:
        url = build_url(pattern, {k: v.value for k, v in sides["home"].items()})
        response = client.get(url)
        assert response.status_code < 500, f"GET {url} as {persona}: {response.status_code}"
        assert_no_leak(response, world, persona, url)
        return

    for side, values in sides.items():
        url = build_url(pattern, {k: v.value for k, v in values.items()})
        visible = all(persona in v.audience for v in values.values())
        response = client.get(url)
        if not visible:
            if is_post_only(response):
                continue  # the same 405 for every id leaks nothing; the POST test checks its scope
            assert response.status_code == 404, (
                f"GET {url} as {persona} ({side} objects: {objects}, outside the persona's scope): "
                f"{response.status_code}, expected 404"
            )
            continue
        own_record = persona == "member" and all(v.own_record for k, v in values.items() if k in objects)
        allowed = MEMBER_OWN_RECORD_STATUSES if own_record else VISIBLE_STATUSES
        if pattern.name in MOVED:
            allowed = allowed | MOVED_STATUSES
        assert response.status_code in allowed, (
            f"GET {url} as {persona} ({side} objects: {objects}, inside the persona's scope): "
            f"{response.status_code}, expected one of {sorted(allowed)}"
        )
        assert_no_leak(response, world, persona, url)


POST_PATTERNS = [p for p in PATTERNS if p.kwargs and set(p.kwargs) != {"figure"}]


@pytest.mark.parametrize("persona", ["outsider", "member"])
@pytest.mark.parametrize("pattern", POST_PATTERNS, ids=_id)
def test_post_out_of_scope_writes_nothing(client, world, pattern, persona):
    """A write aimed at someone else's records is a 404 (or 405 where the view takes no POST)."""
    side = "home" if persona == "outsider" else "other"
    values = {k: kwarg_value(k, world, side) for k in pattern.kwargs}
    url = build_url(pattern, {k: v.value for k, v in values.items()})
    client.force_login(persona_user(world, persona))
    before = AuditEntry.objects.count()
    response = client.post(url, data={"on": date(2020, 1, 1).isoformat(), "name": "x", "confirm": "1"})
    assert response.status_code in {404, 405}, f"POST {url} as {persona} (objects out of scope): {response.status_code}"
    assert AuditEntry.objects.count() == before, f"POST {url} as {persona} wrote audit rows"
