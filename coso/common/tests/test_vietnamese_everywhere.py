"""No English reaches a user: the catalogues are complete, and a walk of every page finds no English.

(a) Every entry of every Vietnamese catalogue of the project has a non-empty, non-fuzzy translation.
(b) As each persona of the shared test world, every GET page of the project (the URL patterns the
    access matrix discovers, filled with the same real object ids) answers below 500 and its visible
    text (tags stripped; titles and placeholders included) holds no English source string of our
    catalogues whose Vietnamese differs (two words or more, on word boundaries) and no raw code such
    as `organization_establish`; every file it sends has a name without such a code.
"""

import html
import re
from functools import cache
from urllib.parse import unquote

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from coso.accounts.tests.test_access_matrix import (
    PATTERNS,
    Value,
    build_url,
    is_post_only,
    kwarg_value,
    persona_user,
)
from coso.common.tests.catalogues import all_entries

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "admin", "board", "secretary", "member", "outsider"]
# The side of the world each persona's pages are filled from (the outsider sees only the other district).
SIDE = {"admin": "home", "board": "home", "secretary": "home", "member": "home", "outsider": "other"}
# Codes a user may legitimately read, each with its reason. (User names are data, allowed below.)
CODE_ALLOW_LIST: dict[str, str] = {}
# Admin pages where codes are the data the administrator edits: URL → reason.
CODES_EDITED_HERE = {
    "/admin/members/religion/": "the reference table's code column: the identifier the administrator edits",
    "/admin/members/ethnicity/": "idem",
    "/admin/organizations/organizationtype/": "idem",
    "/admin/rulesets/ruleset/": "a rule set's values are edited as JSON keyed by parameter codes (its note explains them)",
}
# Found by this walk in code owned by another part of issue 8, to be fixed there: (URL name, what
# is shown) → owner. Remove an entry when its owner fixes it; nothing of ours may be listed.
KNOWN_ELSEWHERE: dict[tuple[str, str], str] = {}
CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdifr]|%[sdif]|\{[^}]*\}")
WORDS = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
VISIBLE_ATTRIBUTE = re.compile(r"""\b(?:title|placeholder|aria-label|alt|data-confirm)\s*=\s*("[^"]*"|'[^']*')""", re.I)
TAG = re.compile(r"<[^>]+>")


# (a) the catalogues -----------------------------------------------------------------------------


def test_every_catalogue_entry_has_a_vietnamese_translation():
    entries = all_entries()
    assert len(entries) > 1000, "the catalogues were not found or not read"
    bad = [
        f"{e.path.relative_to(e.path.parents[4])}:{e.line} {e.msgid!r}{' (fuzzy)' if e.fuzzy else ''}"
        for e in entries
        if e.fuzzy or not e.translations or not all(t.strip() for t in e.translations)
    ]
    assert not bad, f"Catalogue entries without a Vietnamese translation: {bad}"


# (b) the pages ----------------------------------------------------------------------------------


@cache
def english_phrases() -> re.Pattern:
    """English source strings of two words or more whose Vietnamese differs, as one pattern.

    A string with placeholders is searched by its literal pieces of three words or more.
    """
    phrases = set()
    for entry in all_entries():
        translations = entry.translations
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if not translations or source in translations:
                continue
            for piece in PLACEHOLDER.split(source):
                piece = " ".join(piece.split()).strip(" .,:;—–-()“”\"'")
                words = WORDS.findall(piece)
                needed = 2 if piece == " ".join(source.split()).strip(" .,:;—–-()“”\"'") else 3
                if len(words) >= needed and not any(piece in t for t in translations):
                    phrases.add(piece)
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w]){'(?:' + alternatives + ')'}(?![\w])")


def visible_text(content: str) -> str:
    content = HIDDEN.sub(" ", content)
    attributes = " ".join(m.group(1)[1:-1] for m in VISIBLE_ATTRIBUTE.finditer(content))
    text = TAG.sub(" ", content) + " " + attributes
    return " ".join(html.unescape(text).split())


def english_in(text: str, allowed: frozenset[str] = frozenset(), *, codes: bool = True) -> list[str]:
    found = set(english_phrases().findall(text))
    if codes:
        found |= {code for code in CODE.findall(text) if code not in CODE_ALLOW_LIST and code not in allowed}
    return sorted(found)


def test_the_detector_sees_english_and_codes_and_spares_vietnamese():
    assert "Page not found" in english_in(visible_text("<h1>Page not found</h1>"))
    assert english_in(visible_text("<td>organization_establish</td>")) == ["organization_establish"]
    assert english_in(visible_text('<input placeholder="Back to the home page">')) == ["Back to the home page"]
    assert english_in(visible_text("<h1>Không tìm thấy trang</h1><script>var a_b = 1;</script>")) == []


def _file_name(response) -> str:
    header = response.get("Content-Disposition", "")
    utf8 = re.search(r"filename\*=UTF-8''([^;]+)", header)
    if utf8:
        return unquote(utf8.group(1))
    plain = re.search(r'filename="([^"]*)"', header)
    return plain.group(1) if plain else ""


def _pages(world, persona: str):
    """(pattern, url) of every GET page the persona may open, with real ids of its side of the world."""
    side = SIDE[persona]
    values: dict[str, Value] = {}
    for pattern in PATTERNS:
        if pattern.is_api:
            continue  # JSON for programs, not pages for people
        for kwarg in pattern.kwargs:
            if kwarg not in values:
                values[kwarg] = kwarg_value(kwarg, world, side)
        if persona != "admin" and not all(persona in values[k].audience for k in pattern.kwargs):
            continue
        yield pattern, build_url(pattern, {k: values[k].value for k in pattern.kwargs})


def _admin_pages():
    """The admin's index, and each registered model's list, add form and first record's form."""
    yield "admin:index", reverse("admin:index")
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        yield "admin:changelist", reverse("admin:{}_{}_changelist".format(*info))
        yield "admin:add", reverse("admin:{}_{}_add".format(*info))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield "admin:change", reverse("admin:{}_{}_change".format(*info), args=[first.pk])


def _unknown(name: str, found: list[str]) -> list[str]:
    return [item for item in found if (name, item) not in KNOWN_ELSEWHERE]


def _is_text(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_shows_english(client, world, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    if persona == "anonymous":
        urls = [("login", "/accounts/login/"), ("missing", "/khong-co-trang-nay/")]
    else:
        client.force_login(world.admin if persona == "admin" else persona_user(world, persona))
        urls = [(p.name, url) for p, url in _pages(world, persona)]
        if persona == "admin":
            urls += list(_admin_pages())
        urls.append(("missing", "/khong-co-trang-nay/"))
    assert len(urls) > (1 if persona == "anonymous" else 20)
    user_names = frozenset(get_user_model().objects.values_list("username", flat=True))
    errors, english = [], {}
    for name, url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url} ({name}): {response.status_code}")
            continue
        if is_post_only(response):
            continue
        if response.has_header("Content-Disposition"):
            filename = _file_name(response)
            found = _unknown(name, english_in(filename.replace("-", " ").replace(".", " . ")))
            if found:
                english[f"{url} (file name {filename})"] = found
        if _is_text(response) and not response.streaming:
            text = visible_text(response.content.decode(response.charset or "utf-8", errors="replace"))
            codes_edited = any(url.startswith(page) for page in CODES_EDITED_HERE)
            found = _unknown(name, english_in(text, user_names, codes=not codes_edited))
            if found:
                english[f"{url} ({name})"] = found
    assert not errors, f"Pages answering 5xx as {persona}: {errors}"
    assert not english, f"English or raw codes shown to {persona}:\n" + "\n".join(
        f"  {url}: {found}" for url, found in sorted(english.items())
    )
